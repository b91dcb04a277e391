using ErpConnector.Domain.Errors;
using ErpConnector.Omie;
using ErpConnector.Persistence;
using ErpConnector.Service.Api;
using ErpConnector.Service.Console;
using ErpConnector.Service.Configuration;
using ErpConnector.Service.Deals;
using ErpConnector.Service.Deals.MunicipalCodes;
using ErpConnector.Service.Distributors;
using ErpConnector.Service.Health;
using ErpConnector.Service.Messaging;
using ErpConnector.Service.Observability;
using ErpConnector.Service.Replay;
using ErpConnector.Service.SalesOs;
using ErpConnector.Service.Scheduling;
using ErpConnector.Service.Security;
using ErpConnector.Service.Webhooks;
using ErpConnector.Service.Webhooks.Omie;

using Microsoft.Extensions.Options;

namespace ErpConnector.Service;

/// <summary>Builds the connector host, so it runs as a process or inside integration tests with overrides.</summary>
public static class ServiceApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddConsoleAssets();
        builder.Configuration.AddCredentialFiles(); // last: mounted secret files win, and are reloaded when rotated
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DealProcessingOptions>().BindConfiguration(DealProcessingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DealProcessingOptions>, DealLeaseOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WorkerIdentity>();
        // The table is loaded and validated once, at start-up: a bad row stops the service with its id.
        services.AddSingleton(sp => LoadErrorTable(configuration, sp.GetRequiredService<StatedWaitLimit>()));

        services.AddPersistence();
        services.AddDistributorFeeds(configuration);
        services.AddOmieClient(configuration);
        services.AddOptions<MunicipalCodeCheckOptions>().BindConfiguration(MunicipalCodeCheckOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MunicipalCodeCatalogue>();
        services.AddSingleton<MunicipalCodeCheck>();
        services.AddSingleton<DealOutcomes>();
        services.AddSingleton<DealProcessor>();
        services.AddSingleton<DealRetry>();
        services.AddSingleton<DealCancelRequest>();
        services.AddSingleton<DealDismissal>();
        services.AddSingleton<BackgroundDealPass>();
        services.AddScoped<DealIntake>();

        services.AddConnectorBus(configuration);
        services.AddConnectorScheduling(configuration);
        services.AddConnectorHealth();
        services.AddErrorReplay();
        services.AddConnectorApiErrors();
        services.AddConnectorSecurity(configuration);
        services.AddConnectorConsole(configuration);
        services.AddSalesOsWebhook();
        services.AddSalesOsSync();
        services.AddOmieWebhook();
        services.AddConnectorOpenApi();
        builder.AddConnectorObservability();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);

        var app = builder.Build();
        // The schema must exist before Quartz or the bus touch the database.
        app.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        app.Services.GetRequiredService<ErrorClassifier>();

        app.UseConnectorCorrelation();
        app.UseConnectorApiErrors();
        app.UseConnectorSecurity();
        app.MapConnectorHealth();
        app.MapConnectorMetrics();
        app.MapConnectorOpenApi();
        app.MapSalesOsWebhook();
        app.MapDealEndpoints();
        app.MapDealNfseEndpoints();
        app.MapOmieWebhook();
        app.MapTaxIdEndpoints();
        app.MapErrorReplayEndpoints();
        app.MapDistributorEndpoints();
        app.MapConnectorConsole();
        return app;
    }

    /// <param name="configuration"><c>ErrorClassification:TablePath</c>, an operator's copy of the table; the embedded table when unset.</param>
    /// <param name="waitLimit">Omie:MaxStatedWait (registered by AddOmieClient): the classifier's WaitUntil obeys the
    /// same limit as the Omie transport's pause.</param>
    private static ErrorClassifier LoadErrorTable(IConfiguration configuration, StatedWaitLimit waitLimit)
    {
        var path = configuration["ErrorClassification:TablePath"];
        if (string.IsNullOrWhiteSpace(path)) return ErrorClassifier.LoadDefault(waitLimit);
        using var stream = File.OpenRead(path);
        return ErrorClassifier.Load(stream, waitLimit);
    }
}
