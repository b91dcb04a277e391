using ErpConnector.Service.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ErpConnector.Service.Security;

/// <summary>Writes 401 and 403 in the API's one error shape <c>{code, message, details, requestId}</c> instead of
/// the schemes' empty challenges, once per request whatever the number of schemes.</summary>
public sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        // The console is for people: its cookie scheme answers (sign-in page for a page, 401/403 for a form post).
        if (http.Request.Path.StartsWithSegments("/console", StringComparison.OrdinalIgnoreCase))
        {
            await _default.HandleAsync(next, http, policy, result);
            return;
        }
        if (result.Challenged)
        {
            var presented = http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                            || http.Request.Headers.Authorization.Count > 0;
            http.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\", Bearer";
            var error = presented
                ? new ApiError("auth.invalid",
                    http.Items[ApiKeyAuthenticationHandler.FailureItem] as string ?? "The credential is not valid (unknown API key, or a bearer token that failed validation).",
                    null, http.TraceIdentifier)
                : new ApiError("auth.required",
                    "This endpoint needs credentials: an API key in the X-Api-Key header or an 'Authorization: Bearer <JWT>' header.",
                    null, http.TraceIdentifier);
            await Results.Json(error, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(http);
            return;
        }
        if (result.Forbidden)
        {
            var needed = result.AuthorizationFailure?.FailedRequirements.OfType<ScopeRequirement>().FirstOrDefault()?.Scope
                         ?? ApiScopes.Required(http.Request.Method, http.Request.Path);
            var granted = http.User.FindAll(ApiScopes.ClaimType).Select(c => c.Value).Distinct().ToArray();
            var error = needed is null
                ? new ApiError("auth.scope_unmapped", $"No scope is assigned to {http.Request.Method} {http.Request.Path}; it is refused until one is.",
                    new { granted }, http.TraceIdentifier)
                : new ApiError("auth.forbidden", $"This credential lacks the scope '{needed}'.",
                    new { requiredScope = needed, granted }, http.TraceIdentifier);
            await Results.Json(error, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
            return;
        }
        await _default.HandleAsync(next, http, policy, result);
    }
}
