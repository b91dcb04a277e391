namespace ErpConnector.Omie;

/// <summary>Omie answered with a fault body (<c>faultcode</c>/<c>faultstring</c>).</summary>
/// <remarks>
/// Also used for definite refusals without a fault body: HTTP 429 (<c>HTTP-429</c>) and other 3xx/4xx answers
/// (<c>HTTP-&lt;status&gt;</c>). In every case Omie answered, so the call was NOT applied — except for
/// <see cref="OmieFaultKind.Redundant"/> and <see cref="OmieFaultKind.DuplicateInFlight"/>, where an earlier
/// identical call may have been (query before resending).
/// </remarks>
public sealed class OmieFaultException(string method, int httpStatus, string faultCode, string faultString)
    : Exception($"Omie {method} fault {faultCode} (HTTP {httpStatus}): {faultString}")
{
    private OmieFaultKind? _kind;

    public string Method { get; } = method;
    public int HttpStatus { get; } = httpStatus;
    public string FaultCode { get; } = faultCode;
    public string FaultString { get; } = faultString;

    /// <summary>What the fault means, classified from faultcode, faultstring text and HTTP status
    /// (see <see cref="OmieFaultText.Classify"/>).</summary>
    public OmieFaultKind Kind => _kind ??= OmieFaultText.Classify(FaultCode, FaultString, HttpStatus);

    // No retry time here on purpose: when to try again is decided in one place each — the error classifier's
    // WaitUntil for a deal, OmieRateLimiter.PausedUntil for a blocked app_key — both under Omie:MaxStatedWait.
}

/// <summary>No usable answer from Omie (timeout, dropped connection, HTTP error without a fault body).
/// Always ambiguous: the call may or may not have been applied.</summary>
public sealed class OmieTransportException(string method, int? httpStatus, string message, Exception? inner = null)
    : Exception($"Omie {method}: {message}", inner)
{
    public string Method { get; } = method;
    public int? HttpStatus { get; } = httpStatus;
}

/// <summary>The call never left the process: the local rate-limit/concurrency queue for the method is full
/// (<see cref="OmieOptions.QueueLimit"/>), or the call waited longer than <see cref="OmieOptions.MaxQueueWait"/> for
/// its turn. Not ambiguous: nothing was sent; safe to retry later.</summary>
public sealed class OmieThrottledException(string method, string message)
    : Exception($"Omie {method}: {message}")
{
    public string Method { get; } = method;
}
