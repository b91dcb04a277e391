using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ErpConnector.Omie;

/// <summary>
/// Settings of the Omie client, bound from the <c>"Omie"</c> configuration section.
/// Rate-limit defaults are Omie's published limits (help article on consumption limits).
/// </summary>
public sealed class OmieOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Omie";

    public const string DefaultBaseUrl = "https://app.omie.com.br/api/v1/";

    /// <summary>Absolute http(s) URL ending in <c>/api/v1/</c> (a missing trailing slash is added).
    /// The simulator is used by pointing this at it.</summary>
    [Required]
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    [Required]
    public string AppKey { get; set; } = "";

    /// <summary>Never logged.</summary>
    [Required]
    public string AppSecret { get; set; } = "";

    /// <summary>Per HTTP call (connect + send + read the answer). A timeout is ambiguous (OmieTransportException).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Omie: 960 requests/minute per IP.</summary>
    [Range(1, int.MaxValue)]
    public int RequestsPerMinutePerIp { get; set; } = 960;

    /// <summary>Token-bucket burst for the per-IP limit; the bucket refills at (limit − burst)/minute so that no
    /// 60-second window ever holds more than <see cref="RequestsPerMinutePerIp"/> calls.</summary>
    [Range(1, int.MaxValue)]
    public int BurstPerIp { get; set; } = 32;

    /// <summary>Omie: 240 requests/minute per IP + app_key + method.</summary>
    [Range(1, int.MaxValue)]
    public int RequestsPerMinutePerMethod { get; set; } = 240;

    /// <summary>Token-bucket burst for the per-method limit (see <see cref="BurstPerIp"/>).</summary>
    [Range(1, int.MaxValue)]
    public int BurstPerMethod { get; set; } = 8;

    /// <summary>Omie: at most 4 simultaneous requests per IP + app_key + method.</summary>
    [Range(1, int.MaxValue)]
    public int MaxConcurrentPerMethod { get; set; } = 4;

    /// <summary>Per-method overrides of <see cref="MaxConcurrentPerMethod"/> ("some methods allow 1"; which ones is
    /// UNCONFIRMED, so none is set by default). Keys are Omie call names, e.g. <c>"Omie:MaxConcurrentByMethod:FaturarOS": 1</c>.</summary>
    public Dictionary<string, int> MaxConcurrentByMethod { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Calls allowed to wait in each limiter queue; past this a call fails with <see cref="OmieThrottledException"/>.</summary>
    [Range(1, int.MaxValue)]
    public int QueueLimit { get; set; } = 10_000;

    /// <summary>The longest a call may wait before it is sent — for its record locks, a pause of the app_key, a
    /// concurrency slot and rate tokens together. Past it the call gives up without sending anything
    /// (<see cref="OmieThrottledException"/>). Keep it below the deal lease (the service checks
    /// <c>DealProcessing:Lease</c>): a call that waits longer could be sent after another worker took the deal over.</summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause applied on MISUSE_API_PROCESS ("consumo indevido") when the fault names no seconds
    /// (Omie's help says about 30 minutes; UNCONFIRMED).</summary>
    public TimeSpan DefaultBlockDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest wait honoured from an Omie message or Retry-After header, both for the pause of the
    /// app_key and for a deal's next attempt (the error classifier's WaitUntil). "Tente novamente em 999999999
    /// segundos" must not stop every call for decades; a capped wait is logged as a Warning.</summary>
    public TimeSpan MaxStatedWait { get; set; } = ErpConnector.Domain.Errors.StatedWaitLimit.DefaultLongest;

    /// <summary>The concurrency limit that applies to <paramref name="method"/>.</summary>
    public int GetMaxConcurrent(string method)
    {
        foreach (var (name, limit) in MaxConcurrentByMethod)
            if (string.Equals(name, method, StringComparison.OrdinalIgnoreCase)) return limit;
        return MaxConcurrentPerMethod;
    }

    /// <summary>Every problem with <paramref name="options"/>; empty when valid. DataAnnotations plus the rules
    /// attributes cannot say (absolute http(s) URL, burst within the limit, positive timeout).</summary>
    public static IReadOnlyList<string> Validate(OmieOptions? options)
    {
        if (options is null) return ["Omie options are missing."];
        var errors = new List<string>();

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        errors.AddRange(results.Select(r => $"{SectionName}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));

        if (!string.IsNullOrWhiteSpace(options.BaseUrl)
            && (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            errors.Add($"{SectionName}:{nameof(BaseUrl)} must be an absolute http(s) URL (got '{options.BaseUrl}').");
        if (options.Timeout <= TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(Timeout)} must be positive.");
        if (options.DefaultBlockDuration <= TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(DefaultBlockDuration)} must be positive.");
        if (options.MaxQueueWait <= TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(MaxQueueWait)} must be positive.");
        if (options.MaxStatedWait <= TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(MaxStatedWait)} must be positive.");
        else if (options.DefaultBlockDuration > options.MaxStatedWait)
            errors.Add($"{SectionName}:{nameof(DefaultBlockDuration)} must not exceed {nameof(MaxStatedWait)}.");
        if (options.BurstPerIp > options.RequestsPerMinutePerIp)
            errors.Add($"{SectionName}:{nameof(BurstPerIp)} must not exceed {nameof(RequestsPerMinutePerIp)}.");
        if (options.BurstPerMethod > options.RequestsPerMinutePerMethod)
            errors.Add($"{SectionName}:{nameof(BurstPerMethod)} must not exceed {nameof(RequestsPerMinutePerMethod)}.");
        foreach (var (method, limit) in options.MaxConcurrentByMethod)
            if (limit < 1) errors.Add($"{SectionName}:{nameof(MaxConcurrentByMethod)}:{method} must be at least 1.");
        return errors;
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public static void ValidateOrThrow(OmieOptions? options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
            throw new OptionsValidationException(SectionName, typeof(OmieOptions), errors);
    }
}

/// <summary>Runs <see cref="OmieOptions.Validate"/> for the options system (with ValidateOnStart in AddOmieClient).</summary>
public sealed class OmieOptionsValidator : IValidateOptions<OmieOptions>
{
    public ValidateOptionsResult Validate(string? name, OmieOptions options)
    {
        var errors = OmieOptions.Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
