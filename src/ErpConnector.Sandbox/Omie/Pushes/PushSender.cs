using System.Text;
using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox.Omie.Pushes;

/// <summary>
/// Posts the queued webhook deliveries, one at a time in queue order, retrying the head until it gets a 2xx (Omie's
/// help) or runs out of attempts. It also lets the city process what has fallen due on each tick: the simulator
/// otherwise decides RPS lazily when someone reads, and a push must go out even when nobody polls.
/// </summary>
public sealed partial class PushSender(
    PushOutbox outbox, OmieAccount account, IHttpClientFactory http, IOptions<PushOptions> options, TimeProvider clock, ILogger<PushSender> logger)
    : BackgroundService
{
    public const string HttpClientName = "omie-pushes";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var active = outbox.Active;
                if (active) account.Transact(clock.GetUtcNow(), () => 0);
                while (outbox.Next() is { } delivery) await Deliver(delivery, stoppingToken);
                // Pushes off and nothing queued: sleep until a URL is set (Point wakes it), not 20 times a second.
                await outbox.WaitAsync(active ? options.Value.Tick : Timeout.InfiniteTimeSpan, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The sender must outlive any one bad tick; the next tick tries again.
                LogTickFailed(e);
                await Task.Delay(options.Value.Tick, stoppingToken);
            }
        }
    }

    private async Task Deliver(PushDelivery delivery, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var content = new StringContent(delivery.Body, Encoding.UTF8, "application/json");
            using var response = await http.CreateClient(HttpClientName).PostAsync(delivery.Url, content, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300) outbox.Delivered(delivery, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            else outbox.Failed(delivery, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            LogDelivered(delivery.Topic, delivery.MessageId, status, delivery.Attempts);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // Any failure to get an answer is a failed attempt of this delivery, never a stuck head of the queue.
            outbox.Failed(delivery, e is OperationCanceledException ? "timeout" : e.GetType().Name);
            LogUnreachable(delivery.Topic, delivery.MessageId, delivery.Attempts, e.GetType().Name);
        }
    }

    // Topic and id only: the event carries customer data and the NFS-e XML.
    [LoggerMessage(Level = LogLevel.Information, Message = "Omie push {Topic} {MessageId}: HTTP {Status} (attempt {Attempts})")]
    private partial void LogDelivered(string topic, string messageId, int status, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Omie push {Topic} {MessageId}: endpoint unreachable (attempt {Attempts}, {Error})")]
    private partial void LogUnreachable(string topic, string messageId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Omie push sender tick failed")]
    private partial void LogTickFailed(Exception error);
}
