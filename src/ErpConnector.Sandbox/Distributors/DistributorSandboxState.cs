using System.Collections.Concurrent;

namespace ErpConnector.Sandbox.Distributors;

/// <summary>The simulated distributors' mutable state: catalogue settings per feed, armed faults, issued tokens,
/// rate-limit windows and call counters (for tests to inspect).</summary>
public sealed class DistributorSandboxState(DistributorSandboxOptions defaults, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly List<DistributorFault> _faults = [];
    private readonly ConcurrentDictionary<string, CatalogueSettings> _catalogues = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string FeedId, DateTimeOffset Expires)> _tokens = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset WindowStart, int Count)> _windows = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DistributorStats> _stats = new(StringComparer.OrdinalIgnoreCase);

    public DistributorSandboxOptions Defaults => defaults;
    public TimeProvider Clock => clock;

    public sealed record CatalogueSettings(int? Rows, int? Seed, double? ChangedPercent, double? RemovedPercent);

    public void SetCatalogue(string feedId, CatalogueSettings settings) => _catalogues[feedId] = settings;

    public CatalogueSpec Spec(string feedId)
    {
        var s = _catalogues.GetValueOrDefault(feedId);
        return new CatalogueSpec
        {
            Rows = s?.Rows ?? defaults.Rows,
            Seed = s?.Seed ?? defaults.Seed,
            ChangedPercent = s?.ChangedPercent ?? defaults.ChangedPercent,
            RemovedPercent = s?.RemovedPercent ?? defaults.RemovedPercent,
        };
    }

    public void Arm(DistributorFault fault) { lock (_gate) _faults.Add(fault); }

    public void Clear(string? feedId)
    {
        lock (_gate) _faults.RemoveAll(f => feedId is null || string.Equals(f.FeedId, feedId, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The fault of a kind armed for the feed (not consumed).</summary>
    public DistributorFault? Content(string feedId, string kind)
    {
        lock (_gate) return _faults.FirstOrDefault(f => f.Kind == kind && Matches(f, feedId));
    }

    /// <summary>Takes one use of the oldest status fault armed for the feed.</summary>
    public DistributorFault? TakeStatus(string feedId)
    {
        lock (_gate)
        {
            var hit = _faults.FirstOrDefault(f => f.IsStatusFault && Matches(f, feedId));
            if (hit?.Times is { } times)
            {
                hit.Times = times - 1;
                if (hit.Times <= 0) _faults.Remove(hit);
            }
            return hit;
        }
    }

    public string IssueToken(string feedId)
    {
        var token = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        _tokens[token] = (feedId, clock.GetUtcNow().AddSeconds(defaults.TokenLifetimeSeconds));
        Stats(feedId).TokensIssued++;
        return token;
    }

    public bool IsValidToken(string feedId, string? token) =>
        token is not null && _tokens.TryGetValue(token, out var t)
        && string.Equals(t.FeedId, feedId, StringComparison.OrdinalIgnoreCase) && clock.GetUtcNow() < t.Expires;

    /// <summary>Counts a call against the feed's one-minute window: (allowed, remaining, reset epoch seconds).</summary>
    public (bool Allowed, int Remaining, long ResetEpoch) Count(string feedId)
    {
        var now = clock.GetUtcNow();
        var limit = defaults.RequestsPerMinute;
        var w = _windows.AddOrUpdate(feedId, _ => (now, 1),
            (_, old) => now - old.WindowStart >= TimeSpan.FromMinutes(1) ? (now, 1) : (old.WindowStart, old.Count + 1));
        var reset = w.WindowStart.AddMinutes(1).ToUnixTimeSeconds();
        if (limit <= 0) return (true, int.MaxValue, reset);
        return (w.Count <= limit, Math.Max(0, limit - w.Count), reset);
    }

    public DistributorStats Stats(string feedId) => _stats.GetOrAdd(feedId, _ => new DistributorStats());

    private static bool Matches(DistributorFault f, string feedId) =>
        f.FeedId == "*" || string.Equals(f.FeedId, feedId, StringComparison.OrdinalIgnoreCase);
}

public sealed class DistributorStats
{
    public int TokensIssued { get; set; }
    public int CatalogRequests { get; set; }
    public int PriceRequests { get; set; }
    public int FileRequests { get; set; }
    public int Unauthorized { get; set; }
    public int RateLimited { get; set; }
    public int ServerErrors { get; set; }
}
