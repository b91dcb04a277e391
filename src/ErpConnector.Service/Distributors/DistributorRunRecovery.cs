using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Events;
using ErpConnector.Distributors.Runs;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Distributors;

/// <summary>Once the host is up (bus included): marks runs a previous process left behind as interrupted, and
/// publishes events that were committed but never announced.</summary>
public sealed class DistributorRunRecovery(
    IHostApplicationLifetime lifetime, IFeedRunStore runs, FeedEventOutbox outbox, IOptions<DistributorsOptions> options,
    TimeProvider time, ILogger<DistributorRunRecovery> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(RecoverAsync));
        return Task.CompletedTask;
    }

    private async Task RecoverAsync()
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            var interrupted = await runs.InterruptAbandonedAsync(time.GetUtcNow(), options.Value.AbandonRunAfter, stopping);
            if (interrupted > 0) logger.LogWarning("Marked {Count} abandoned distributor run(s) as interrupted", interrupted);
            await outbox.PublishPendingAsync(null, stopping);
        }
        catch (OperationCanceledException) { }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Distributor run recovery did not complete; it is retried before each run");
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
