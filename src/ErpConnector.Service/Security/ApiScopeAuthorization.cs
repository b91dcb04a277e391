using Microsoft.AspNetCore.Authorization;

namespace ErpConnector.Service.Security;

/// <summary>Needs one named scope (the per-scope policies: <c>RequireAuthorization(ApiScopes.DealsRead)</c>).</summary>
public sealed class ScopeRequirement(string scope) : IAuthorizationRequirement
{
    public string Scope { get; } = scope;
}

/// <summary>The fallback policy's requirement: under <c>/api</c>, the scope <see cref="ApiScopes.Required"/> names
/// for the request's method and path; elsewhere (health, webhook, OpenAPI) nothing.</summary>
public sealed class ApiRouteScopeRequirement : IAuthorizationRequirement;

public sealed class ScopeAuthorizationHandler : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        var http = context.Resource as HttpContext;
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            switch (requirement)
            {
                case ScopeRequirement scope when HasScope(context, scope.Scope):
                    context.Succeed(requirement);
                    break;
                case ApiRouteScopeRequirement:
                    if (http is null || !ApiScopes.IsProtected(http.Request.Path))
                        context.Succeed(requirement);
                    else if (ApiScopes.Required(http.Request.Method, http.Request.Path) is { } needed && HasScope(context, needed))
                        context.Succeed(requirement);
                    break;
            }
        }
        return Task.CompletedTask;
    }

    private static bool HasScope(AuthorizationHandlerContext context, string scope) =>
        context.User.Identities.Any(i => i.IsAuthenticated)
        && context.User.HasClaim(ApiScopes.ClaimType, scope);
}
