using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Security;

/// <summary>
/// Authenticates <c>X-Api-Key</c> against the SHA-256 hashes in <c>Security:ApiKeys</c> (<see cref="ApiKeyVerifier"/>). The key
/// itself is never logged or kept; the caller is known by the key's configured name.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ApiKeyVerifier verifier,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>HttpContext.Items key telling the 401 writer why a presented credential was refused.</summary>
    public const string FailureItem = "erpconnector.auth.failure";

    private readonly ILogger _log = loggerFactory.CreateLogger<ApiKeyAuthenticationHandler>();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
            return Task.FromResult(AuthenticateResult.NoResult());
        var presented = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrEmpty(presented))
            return Task.FromResult(Fail("The X-Api-Key header must hold exactly one non-empty key."));

        var match = verifier.Find(presented);
        if (match is null)
        {
            LogRejected(Request.Method, Request.Path);
            return Task.FromResult(Fail("The API key is not valid."));
        }

        var claims = ApiKeyVerifier.ClaimsOf(match);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    private AuthenticateResult Fail(string reason)
    {
        Context.Items[FailureItem] = reason;
        return AuthenticateResult.Fail(reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an unknown API key on {Method} {Path}")]
    private partial void LogRejected(string method, string path);
}
