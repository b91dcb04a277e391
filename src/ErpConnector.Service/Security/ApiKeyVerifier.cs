using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Security;

/// <summary>
/// Finds the configured key (<c>Security:ApiKeys</c>) a presented API key stands for. Every configured hash is
/// compared in constant time (no early exit), so timing tells nothing about how close a guess was. Used by the
/// X-Api-Key handler and by the console's sign-in form, so both accept exactly the same keys.
/// </summary>
public sealed class ApiKeyVerifier(IOptionsMonitor<SecurityOptions> security)
{
    /// <summary>The configured key, or null when none matches.</summary>
    public ApiKeyOptions? Find(string presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);

        ApiKeyOptions? match = null;
        foreach (var key in security.CurrentValue.ApiKeys)
        {
            var expected = HexText.TryParse(key.Sha256);
            if (expected is null || expected.Length != hash.Length) continue;
            if (CryptographicOperations.FixedTimeEquals(hash, expected) && match is null)
                match = key;
        }
        return match;
    }

    /// <summary>The caller as the key's name plus one <c>scope</c> claim per scope.</summary>
    public static List<Claim> ClaimsOf(ApiKeyOptions key)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new("auth_method", "api-key") };
        claims.AddRange(key.Scopes.Select(s => new Claim(ApiScopes.ClaimType, s)));
        return claims;
    }
}
