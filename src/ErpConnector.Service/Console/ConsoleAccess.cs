using System.Security.Claims;
using ErpConnector.Service.Security;

namespace ErpConnector.Service.Console;

/// <summary>The console's schemes and policies: a cookie session started from an API key (or OpenID Connect), and one
/// policy per API scope, so a page shows only the buttons the person's scopes allow and the action endpoints refuse
/// the rest with 403 whatever the browser sends.</summary>
public static class ConsoleAccess
{
    public const string CookieScheme = "Console";
    public const string OidcScheme = "ConsoleOidc";
    public const string SignedIn = "console";

    public static string Policy(string scope) => "console:" + scope;

    public static bool Can(this ClaimsPrincipal user, string scope) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(ApiScopes.ClaimType, scope);

    /// <summary>The audit's "who": the key's name or the identity provider's subject.</summary>
    public static string Who(this ClaimsPrincipal user) =>
        user.Identity?.Name is { Length: > 0 } name ? name
        : user.FindFirst("email")?.Value ?? user.FindFirst("sub")?.Value ?? "unknown";
}
