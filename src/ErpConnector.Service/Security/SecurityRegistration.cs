using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ErpConnector.Service.Security;

public static class SecurityRegistration
{
    /// <summary>Policy for endpoints that only need a valid credential (e.g. /metrics when protected).</summary>
    public const string AuthenticatedPolicy = "authenticated";

    /// <summary>
    /// API keys (X-Api-Key, hashed in configuration) and optional JWT bearer tokens, one policy per scope, and a
    /// fallback policy that puts every <c>/api</c> path behind the scope table of <see cref="ApiScopes"/> while
    /// health, webhook and OpenAPI paths stay open. 401/403 use the API's error shape.
    /// </summary>
    public static IServiceCollection AddConnectorSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidation>());
        services.AddSingleton<ApiKeyVerifier>();
        var security = configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = Math.Max(security.MaxRequestBodyBytes, 1024));

        var auth = services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        string[] schemes = [ApiKeyAuthenticationHandler.SchemeName];
        if (security.Jwt.Enabled)
        {
            auth.AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, o => ConfigureJwt(o, security.Jwt));
            schemes = [ApiKeyAuthenticationHandler.SchemeName, JwtBearerDefaults.AuthenticationScheme];
        }

        services.AddAuthorization(o =>
        {
            foreach (var scope in ApiScopes.All)
                o.AddPolicy(scope, p => p.AddAuthenticationSchemes(schemes).RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope)));
            o.AddPolicy(AuthenticatedPolicy, p => p.AddAuthenticationSchemes(schemes).RequireAuthenticatedUser());
            // Endpoints without their own policy (all of /api today) go through the scope table.
            o.FallbackPolicy = new AuthorizationPolicyBuilder(schemes).AddRequirements(new ApiRouteScopeRequirement()).Build();
        });
        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        return services;
    }

    /// <summary>Body limit first (before anything reads a body), then authentication and authorization.</summary>
    public static IApplicationBuilder UseConnectorSecurity(this IApplicationBuilder app)
    {
        var configured = app.ApplicationServices.GetRequiredService<IConfiguration>().GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        if (configured.ApiKeys.Count == 0 && !configured.Jwt.Enabled)
            app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecurityRegistration))
                .LogWarning("No API key (Security:ApiKeys) and no JWT issuer (Security:Jwt) is configured: every /api request will get 401");
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static void ConfigureJwt(JwtBearerOptions o, JwtOptions jwt)
    {
        // Keep claim names as issued ("scope", "permissions"), not mapped to long WS-* URIs.
        o.MapInboundClaims = false;
        o.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        if (!string.IsNullOrWhiteSpace(jwt.Authority)) o.Authority = jwt.Authority;
        o.Audience = jwt.Audience;
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = string.IsNullOrWhiteSpace(jwt.Issuer) ? jwt.Authority : jwt.Issuer,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = jwt.ClockSkew,
            NameClaimType = "sub",
        };
        if (!string.IsNullOrWhiteSpace(jwt.SigningKey))
        {
            o.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey));
            o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
        o.Events = new JwtBearerEvents
        {
            // Auth0 puts scopes in "scope" (space-separated) and RBAC permissions in "permissions" (array);
            // both become one "scope" claim per scope, so policies treat JWTs and API keys alike.
            OnTokenValidated = context =>
            {
                if (context.Principal is not { } principal) return Task.CompletedTask;
                var granted = principal.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Concat(principal.FindAll("permissions").Select(c => c.Value))
                    .Where(ApiScopes.IsKnown).Distinct().ToList();
                var identity = new ClaimsIdentity(
                    granted.Select(s => new Claim(ApiScopes.ClaimType, s)).Append(new Claim("auth_method", "jwt")),
                    JwtBearerDefaults.AuthenticationScheme);
                // Replace the raw "scope" claim so HasClaim("scope", x) sees single values only.
                var original = new ClaimsIdentity(principal.Claims.Where(c => c.Type != "scope"), JwtBearerDefaults.AuthenticationScheme, "sub", "role");
                context.Principal = new ClaimsPrincipal([original, identity]);
                return Task.CompletedTask;
            },
            // The 401 body is written once by ApiAuthorizationResultHandler.
            OnChallenge = context => Task.CompletedTask,
        };
    }
}
