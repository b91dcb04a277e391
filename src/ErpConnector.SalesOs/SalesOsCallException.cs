namespace ErpConnector.SalesOs;

/// <summary>What went wrong with a SalesOS call, so the caller knows whether to wait, retry or ask a person.</summary>
public enum SalesOsFailure
{
    /// <summary>401 with a token just issued, or the token endpoint refused the client: revoked or deleted API client,
    /// wrong audience or secret. A person fixes the credential; retrying alone will not help.</summary>
    CredentialBroken,
    /// <summary>403: the API client lacks the scope the call needs (<see cref="SalesOsCallException.Scope"/>).</summary>
    MissingScope,
    /// <summary>429 with a <c>Retry-After</c> longer than the call waits inline; try again at <see cref="SalesOsCallException.RetryAt"/>.</summary>
    RateLimited,
    /// <summary>5xx, timeout or no connection: retry with back-off (the call may or may not have been applied;
    /// every write the connector makes is idempotent).</summary>
    Unavailable,
    /// <summary>Another 4xx (404, 409, 422): SalesOS refused this request as it is; log it and fix the mapping or data.</summary>
    Rejected,
}

/// <summary>A SalesOS call that did not succeed. Carries SalesOS's error body (<c>code</c>, <c>message</c>,
/// <c>details</c>, <c>request_id</c>) so support can be asked about it.</summary>
public sealed class SalesOsCallException(string operation, SalesOsFailure failure, int? httpStatus, SalesOsError? error, string message, Exception? inner = null)
    : Exception($"SalesOS {operation}: {message}", inner)
{
    public string Operation { get; } = operation;
    public SalesOsFailure Failure { get; } = failure;
    public int? HttpStatus { get; } = httpStatus;
    public SalesOsError? Error { get; } = error;

    /// <summary>For <see cref="SalesOsFailure.MissingScope"/>: the scope the call needs.</summary>
    public string? Scope { get; init; }

    /// <summary>For <see cref="SalesOsFailure.RateLimited"/>: not before this.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>One line for a ledger or a log: status, SalesOS's code and message, its request id.</summary>
    public string Summary => $"{Failure}{(HttpStatus is { } s ? $" (HTTP {s})" : "")}: {Message}{(Error is { } e ? $"; SalesOS said {e}" : "")}";
}

/// <summary>SalesOS's error body. UNCONFIRMED exact envelope: read flat or under <c>error</c>.</summary>
public sealed record SalesOsError(string? Code, string? Message, IReadOnlyList<string> Details, string? RequestId)
{
    public override string ToString() =>
        $"{Code ?? "no code"}: {Message ?? "no message"}{(Details.Count > 0 ? " [" + string.Join("; ", Details) + "]" : "")}{(RequestId is null ? "" : $" (request_id {RequestId})")}";
}
