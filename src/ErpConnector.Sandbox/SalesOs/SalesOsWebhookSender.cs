using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.SalesOs;

/// <summary>
/// SalesOS's webhook sender: signs each event (<c>x-salesos-signature: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>),
/// expects a 2xx within <see cref="SalesOsSandboxOptions.DeliveryTimeout"/>, retries after 1 min, 5 min, 30 min, 2 h and
/// 12 h (times <see cref="SalesOsSandboxOptions.RetryScale"/>), marks the event failed after the last, and deactivates
/// the webhook after <see cref="SalesOsSandboxOptions.DeactivateAfter"/> consecutive failures: from then on nothing is
/// sent, and nothing is re-sent for the time it was off (UNCONFIRMED: whether the 12 h retry is a fifth or sixth attempt).
/// </summary>
public sealed partial class SalesOsWebhookSender(SalesOsTenant tenant, ILogger<SalesOsWebhookSender> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<Delivery, DateTimeOffset> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly HttpClient _http = new();

    private sealed record Delivery(string EventId, string Type, byte[] Body, int Attempt);

    private string? _url;
    private string? _secret;

    public bool Active { get; private set; } = true;
    public string Url => _url ?? tenant.Options.WebhookUrl;
    private string Secret => _secret ?? tenant.Options.WebhookSecret;

    /// <summary>Points the subscription elsewhere at run time (a connector started after the simulator).</summary>
    public void Subscribe(string url, string? secret)
    {
        lock (_gate)
        {
            _url = url;
            if (secret is not null) _secret = secret;
        }
    }
    public int ConsecutiveFailures { get; private set; }
    public int Delivered { get; private set; }
    public List<string> FailedEvents { get; } = [];
    public List<string> DroppedWhileInactive { get; } = [];

    public int Pending
    {
        get { lock (_gate) return _queue.Count; }
    }

    /// <summary>Queues an event about <paramref name="deal"/> (data.deal), unless there is no subscription or it is deactivated.</summary>
    public string? Enqueue(string type, JsonObject deal)
    {
        var eventId = $"evt_{Guid.NewGuid():N}";
        var envelope = new JsonObject
        {
            ["id"] = eventId,
            ["type"] = type,
            ["createdAt"] = tenant.Clock.GetUtcNow().ToString("O"),
            ["data"] = new JsonObject { ["deal"] = deal.DeepClone() },
        };
        lock (_gate)
        {
            if (Url.Length == 0) return null;
            if (!Active)
            {
                DroppedWhileInactive.Add(eventId);
                return null;
            }
            _queue.Enqueue(new Delivery(eventId, type, Encoding.UTF8.GetBytes(envelope.ToJsonString()), 1), tenant.Clock.GetUtcNow());
        }
        _signal.Release();
        return eventId;
    }

    /// <summary>Reactivation by hand (Admin &gt; Integrations &gt; Webhooks): the failure count starts again.</summary>
    public void Reactivate()
    {
        lock (_gate)
        {
            Active = true;
            ConsecutiveFailures = 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Delivery? due = null;
            TimeSpan wait = TimeSpan.FromSeconds(1);
            lock (_gate)
            {
                if (_queue.TryPeek(out var next, out var at))
                {
                    var now = tenant.Clock.GetUtcNow();
                    if (at <= now) due = _queue.Dequeue();
                    else wait = at - now < wait ? at - now : wait;
                }
            }
            if (due is null)
            {
                await _signal.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                continue;
            }
            _ = DeliverAsync(due, stoppingToken); // deliveries overlap, as a real sender's would
        }
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken ct)
    {
        var o = tenant.Options;
        var ok = false;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ByteArrayContent(delivery.Body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("x-salesos-signature",
                "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), delivery.Body)));
            request.Headers.TryAddWithoutValidation("X-SalesOS-Event-Id", delivery.EventId);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(o.DeliveryTimeout);
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            ok = response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            ok = false;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (_gate)
        {
            if (ok)
            {
                Delivered++;
                ConsecutiveFailures = 0;
                return;
            }
            ConsecutiveFailures++;
            if (Active && ConsecutiveFailures >= o.DeactivateAfter)
            {
                Active = false;
                LogDeactivated(logger, ConsecutiveFailures);
            }
            if (!Active)
            {
                DroppedWhileInactive.Add(delivery.EventId);
                while (_queue.TryDequeue(out var dropped, out _)) DroppedWhileInactive.Add(dropped.EventId);
                return;
            }
            if (delivery.Attempt > o.RetrySchedule.Length)
            {
                FailedEvents.Add(delivery.EventId);
                return;
            }
            var delay = TimeSpan.FromTicks((long)(o.RetrySchedule[delivery.Attempt - 1].Ticks * o.RetryScale));
            _queue.Enqueue(delivery with { Attempt = delivery.Attempt + 1 }, tenant.Clock.GetUtcNow() + delay);
        }
        _signal.Release();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulated SalesOS deactivated the webhook after {Failures} consecutive failed deliveries")]
    private static partial void LogDeactivated(ILogger logger, int failures);
}
