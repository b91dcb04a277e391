using Microsoft.AspNetCore.Routing;

namespace ErpConnector.Service.Api;

public static class ApiErrorRegistration
{
    /// <summary>
    /// Minimal APIs answer a body they cannot bind with an empty 400/415 unless told to throw; thrown, the
    /// <see cref="BadHttpRequestException"/> carries the <see cref="System.Text.Json.JsonException"/> (path, line,
    /// position) that <see cref="ApiErrorMiddleware"/> turns into the API's error shape. Same in every environment.
    /// </summary>
    public static IServiceCollection AddConnectorApiErrors(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    /// <summary>Early in the pipeline (after the correlation id), so everything after it answers errors in the one shape.</summary>
    public static IApplicationBuilder UseConnectorApiErrors(this IApplicationBuilder app) => app.UseMiddleware<ApiErrorMiddleware>();
}
