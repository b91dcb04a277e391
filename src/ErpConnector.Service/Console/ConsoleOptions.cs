using System.ComponentModel.DataAnnotations;

namespace ErpConnector.Service.Console;

/// <summary>Bound from "Console".</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>A session ends after this long without a request (sliding: every request renews it).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Console:SessionIdleTimeout must be between 1 minute and 7 days.")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Mark the session cookie Secure. Unset: Secure unless every listen address is loopback (make run).</summary>
    public bool? SecureCookies { get; set; }

    public ConsoleOidcOptions Oidc { get; set; } = new();
}

/// <summary>The console's OpenID Connect client at Security:Jwt:Authority (used only when that is set).</summary>
public sealed class ConsoleOidcOptions
{
    public string ClientId { get; set; } = "erp-connector-console";

    /// <summary>Secret; confidential clients only (PKCE is always used).</summary>
    public string? ClientSecret { get; set; }
}
