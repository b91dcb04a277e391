using ErpConnector.Service.Security;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace ErpConnector.Service.Observability;

/// <summary>The API's OpenAPI document at <c>/openapi/v1.json</c> and a browsable reference (Scalar) at <c>/scalar</c>,
/// both open; the document declares the X-Api-Key and bearer schemes and the scope each area needs.</summary>
public static class OpenApiRegistration
{
    public static IServiceCollection AddConnectorOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ErpConnector API";
            document.Info.Description =
                "Deals, distributor feeds and tax ids. Every /api route needs an API key (X-Api-Key) or a JWT bearer token " +
                $"with the scope of its area: {string.Join(", ", ApiScopes.All)} (GET needs :read, other methods :write or :run).";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "API key; configured as a SHA-256 hash under Security:ApiKeys.",
            };
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "JWT (e.g. Auth0) with the scopes in 'scope' or 'permissions'; only when Security:Jwt is configured.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] });
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
            return Task.CompletedTask;
        }));
        return services;
    }

    public static IEndpointRouteBuilder MapConnectorOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        return app;
    }
}
