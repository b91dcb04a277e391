using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ErpConnector.Sandbox.FaultInjection;
using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox.Omie.Pushes;

/// <summary>
/// The queue of webhook deliveries, first in first out (Omie's help: FIFO per app and endpoint). Publishing only
/// appends under a short lock, so an Omie call that causes a push never waits for it; <see cref="PushSender"/> drains
/// the queue. The injected push faults are applied here, when a push is published.
/// </summary>
public sealed class PushOutbox(IOptions<PushOptions> options, IOptions<SandboxOptions> sandbox, InjectionBoard injections, TimeProvider clock)
{
    // Kept for /_sandbox/state; older entries are dropped so a long benchmark does not grow the simulator without bound.
    private const int Recent = 1000;

    private readonly Lock _gate = new();
    private readonly LinkedList<PushDelivery> _queue = new();
    private readonly List<PushDelivery> _delayed = [];
    private readonly Queue<PushDelivery> _sent = new();
    private readonly List<PushDelivery> _deadLettered = [];
    private readonly List<PushDelivery> _lost = [];
    private readonly SemaphoreSlim _signal = new(0);
    private PushDelivery? _heldForNext;
    private string _url = options.Value.Url;
    private int _published;
    private int _sentCount;

    public string Url
    {
        get { lock (_gate) return _url; }
    }

    /// <summary>Points the pushes at <paramref name="url"/> (empty = off); already queued pushes keep their endpoint.</summary>
    public void Point(string url)
    {
        lock (_gate) _url = url;
        Wake();
    }

    /// <summary>Whether the sender has anything to do: pushes on, or deliveries still waiting.</summary>
    public bool Active
    {
        get { lock (_gate) return _url.Length > 0 || _queue.Count > 0 || _delayed.Count > 0 || _heldForNext is not null; }
    }

    /// <summary>Queues <paramref name="topic"/> with <paramref name="evt"/> for the configured endpoint; nothing when pushes are off.</summary>
    public void Publish(string topic, JsonObject evt)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_url.Length == 0) return;
            _published++;
            var messageId = Guid.NewGuid().ToString();
            var delivery = new PushDelivery(messageId, topic, _url, Envelope(messageId, topic, evt), now);
            if (injections.TakePush(InjectionKinds.PushLost, topic) is not null)
            {
                Keep(_lost, delivery);
                return;
            }
            var copies = injections.TakePush(InjectionKinds.PushDuplicated, topic) is not null ? 2 : 1;
            var delay = injections.TakePush(InjectionKinds.PushDelayed, topic);
            var outOfOrder = injections.TakePush(InjectionKinds.PushOutOfOrder, topic) is not null;
            for (var i = 0; i < copies; i++)
            {
                // A duplicate is the same delivery again: same messageId, same body, as Omie's at-least-once retries are.
                var copy = i == 0 ? delivery : new PushDelivery(messageId, topic, delivery.Url, JsonNode.Parse(delivery.Body)!.AsObject(), now);
                if (delay is not null)
                {
                    copy.NotBefore = now.AddMilliseconds(delay.Milliseconds);
                    _delayed.Add(copy);
                }
                else if (outOfOrder && i == 0)
                {
                    if (_heldForNext is { } earlier) _queue.AddLast(earlier);
                    _heldForNext = copy;
                }
                else
                {
                    _queue.AddLast(copy);
                    // The held push goes right after the next one published, so the two arrive swapped.
                    if (_heldForNext is { } held && !outOfOrder)
                    {
                        _queue.AddLast(held);
                        _heldForNext = null;
                    }
                }
            }
        }
        Wake();
    }

    /// <summary>The head of the queue when it may be sent now; null when the queue is empty or the head is backing off.</summary>
    public PushDelivery? Next()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            // A delayed push joins the tail when its time comes: the pushes published meanwhile overtake it.
            foreach (var due in _delayed.Where(d => d.NotBefore <= now).OrderBy(d => d.NotBefore).ToList())
            {
                _delayed.Remove(due);
                _queue.AddLast(due);
            }
            return _queue.First?.Value is { } head && head.NotBefore <= now ? head : null;
        }
    }

    public void Delivered(PushDelivery delivery, string outcome)
    {
        lock (_gate)
        {
            delivery.Attempts++;
            delivery.LastOutcome = outcome;
            delivery.DeliveredAt = clock.GetUtcNow();
            _queue.Remove(delivery);
            _sentCount++;
            _sent.Enqueue(delivery);
            while (_sent.Count > Recent) _sent.Dequeue();
        }
    }

    /// <summary>Backs the head off (FIFO: the pushes behind it wait too), or dead-letters it after the last attempt.</summary>
    public void Failed(PushDelivery delivery, string outcome)
    {
        var o = options.Value;
        lock (_gate)
        {
            delivery.Attempts++;
            delivery.LastOutcome = outcome;
            if (delivery.Attempts >= o.MaxAttempts)
            {
                _queue.Remove(delivery);
                Keep(_deadLettered, delivery);
                return;
            }
            var backOff = TimeSpan.FromTicks(Math.Min(o.MaxRetryDelay.Ticks, o.FirstRetryDelay.Ticks * (1L << Math.Min(delivery.Attempts - 1, 20))));
            delivery.NotBefore = clock.GetUtcNow() + backOff;
        }
    }

    // One pending wake-up is enough: the sender drains everything due each time it wakes.
    private void Wake()
    {
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    /// <summary>Waits until something is published or <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public object View()
    {
        lock (_gate)
        {
            return new
            {
                url = Redacted(_url),
                published = _published,
                sentCount = _sentCount,
                sent = _sent.Select(d => d.View()).ToList(),
                pending = _queue.Select(d => d.View()).Concat(_delayed.Select(d => d.View()))
                    .Concat(_heldForNext is { } h ? [h.View()] : []).ToList(),
                deadLettered = _deadLettered.Select(d => d.View()).ToList(),
                lost = _lost.Select(d => d.View()).ToList(),
            };
        }
    }

    /// <summary>Forgets every delivery (the endpoint stays as it is).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _queue.Clear();
            _delayed.Clear();
            _sent.Clear();
            _deadLettered.Clear();
            _lost.Clear();
            _heldForNext = null;
            _published = 0;
            _sentCount = 0;
        }
    }

    /// <summary>The endpoint without its last path segment, where a webhook's secret token usually sits.</summary>
    public static string Redacted(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return url.Length == 0 ? "" : "***";
        var path = uri.AbsolutePath.TrimEnd('/');
        var cut = path.LastIndexOf('/');
        return $"{uri.Scheme}://{uri.Authority}{(cut > 0 ? path[..cut] + "/***" : path.Length > 1 ? "/***" : "")}";
    }

    private static void Keep(List<PushDelivery> list, PushDelivery delivery)
    {
        list.Add(delivery);
        if (list.Count > Recent) list.RemoveAt(0);
    }

    private JsonObject Envelope(string messageId, string topic, JsonObject evt)
    {
        var appKey = options.Value.AppKey is { Length: > 0 } key ? key : sandbox.Value.AppKey;
        return new JsonObject
        {
            ["messageId"] = messageId,
            ["topic"] = topic,
            ["event"] = evt,
            // UNCONFIRMED: the author of an API-caused change; Omie names the user whose app made the call.
            ["author"] = new JsonObject { ["email"] = "integracao@sandbox.omie.local", ["name"] = "Integração Sandbox", ["userId"] = 1 },
            ["appKey"] = appKey,
            // UNCONFIRMED: public integrations show an appHash too; derived here so it is stable and not the secret.
            ["appHash"] = "sbx-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(appKey)))[..12],
            ["origin"] = "omie-sandbox", // UNCONFIRMED value.
        };
    }
}
