using Microsoft.Extensions.Options;

namespace ErpConnector.SalesOs;

/// <summary>Bound from "SalesOS": how the connector reaches SalesOS's API (OAuth2 client credentials, Auth0).</summary>
public sealed class SalesOsOptions
{
    public const string SectionName = "SalesOS";

    /// <summary>Auth0 token endpoint (client-credentials grant).</summary>
    public string TokenUrl { get; set; } = "https://auth.play2sell.com/oauth/token";

    /// <summary>The API client's id (Admin &gt; Integrations &gt; API Keys). Empty: the connector does not call SalesOS
    /// (no write-back, no catch-up).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The API client's secret. Secret; never logged.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The audience the token is asked for; a token for another audience is a valid JWT SalesOS rejects (401).</summary>
    public string Audience { get; set; } = "https://api.play2sell.com";

    /// <summary>The API's base URL (staging has its own).</summary>
    public string BaseUrl { get; set; } = "https://api.play2sell.com/v1/";

    /// <summary>One HTTP call's limit; past it the call counts as "SalesOS unavailable" and is retried durably.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A cached token is replaced this long before it expires (tokens live 24 h), so no call carries a token
    /// that expires on the way.</summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A 429's <c>Retry-After</c> up to this long is waited out inside the call; a longer one fails the call
    /// with its retry time, and the caller (the outbox, the catch-up) tries again then. Every call of the process
    /// waits for it either way.</summary>
    public TimeSpan MaxInlineRetryAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The API client is configured (an id and a secret).</summary>
    public bool IsConfigured => ClientId.Length > 0;
}

public sealed class SalesOsOptionsValidation : IValidateOptions<SalesOsOptions>
{
    public ValidateOptionsResult Validate(string? name, SalesOsOptions o)
    {
        var errors = new List<string>();
        var s = SalesOsOptions.SectionName;
        if (!IsHttpUrl(o.TokenUrl)) errors.Add($"{s}:TokenUrl must be an absolute http(s) URL, e.g. https://auth.play2sell.com/oauth/token.");
        if (!IsHttpUrl(o.BaseUrl)) errors.Add($"{s}:BaseUrl must be an absolute http(s) URL, e.g. https://api.play2sell.com/v1/.");
        if (o.IsConfigured && o.ClientSecret.Length == 0) errors.Add($"{s}:ClientSecret is required when {s}:ClientId is set (give it through the environment: SalesOS__ClientSecret).");
        if (string.IsNullOrWhiteSpace(o.Audience)) errors.Add($"{s}:Audience must not be empty (SalesOS's is https://api.play2sell.com).");
        if (o.Timeout <= TimeSpan.Zero || o.Timeout > TimeSpan.FromMinutes(2)) errors.Add($"{s}:Timeout must be between 00:00:01 and 00:02:00.");
        if (o.RefreshBefore < TimeSpan.Zero || o.RefreshBefore > TimeSpan.FromHours(12)) errors.Add($"{s}:RefreshBefore must be between 00:00:00 and 12:00:00.");
        if (o.MaxInlineRetryAfter < TimeSpan.Zero || o.MaxInlineRetryAfter > TimeSpan.FromMinutes(1)) errors.Add($"{s}:MaxInlineRetryAfter must be between 00:00:00 and 00:01:00.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
