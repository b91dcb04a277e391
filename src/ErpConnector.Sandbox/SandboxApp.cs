using ErpConnector.Sandbox.Distributors;
using ErpConnector.Sandbox.Documents;
using ErpConnector.Sandbox.FaultInjection;
using ErpConnector.Sandbox.Inspection;
using ErpConnector.Sandbox.Omie;
using ErpConnector.Sandbox.Omie.Limits;
using ErpConnector.Sandbox.Omie.OrderCalls;
using ErpConnector.Sandbox.Omie.Pushes;
using ErpConnector.Sandbox.Omie.Receivables;
using ErpConnector.Sandbox.Omie.ServiceOrders;
using ErpConnector.Sandbox.SalesOs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ErpConnector.Sandbox;

/// <summary>Builds the simulator of Omie (and distributors) so it runs as its own process or inside tests.</summary>
public static class SandboxApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Registered before configure so a test can replace any of it (a fake TimeProvider, for one).
        builder.Services.AddOmieSimulator(builder.Configuration);
        builder.Services.AddSalesOsSandbox();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapOmieSimulator();
        app.MapDistributorSandbox();
        app.MapSalesOsSandbox();
        return app;
    }

    private static void AddOmieSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(OmieMethods.Simulated());
        services.AddSingleton<OmieAccount>();
        services.AddSingleton<CityHall>();
        services.AddSingleton<InjectionBoard>();
        services.AddSingleton<AppBlocks>();
        services.AddSingleton<RateLimits>();
        services.AddSingleton<ConcurrencyLimits>();
        services.AddSingleton<RedundancyRule>();
        services.AddSingleton<CallLog>();
        services.AddSingleton<OrderCallLog>();
        services.AddSingleton<OmieEndpoint>();
        services.AddSingleton<SandboxAddress>();
        services.AddOptions<PushOptions>().Bind(configuration.GetSection(PushOptions.Section))
            .Validate(o => o.Url.Length == 0 || (Uri.TryCreate(o.Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"), "Sandbox:Omie:Pushes:Url must be an absolute http(s) URL or empty")
            .Validate(o => o.MaxAttempts >= 1 && o.FirstRetryDelay >= TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay && o.Timeout > TimeSpan.Zero && o.Tick > TimeSpan.Zero,
                "Sandbox:Omie:Pushes: MaxAttempts >= 1, 0 <= FirstRetryDelay <= MaxRetryDelay, Timeout and Tick > 0")
            .ValidateOnStart();
        services.AddSingleton<PushOutbox>();
        // Pushes to a connector on loopback: no proxy, and no redirect following (a webhook answers, it does not move).
        services.AddHttpClient(PushSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false, UseProxy = false });
        services.AddHostedService<PushSender>();
    }

    private static void MapOmieSimulator(this WebApplication app)
    {
        app.MapPost("/api/v1/{module}/{service}", (HttpContext http, string module, string service, OmieEndpoint endpoint) =>
            endpoint.Handle(http, module, service));
        app.MapInspection();
        app.MapDocuments();
        app.MapPushes();
        app.MapNfseActions();
        app.MapReceivableActions();
        app.MapFaultInjection();
    }
}
