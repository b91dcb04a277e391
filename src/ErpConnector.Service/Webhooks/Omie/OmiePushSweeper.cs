using ErpConnector.Persistence.Omie;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Webhooks.Omie;

/// <summary>
/// Applies Omie pushes that were recorded but not processed: the process died after answering Omie, the deal was
/// busy, or the push was ahead of the deal. Only deliveries older than one interval are taken, so it does not race
/// the pass that starts right after the answer.
/// </summary>
public sealed partial class OmiePushSweeper(
    OmiePushDeliveries deliveries, OmiePushProcessor processor, IOptions<OmieWebhookOptions> options, TimeProvider clock, ILogger<OmiePushSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }
        }
    }

    /// <summary>One pass over the pending deliveries, oldest first.</summary>
    public async Task SweepOnceAsync(CancellationToken ct)
    {
        foreach (var pending in await deliveries.PendingAsync(clock.GetUtcNow() - options.Value.SweepInterval, 100, ct))
        {
            try
            {
                await processor.ProcessAsync(pending.MessageId, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One delivery that cannot be applied must not hold up the others; its attempts are counted.
                LogDeliveryFailed(ex, pending.MessageId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying Omie push {MessageId} failed; it is tried again at the next interval")]
    private partial void LogDeliveryFailed(Exception ex, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweeping pending Omie pushes failed; trying again at the next interval")]
    private partial void LogSweepFailed(Exception ex);
}
