namespace ErpConnector.Sandbox.Omie;

/// <summary>A refusal Omie expresses as <c>{"faultstring","faultcode"}</c>. Thrown so validation can stop anywhere.</summary>
public sealed class OmieFault(string faultCode, string faultString, int httpStatus = StatusCodes.Status500InternalServerError, bool throttle = false)
    : Exception(faultString)
{
    public string FaultCode { get; } = faultCode;
    public string FaultString { get; } = faultString;
    public int HttpStatus { get; } = httpStatus;

    /// <summary>Consumption-control faults are counted: a well-behaved connector must never provoke one.</summary>
    public bool Throttle { get; } = throttle;
}

/// <summary>HTTP 429 from Omie's gateway: not a fault body (UNCONFIRMED: body assumed plain text), so a type of its own.</summary>
public sealed class TooManyRequests(int retryAfterSeconds) : Exception("Too many Requests")
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
