using System.Security.Claims;
using ErpConnector.Service.Console.Actions;
using ErpConnector.Service.Console.Text;
using ErpConnector.Service.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace ErpConnector.Service.Console.Sessions;

/// <summary>Sign-in with an API key (checked by the same <see cref="ApiKeyVerifier"/> as the X-Api-Key header),
/// sign-in through OpenID Connect when configured, sign-out, and the language switch.</summary>
public static class ConsoleSessionEndpoints
{
    public static IEndpointRouteBuilder MapConsoleSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/console/sign-in", async ([FromForm] string? key, [FromForm] string? returnUrl, ApiKeyVerifier verifier,
            ConsoleAudit audit, HttpContext http) =>
        {
            var match = string.IsNullOrWhiteSpace(key) || key.Length > 512 ? null : verifier.Find(key.Trim());
            if (match is null)
            {
                await audit.RecordAsync("unknown", "sign-in", "console", "refused");
                return Results.Redirect("/console/sign-in?failed=1" + (LocalOrNull(returnUrl) is { } back ? "&returnUrl=" + Uri.EscapeDataString(back) : ""));
            }
            var identity = new ClaimsIdentity(ApiKeyVerifier.ClaimsOf(match), ConsoleAccess.CookieScheme, ClaimTypes.Name, ClaimTypes.Role);
            await http.SignInAsync(ConsoleAccess.CookieScheme, new ClaimsPrincipal(identity));
            await audit.RecordAsync(match.Name, "sign-in", "console", "signed-in");
            return Results.Redirect(LocalOrNull(returnUrl) ?? "/console");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/console/sign-in/oidc", (string? returnUrl, IAuthenticationSchemeProvider schemes) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrNull(returnUrl) ?? "/console" }, [ConsoleAccess.OidcScheme]))
            .AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/console/sign-out", async ([FromForm] string? unused, ConsoleAudit audit, HttpContext http) =>
        {
            if (http.User.Identity?.IsAuthenticated == true) await audit.RecordAsync(http.User.Who(), "sign-out", "console", "signed-out");
            await http.SignOutAsync(ConsoleAccess.CookieScheme);
            return Results.Redirect("/console/sign-in?signedOut=1");
        }).RequireAuthorization(ConsoleAccess.SignedIn).ExcludeFromDescription();

        app.MapGet("/console/language/{code}", (string code, string? returnUrl, HttpContext http) =>
        {
            http.Response.Cookies.Append(ConsoleText.LanguageCookie, code == "en" ? "en" : "pt-BR", new CookieOptions
            {
                Path = "/console", HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), Secure = http.Request.IsHttps,
            });
            return Results.Redirect(LocalOrNull(returnUrl) ?? "/console");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Only a path inside the console: never an open redirect to another site.</summary>
    public static string? LocalOrNull(string? url) =>
        url is { Length: > 0 and < 2048 } && url.StartsWith("/console", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Contains('\\', StringComparison.Ordinal) ? url : null;
}
