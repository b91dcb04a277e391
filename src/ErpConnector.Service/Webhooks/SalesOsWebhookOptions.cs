using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Webhooks;

/// <summary>Bound from "Webhooks:SalesOS".</summary>
public sealed class SalesOsWebhookOptions
{
    public const string SectionName = "Webhooks:SalesOS";

    /// <summary>Shared HMAC-SHA256 secret SalesOS signs deliveries with. Secret; never logged.
    /// Empty: the endpoint answers 503 (not configured).</summary>
    public string Secret { get; set; } = "";

    /// <summary>A delivery whose <c>createdAt</c> is further than this from now (either way) is refused as stale.
    /// Delivery ids are remembered well beyond it, so a replay is either stale or a duplicate.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class SalesOsWebhookOptionsValidation : IValidateOptions<SalesOsWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, SalesOsWebhookOptions options)
    {
        var errors = new List<string>();
        if (options.Secret.Length is > 0 and < 16)
            errors.Add($"{SalesOsWebhookOptions.SectionName}:Secret must be at least 16 characters (or empty to disable the webhook).");
        if (options.Tolerance <= TimeSpan.Zero || options.Tolerance > TimeSpan.FromHours(24))
            errors.Add($"{SalesOsWebhookOptions.SectionName}:Tolerance must be between 00:00:01 and 1.00:00:00.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
