namespace ErpConnector.Sandbox.SalesOs;

public static class SalesOsSandboxRegistration
{
    public static IServiceCollection AddSalesOsSandbox(this IServiceCollection services)
    {
        services.AddOptions<SalesOsSandboxOptions>().BindConfiguration(SalesOsSandboxOptions.Section);
        services.AddSingleton<SalesOsTenant>();
        services.AddSingleton<SalesOsWebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<SalesOsWebhookSender>());
        return services;
    }

    public static void MapSalesOsSandbox(this WebApplication app)
    {
        app.MapSalesOsApi();
        app.MapSalesOsInspection();
    }
}
