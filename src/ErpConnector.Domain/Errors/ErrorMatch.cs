namespace ErpConnector.Domain.Errors;

/// <summary>A row's <c>match</c>: every condition given must hold; a list condition holds when any of its values does. No condition at all matches everything (the final catch-all).</summary>
public sealed class ErrorMatch
{
    private readonly CodeMatcher? _code;
    private readonly TablePattern? _message;
    private readonly int[] _httpStatus;
    private readonly string[] _rpsStatus;

    internal ErrorMatch(ErrorSource? source, string? faultCode, string? cityCode, string? messagePattern,
        int[] httpStatus, string[] rpsStatus)
    {
        Source = source;
        FaultCode = faultCode;
        CityCode = cityCode;
        MessagePattern = messagePattern;
        _httpStatus = httpStatus;
        _rpsStatus = rpsStatus;
        // faultCode and cityCode both test the observed code; the reader lets a row carry only one.
        var code = faultCode ?? cityCode;
        _code = code is null ? null : CodeMatcher.Parse(code);
        _message = messagePattern is null ? null : TablePattern.Parse(messagePattern);
    }

    /// <summary>Where the error must come from; null for any source.</summary>
    public ErrorSource? Source { get; }
    /// <summary>Omie's fault code (e.g. <c>SOAP-ENV:Client-5002</c>): exact and case-insensitive, or a regex when it starts
    /// with <c>^</c>. A row has this or <see cref="CityCode"/>, not both.</summary>
    public string? FaultCode { get; }
    /// <summary>The city's or national system's code (e.g. <c>E0310</c>), read like <see cref="FaultCode"/>. A row has
    /// this or <see cref="FaultCode"/>, not both.</summary>
    public string? CityCode { get; }
    /// <summary>A case-insensitive regex the message must match, as written in the table; null for any message.</summary>
    public string? MessagePattern { get; }
    /// <summary>HTTP statuses of which the observed one must be one; empty for any (or none).</summary>
    public IReadOnlyList<int> HttpStatus => _httpStatus;
    /// <summary>RPS statuses (<c>001</c>..<c>005</c>) of which the observed one must be one; empty for any.</summary>
    public IReadOnlyList<string> RpsStatus => _rpsStatus;

    /// <summary>No condition at all: the row matches every error. The table must end with one.</summary>
    public bool IsCatchAll =>
        Source is null && _code is null && _message is null && _httpStatus.Length == 0 && _rpsStatus.Length == 0;

    /// <summary>Cheapest tests first; the caller passes the code already trimmed.</summary>
    internal bool Matches(ErrorObservation observation, string code, string message)
    {
        if (Source is { } source && source != observation.Source)
            return false;
        if (_httpStatus.Length > 0 && (observation.HttpStatus is not { } status || Array.IndexOf(_httpStatus, status) < 0))
            return false;
        if (_rpsStatus.Length > 0 && !HasRpsStatus(observation.RpsStatus))
            return false;
        if (_code is not null && !_code.IsMatch(code))
            return false;
        return _message is null || _message.IsMatch(message);
    }

    private bool HasRpsStatus(string? status)
    {
        if (status is null)
            return false;
        var trimmed = status.AsSpan().Trim();
        foreach (var candidate in _rpsStatus)
            if (trimmed.Equals(candidate, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }
}
