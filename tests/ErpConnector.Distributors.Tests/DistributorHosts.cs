using ErpConnector.Distributors.Events;
using ErpConnector.Persistence;
using ErpConnector.Sandbox;
using ErpConnector.Sandbox.Distributors;
using ErpConnector.Service.Distributors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ErpConnector.Distributors.Tests;

/// <summary>The two processes the host-level feed specs need, on loopback ports of their own: the distributor
/// simulator, and the service side wired as the host wires it (persistence, feeds, Quartz jobs, the API).</summary>
internal static class DistributorHosts
{
    /// <summary>Starts the distributor simulator, its files cached under <paramref name="directory"/>.</summary>
    public static async Task<WebApplication> StartSandboxAsync(string directory)
    {
        var sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration["Sandbox:Distributors:CacheDirectory"] = Path.Combine(directory, "files");
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        sandbox.MapDistributorSandbox();
        await sandbox.StartAsync();
        return sandbox;
    }

    /// <summary>Builds (does not start) the service side with its own SQLite file under <paramref name="directory"/>;
    /// what it would publish goes to <paramref name="events"/> (the bus is the host's).</summary>
    public static WebApplication BuildService(string directory, IFeedEventPublisher events, Dictionary<string, string?> settings,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure?.Invoke(builder);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Persistence:ConnectionString"] = $"Data Source={Path.Combine(directory, $"connector-{Guid.NewGuid():N}.db")}",
            ["Distributors:ProgressInterval"] = "00:00:00.2",
            ["Distributors:AbandonRunAfter"] = "00:00:05",
        });
        var services = builder.Services;
        services.AddPersistence();
        services.AddSingleton(events);
        services.AddDistributorFeeds(builder.Configuration);
        services.AddQuartz(q => q.AddDistributorFeedJobs(builder.Configuration));
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        var app = builder.Build();
        app.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        app.MapDistributorEndpoints();
        return app;
    }

    /// <summary>The address a started host listens on.</summary>
    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
