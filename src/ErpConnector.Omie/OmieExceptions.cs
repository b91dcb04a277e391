namespace ErpConnector.Omie;

/// <summary>Omie answered with a fault body (<c>faultcode</c>/<c>faultstring</c>).</summary>
public sealed class OmieFaultException(string method, int httpStatus, string faultCode, string faultString)
    : Exception($"Omie {method} fault {faultCode} (HTTP {httpStatus}): {faultString}")
{
    public string Method { get; } = method;
    public int HttpStatus { get; } = httpStatus;
    public string FaultCode { get; } = faultCode;
    public string FaultString { get; } = faultString;
}

/// <summary>No usable answer from Omie (timeout, dropped connection, HTTP error without a fault body).
/// Always ambiguous: the call may or may not have been applied.</summary>
public sealed class OmieTransportException(string method, int? httpStatus, string message, Exception? inner = null)
    : Exception($"Omie {method}: {message}", inner)
{
    public string Method { get; } = method;
    public int? HttpStatus { get; } = httpStatus;
}
