using ErpConnector.Domain.Deals;

namespace ErpConnector.Service.Deals;

/// <summary>
/// Advances a deal that is already written and leased, after the HTTP answer went out (API intake, webhook,
/// operator retry). Nothing depends on it finishing: if the process dies first, the lease expires and the sweeper
/// takes the deal over, marked uncertain so it asks Omie before sending anything.
/// </summary>
public sealed partial class BackgroundDealPass(DealProcessor processor, IHostApplicationLifetime lifetime, ILogger<BackgroundDealPass> logger)
{
    public void Start(Deal deal) => _ = Task.Run(async () =>
    {
        try
        {
            await processor.AdvanceAsync(deal, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Shutting down: the sweeper of the next start (or another instance) carries on.
        }
        catch (Exception ex)
        {
            LogFailed(ex, deal.DealId);
        }
    });

    [LoggerMessage(Level = LogLevel.Error, Message = "Advancing deal {DealId} in the background failed unexpectedly; the sweeper picks it up when its lease expires")]
    private partial void LogFailed(Exception ex, string dealId);
}
