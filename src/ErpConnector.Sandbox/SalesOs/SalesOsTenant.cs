using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox.SalesOs;

/// <summary>
/// The simulated SalesOS tenant's state: deals with custom fields, issued tokens, the plan's rate window, injected
/// faults and every API request (for specs: "no request before its Retry-After"). One lock; it is a simulator.
/// </summary>
public sealed class SalesOsTenant(IOptionsMonitor<SalesOsSandboxOptions> options, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxDeal> _deals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private readonly List<ApiRequest> _requests = [];
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _windowCount;

    public SalesOsFaults Faults { get; private set; } = new();
    public SalesOsSandboxOptions Options => options.CurrentValue;
    public TimeProvider Clock => clock;

    public sealed class SandboxDeal
    {
        public required string Id { get; init; }
        public required JsonObject Body { get; set; }
        public string Status { get; set; } = "open";
        public DateTimeOffset UpdatedAt { get; set; }
        public Dictionary<string, string?> CustomFields { get; } = new(StringComparer.Ordinal);
        /// <summary>Every API write, in order: what the CRM user would have seen change.</summary>
        public List<FieldWrite> Writes { get; } = [];
    }

    public sealed record FieldWrite(DateTimeOffset At, Dictionary<string, string?> Fields);
    public sealed record IssuedToken(string Audience, string[] Scopes, DateTimeOffset ExpiresAt);
    public sealed record ApiRequest(DateTimeOffset At, string Method, string Path, int Status, DateTimeOffset? RetryAfterUntil);

    public T Transact<T>(Func<T> action)
    {
        lock (_gate) return action();
    }

    public void Transact(Action action)
    {
        lock (_gate) action();
    }

    // ---- deals ----------------------------------------------------------------------------------

    public SandboxDeal Upsert(JsonObject body, string status)
    {
        var id = body["id"]?.GetValue<string>() ?? throw new ArgumentException("deal.id is required");
        lock (_gate)
        {
            if (!_deals.TryGetValue(id, out var deal)) _deals[id] = deal = new SandboxDeal { Id = id, Body = body };
            deal.Body = body;
            deal.Status = status;
            deal.UpdatedAt = NextStamp();
            return deal;
        }
    }

    public SandboxDeal? Find(string id)
    {
        lock (_gate) return _deals.GetValueOrDefault(id);
    }

    /// <summary>Won deals changed after <paramref name="after"/>, ordered by (updated_at, id), from the keyset cursor.</summary>
    public (List<SandboxDeal> Page, string? Next) List(string? status, DateTimeOffset after, (DateTimeOffset At, string Id)? from, int limit)
    {
        lock (_gate)
        {
            var ordered = _deals.Values
                .Where(d => (status is null || d.Status == status) && d.UpdatedAt > after)
                .Where(d => from is not { } f || d.UpdatedAt > f.At || d.UpdatedAt == f.At && string.CompareOrdinal(d.Id, f.Id) > 0)
                .OrderBy(d => d.UpdatedAt).ThenBy(d => d.Id, StringComparer.Ordinal)
                .Take(limit + 1).ToList();
            var page = ordered.Take(limit).ToList();
            var next = ordered.Count > limit ? $"{page[^1].UpdatedAt.ToUnixTimeMilliseconds()}|{page[^1].Id}" : null;
            return (page, next);
        }
    }

    public SandboxDeal? WriteFields(string id, Dictionary<string, string?> fields)
    {
        lock (_gate)
        {
            if (!_deals.TryGetValue(id, out var deal)) return null;
            foreach (var (k, v) in fields) deal.CustomFields[k] = v;
            deal.UpdatedAt = NextStamp();
            deal.Writes.Add(new FieldWrite(deal.UpdatedAt, new Dictionary<string, string?>(fields)));
            return deal;
        }
    }

    /// <summary>A strictly increasing millisecond stamp, so updated_at orders every change.</summary>
    private DateTimeOffset NextStamp()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
        var latest = _deals.Values.Select(d => d.UpdatedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        return now > latest ? now : latest.AddMilliseconds(1);
    }

    // ---- tokens ---------------------------------------------------------------------------------

    public string IssueToken(string audience)
    {
        var token = "sos_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (_gate) _tokens[token] = new IssuedToken(audience, Options.Scopes, clock.GetUtcNow() + Options.TokenLifetime);
        return token;
    }

    public IssuedToken? FindToken(string token)
    {
        lock (_gate) return _tokens.GetValueOrDefault(token);
    }

    public int TokensIssued
    {
        get { lock (_gate) return _tokens.Count; }
    }

    /// <summary>Expires every issued token now (a spec's "token expires mid-run").</summary>
    public void ExpireTokens()
    {
        lock (_gate)
            foreach (var key in _tokens.Keys.ToList()) _tokens[key] = _tokens[key] with { ExpiresAt = clock.GetUtcNow() };
    }

    // ---- plan limit, faults, request log -------------------------------------------------------

    /// <summary>Counts a request against the plan's window; returns (allowed, remaining, reset, retryAfter).</summary>
    public (bool Allowed, int Limit, int Remaining, DateTimeOffset Reset) Count()
    {
        var limit = Faults.RequestsPerMinute ?? Options.RequestsPerMinute;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now >= _windowStart + Options.RateWindow)
            {
                _windowStart = now;
                _windowCount = 0;
            }
            var reset = _windowStart + Options.RateWindow;
            if (limit <= 0) return (true, 0, int.MaxValue, reset);
            if (_windowCount >= limit) return (false, limit, 0, reset);
            _windowCount++;
            return (true, limit, limit - _windowCount, reset);
        }
    }

    public void SetFaults(SalesOsFaults faults)
    {
        lock (_gate) Faults = faults;
    }

    /// <summary>Takes one of the injected 5xx answers, if any are left.</summary>
    public bool TakeServerError()
    {
        lock (_gate)
        {
            if (Faults.ServerErrors <= 0) return false;
            Faults = Faults with { ServerErrors = Faults.ServerErrors - 1 };
            return true;
        }
    }

    /// <summary>Takes one of the injected 429 answers, if any are left.</summary>
    public bool TakeRateLimited()
    {
        lock (_gate)
        {
            if (Faults.TooManyRequests <= 0) return false;
            Faults = Faults with { TooManyRequests = Faults.TooManyRequests - 1 };
            return true;
        }
    }

    public void Log(ApiRequest request)
    {
        lock (_gate) _requests.Add(request);
    }

    public List<ApiRequest> Requests()
    {
        lock (_gate) return [.. _requests];
    }

    public void Reset()
    {
        lock (_gate)
        {
            _deals.Clear();
            _tokens.Clear();
            _requests.Clear();
            _windowCount = 0;
            Faults = new SalesOsFaults();
        }
    }
}

/// <summary>Faults injected through <c>/_sandbox/salesos/faults</c>.</summary>
/// <param name="Revoked">The API client is deleted/deactivated: the token endpoint and the API answer 401.</param>
/// <param name="ServerErrors">The next N API requests answer 503.</param>
/// <param name="TooManyRequests">The next N API requests answer 429 with <paramref name="RetryAfterSeconds"/>.</param>
/// <param name="RetryAfterSeconds">The Retry-After of injected 429s.</param>
/// <param name="SlowMs">Every API request waits this long before answering.</param>
/// <param name="Unreachable">Every API and token request answers 503 (SalesOS down) until cleared.</param>
/// <param name="RequestsPerMinute">Overrides the plan's limit.</param>
public sealed record SalesOsFaults(
    bool Revoked = false, int ServerErrors = 0, int TooManyRequests = 0, int RetryAfterSeconds = 1, int SlowMs = 0,
    bool Unreachable = false, int? RequestsPerMinute = null);
