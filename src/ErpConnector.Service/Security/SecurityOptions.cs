using System.Globalization;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Security;

/// <summary>Bound from "Security". Keys are stored only as SHA-256 hashes; see README "Access control".</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Largest request body accepted, in bytes; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

public sealed class ApiKeyOptions
{
    /// <summary>Who holds the key (shown in logs and as the caller's name; never the key itself).</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower- or upper-case hex of SHA-256 over the key's UTF-8 bytes (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string Sha256 { get; set; } = "";

    public List<string> Scopes { get; set; } = [];
}

/// <summary>Optional JWT bearer tokens (e.g. Auth0). Enabled when Authority or SigningKey is set.</summary>
public sealed class JwtOptions
{
    /// <summary>OpenID Connect authority whose discovery document and keys validate tokens, e.g. https://tenant.auth0.com/.</summary>
    public string? Authority { get; set; }

    /// <summary>Expected <c>iss</c>; defaults to Authority.</summary>
    public string? Issuer { get; set; }

    /// <summary>Expected <c>aud</c> (the API identifier in Auth0). Required when JWTs are enabled.</summary>
    public string? Audience { get; set; }

    /// <summary>Shared HMAC key (HS256) instead of an authority: for tests and closed setups. Secret.</summary>
    public string? SigningKey { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}

/// <summary>Start-up validation naming the bad key, e.g. <c>Security:ApiKeys:1:Scopes:0</c>.</summary>
public sealed class SecurityOptionsValidation : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var prefix = $"{SecurityOptions.SectionName}:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
                errors.Add($"{prefix}:Name is required (who holds the key).");
            else if (!names.Add(key.Name))
                errors.Add($"{prefix}:Name '{key.Name}' is used by another key.");
            if (!IsSha256Hex(key.Sha256))
                errors.Add($"{prefix}:Sha256 must be the 64 hex digits of SHA-256 over the key (printf %s \"$KEY\" | sha256sum), not the key itself.");
            else if (!hashes.Add(key.Sha256))
                errors.Add($"{prefix}:Sha256 is the same key as another entry.");
            if (key.Scopes.Count == 0)
                errors.Add($"{prefix}:Scopes needs at least one of: {string.Join(", ", ApiScopes.All)}.");
            for (var s = 0; s < key.Scopes.Count; s++)
                if (!ApiScopes.IsKnown(key.Scopes[s]))
                    errors.Add($"{prefix}:Scopes:{s} '{key.Scopes[s]}' is not a scope; use one of: {string.Join(", ", ApiScopes.All)}.");
        }

        var jwt = options.Jwt;
        if (jwt.Enabled)
        {
            if (string.IsNullOrWhiteSpace(jwt.Audience))
                errors.Add($"{SecurityOptions.SectionName}:Jwt:Audience is required when JWTs are enabled (Authority or SigningKey set).");
            if (!string.IsNullOrWhiteSpace(jwt.Authority) && !Uri.TryCreate(jwt.Authority, UriKind.Absolute, out _))
                errors.Add($"{SecurityOptions.SectionName}:Jwt:Authority must be an absolute URL, e.g. https://tenant.auth0.com/.");
            if (string.IsNullOrWhiteSpace(jwt.Authority) && string.IsNullOrWhiteSpace(jwt.Issuer))
                errors.Add($"{SecurityOptions.SectionName}:Jwt:Issuer is required with Jwt:SigningKey (no Authority to take it from).");
            if (!string.IsNullOrWhiteSpace(jwt.SigningKey) && jwt.SigningKey.Length < 32)
                errors.Add($"{SecurityOptions.SectionName}:Jwt:SigningKey must be at least 32 characters (HS256).");
        }
        if (options.MaxRequestBodyBytes < 1024)
            errors.Add($"{SecurityOptions.SectionName}:MaxRequestBodyBytes must be at least 1024.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsSha256Hex(string? value) =>
        value is { Length: 64 } && value.All(char.IsAsciiHexDigit);
}

internal static class HexText
{
    public static byte[]? TryParse(string? hex)
    {
        if (hex is null || hex.Length % 2 != 0) return null;
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string Lower(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
