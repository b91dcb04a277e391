using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Webhooks.Omie;

/// <summary>Bound from "Webhooks:Omie". Omie signs nothing (UNCONFIRMED), so the URL configured in Omie's developer
/// portal carries <see cref="Token"/>: <c>https://…/webhooks/omie/{token}</c>; the envelope's appKey must also match Omie:AppKey.</summary>
public sealed class OmieWebhookOptions
{
    public const string SectionName = "Webhooks:Omie";

    /// <summary>The secret path segment. Secret; never logged. Empty: the endpoint answers 503 (not configured).</summary>
    public string Token { get; set; } = "";

    /// <summary>How often deliveries recorded but not yet processed (a crash, a busy deal) are picked up.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A delivery that could not be applied this many times is set aside (status abandoned) for an operator.</summary>
    public int MaxAttempts { get; set; } = 50;
}

public sealed class OmieWebhookOptionsValidation : IValidateOptions<OmieWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, OmieWebhookOptions options)
    {
        var errors = new List<string>();
        if (options.Token.Length is > 0 and < 32)
            errors.Add($"{OmieWebhookOptions.SectionName}:Token must be at least 32 characters (or empty to disable the webhook).");
        if (options.Token.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_')))
            errors.Add($"{OmieWebhookOptions.SectionName}:Token may only hold letters, digits, '-' and '_' (it is a URL path segment).");
        if (options.SweepInterval < TimeSpan.FromMilliseconds(100) || options.SweepInterval > TimeSpan.FromMinutes(10))
            errors.Add($"{OmieWebhookOptions.SectionName}:SweepInterval must be between 00:00:00.1 and 00:10:00.");
        if (options.MaxAttempts is < 1 or > 10_000)
            errors.Add($"{OmieWebhookOptions.SectionName}:MaxAttempts must be between 1 and 10000.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
