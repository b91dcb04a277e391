using System.Net;
using System.Security.Claims;
using ErpConnector.Service.Console.Actions;
using ErpConnector.Service.Console.Components;
using ErpConnector.Service.Console.Sessions;
using ErpConnector.Service.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Console;

/// <summary>
/// The console at <c>/console</c>: Razor components rendered on the server (static SSR, enhanced navigation and
/// forms, streaming rendering for live progress; no script but ASP.NET Core's own blazor.web.js), a cookie session
/// started from an API key or OpenID Connect, antiforgery on every form, data-protection keys in the ledger.
/// </summary>
public static class ConsoleRegistration
{
    public static IServiceCollection AddConnectorConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var console = configuration.GetSection(ConsoleOptions.SectionName).Get<ConsoleOptions>() ?? new ConsoleOptions();
        var secure = console.SecureCookies ?? !ListensOnlyOnLoopback(configuration);

        services.AddRazorComponents();
        services.AddHttpContextAccessor();
        services.AddSingleton<ConsoleAudit>();
        services.AddSingleton<LedgerKeyRing>();
        services.AddDataProtection().SetApplicationName("ErpConnector");
        services.AddOptions<KeyManagementOptions>().Configure<LedgerKeyRing>((o, ring) => o.XmlRepository = ring);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = ".erp.console.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });

        var security = configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        var auth = services.AddAuthentication().AddCookie(ConsoleAccess.CookieScheme, o =>
        {
            o.Cookie.Name = ".erp.console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure outside localhost: a plain-http cookie only where the browser and the service share the machine.
            o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/console";
            o.ExpireTimeSpan = console.SessionIdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = "/console/sign-in";
            o.LogoutPath = "/console/sign-out";
            o.AccessDeniedPath = "/console/denied";
            o.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = RefreshFromConfiguration,
                // A form post without a session or scope gets a status, not a redirect that would hide the refusal.
                OnRedirectToLogin = c => Refuse(c, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = c => Refuse(c, StatusCodes.Status403Forbidden),
            };
        });
        if (!string.IsNullOrWhiteSpace(security.Jwt.Authority))
            auth.AddOpenIdConnect(ConsoleAccess.OidcScheme, o =>
            {
                o.Authority = security.Jwt.Authority;
                o.ClientId = console.Oidc.ClientId;
                o.ClientSecret = console.Oidc.ClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SignInScheme = ConsoleAccess.CookieScheme;
                o.CallbackPath = "/console/signin-oidc";
                o.SignedOutCallbackPath = "/console/signout-oidc";
                o.RequireHttpsMetadata = security.Jwt.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = "name";
                o.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "email" }.Concat(ApiScopes.All)) o.Scope.Add(scope);
                if (!string.IsNullOrWhiteSpace(security.Jwt.Audience)) o.Resource = security.Jwt.Audience;
                o.Events = new OpenIdConnectEvents { OnTokenValidated = c => { c.Principal = WithScopes(c.Principal!, c.TokenEndpointResponse?.Scope); return Task.CompletedTask; } };
            });

        services.AddAuthorization(o =>
        {
            o.AddPolicy(ConsoleAccess.SignedIn, p => p.AddAuthenticationSchemes(ConsoleAccess.CookieScheme).RequireAuthenticatedUser());
            foreach (var scope in ApiScopes.All)
                o.AddPolicy(ConsoleAccess.Policy(scope), p => p.AddAuthenticationSchemes(ConsoleAccess.CookieScheme).RequireAuthenticatedUser()
                    .RequireClaim(ApiScopes.ClaimType, scope));
        });
        return services;
    }

    /// <summary>Name of the build's static web asset manifests (blazor.web.js from ASP.NET Core, console.css).</summary>
    private const string AssetManifest = "ErpConnector.Service.staticwebassets";

    /// <summary>
    /// Serves blazor.web.js (shipped with ASP.NET Core) and the stylesheet from a build as from a published image: a
    /// build keeps them where the SDK put them (runtime manifest), a publish copies them to wwwroot. The manifests are
    /// named after this assembly, so hosts with another entry assembly (tests) find them too.
    /// </summary>
    public static WebApplicationBuilder AddConsoleAssets(this WebApplicationBuilder builder)
    {
        var runtime = Path.Combine(AppContext.BaseDirectory, AssetManifest + ".runtime.json");
        if (File.Exists(runtime))
        {
            builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, runtime);
            builder.WebHost.UseStaticWebAssets();
        }
        return builder;
    }

    /// <summary>After authentication: antiforgery, the console's pages, its form actions and its stylesheet.</summary>
    public static WebApplication MapConnectorConsole(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapConsoleSessionEndpoints();
        app.MapConsoleActions();
        app.MapConsoleDocuments();
        app.MapConsoleHelp();
        app.MapGet("/console/console.css", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(ConsoleAssets.Stylesheet, "text/css; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
        var endpoints = Path.Combine(AppContext.BaseDirectory, AssetManifest + ".endpoints.json");
        if (File.Exists(endpoints)) app.MapStaticAssets(endpoints).AllowAnonymous();
        app.MapRazorComponents<App>();
        return app;
    }

    private static bool ListensOnlyOnLoopback(IConfiguration configuration)
    {
        var urls = (configuration["Urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://127.0.0.1:5080")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return urls.All(u => Uri.TryCreate(u.Replace("+", "any", StringComparison.Ordinal).Replace("*", "any", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            && (uri.IsLoopback || IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)));
    }

    /// <summary>A session started from an API key follows the key's configuration: a key removed or re-scoped since the
    /// sign-in ends or narrows the session at its next request instead of at its expiry.</summary>
    private static Task RefreshFromConfiguration(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.FindFirst("auth_method")?.Value != "api-key") return Task.CompletedTask;
        var security = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue;
        var key = security.ApiKeys.FirstOrDefault(k => k.Name == context.Principal.Identity?.Name);
        if (key is null)
        {
            context.RejectPrincipal();
            return Task.CompletedTask;
        }
        var granted = context.Principal.FindAll(ApiScopes.ClaimType).Select(c => c.Value).Order().ToArray();
        if (!granted.SequenceEqual(key.Scopes.Order()))
        {
            context.ReplacePrincipal(new ClaimsPrincipal(new ClaimsIdentity(ApiKeyVerifier.ClaimsOf(key), ConsoleAccess.CookieScheme, ClaimTypes.Name, ClaimTypes.Role)));
            context.ShouldRenew = true;
        }
        return Task.CompletedTask;
    }

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            context.Response.Redirect(context.RedirectUri);
        else
            context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>The identity provider's scopes (space-separated "scope" and RBAC "permissions") as one scope claim each.</summary>
    private static ClaimsPrincipal WithScopes(ClaimsPrincipal principal, string? grantedScope)
    {
        var granted = (grantedScope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Concat(principal.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Concat(principal.FindAll("permissions").Select(c => c.Value))
            .Where(ApiScopes.IsKnown).Distinct();
        var claims = principal.Claims.Where(c => c.Type != "scope").ToList();
        claims.AddRange(granted.Select(s => new Claim(ApiScopes.ClaimType, s)));
        claims.Add(new Claim("auth_method", "oidc"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleAccess.OidcScheme, "name", "role"));
    }
}
