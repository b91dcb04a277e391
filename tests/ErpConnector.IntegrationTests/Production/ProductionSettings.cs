using System.Security.Cryptography;
using System.Text;
using ErpConnector.Service.Security;

namespace ErpConnector.IntegrationTests.Production;

/// <summary>
/// Credentials and secrets the integration fixture configures on the connector: an admin key with every scope
/// (the fixture's <c>Api</c> client sends it), one key per single scope, a JWT signing key and the SalesOS
/// webhook secret. Keys are configured only as SHA-256 hashes, as in production.
/// </summary>
public static class ProductionSettings
{
    public const string AdminKey = "it-admin-key-6f1c2b9e4d7a4c0f9b3e8d2a1c5f7e90";
    public const string WebhookSecret = "it-salesos-webhook-secret-3b7d91c4e2f0";
    public const string JwtSigningKey = "it-jwt-signing-key-0123456789abcdef-0123456789";
    public const string JwtIssuer = "https://salesos-it.example/";
    public const string JwtAudience = "erp-connector-it";
    /// <summary>The Omie webhook's path token (<c>/webhooks/omie/{token}</c>).</summary>
    public const string OmieWebhookToken = "it-omie-webhook-token-8e3f1a6c2b9d4e70";

    /// <summary>The SalesOS API client's secret (client credentials): the sandbox's, which SalesOsFixture configures.</summary>
    public const string SalesOsClientSecret = "sandbox-salesos-secret";

    /// <summary>One key per scope: "it-key-deals:read" etc.</summary>
    public static string KeyFor(string scope) => $"it-key-{scope}-5d2e8f14a7c3";

    public static IReadOnlyList<string> Secrets => [AdminKey, WebhookSecret, JwtSigningKey, "sandbox-app-secret", OmieWebhookToken, SalesOsClientSecret, .. ApiScopes.All.Select(KeyFor)];

    public static Dictionary<string, string?> Configuration
    {
        get
        {
            var c = new Dictionary<string, string?>
            {
                ["Security:ApiKeys:0:Name"] = "integration-admin",
                ["Security:ApiKeys:0:Sha256"] = Sha256(AdminKey),
                ["Security:Jwt:SigningKey"] = JwtSigningKey,
                ["Security:Jwt:Issuer"] = JwtIssuer,
                ["Security:Jwt:Audience"] = JwtAudience,
                ["Webhooks:SalesOS:Secret"] = WebhookSecret,
                ["Webhooks:SalesOS:Tolerance"] = "00:05:00",
                ["Webhooks:Omie:Token"] = OmieWebhookToken,
                ["Webhooks:Omie:SweepInterval"] = "00:00:00.500",
                // Reachability of the simulator, re-probed at most every 2 s.
                ["Observability:OmieProbeCacheFor"] = "00:00:02",
            };
            for (var i = 0; i < ApiScopes.All.Count; i++)
                c[$"Security:ApiKeys:0:Scopes:{i}"] = ApiScopes.All[i];
            for (var i = 0; i < ApiScopes.All.Count; i++)
            {
                var scope = ApiScopes.All[i];
                c[$"Security:ApiKeys:{i + 1}:Name"] = $"integration-{scope.Replace(':', '-')}";
                c[$"Security:ApiKeys:{i + 1}:Sha256"] = Sha256(KeyFor(scope));
                c[$"Security:ApiKeys:{i + 1}:Scopes:0"] = scope;
            }
            return c;
        }
    }

    public static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
