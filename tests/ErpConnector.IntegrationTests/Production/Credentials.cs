using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ErpConnector.IntegrationTests.Production;

/// <summary>HTTP clients with a given credential, and JWTs as an Auth0-like issuer would mint them.</summary>
public static class Credentials
{
    public static HttpClient WithApiKey(Uri baseAddress, string? key)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static HttpClient WithBearer(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public static string Jwt(string scope, string? audience = null, string? signingKey = null, TimeSpan? lifetime = null, bool asPermissions = false)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = "auth0|it-operator" };
        if (asPermissions) claims["permissions"] = scope.Split(' ');
        else claims["scope"] = scope;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ProductionSettings.JwtIssuer,
            Audience = audience ?? ProductionSettings.JwtAudience,
            Claims = claims,
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now,
            NotBefore = expires < now ? expires.AddMinutes(-10) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey ?? ProductionSettings.JwtSigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
