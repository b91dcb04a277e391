using System.Diagnostics;
using ErpConnector.Contracts;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Events;
using ErpConnector.Distributors.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErpConnector.Distributors.BestPrice;

/// <summary>After an applied run: recomputes the best price of the products the run touched (every product of the
/// feed on its first load), then announces the products whose chosen distributor or price changed, 100 a message.
/// Called by <see cref="FeedEventOutbox"/> before the run is marked published, so a crash anywhere re-runs it: the
/// recompute is recorded once per run (<see cref="IBestPriceStore.RecomputeAsync"/>) and its changes are re-sent.</summary>
public sealed partial class BestPriceRecompute(
    IOptionsMonitor<DistributorsOptions> options,
    IBestPriceStore store,
    IFeedRunStore runs,
    IFeedEventPublisher publisher,
    TimeProvider time,
    ILogger<BestPriceRecompute> logger)
{
    public const int ChangesPerMessage = 100;

    public async Task<BestPriceRecount> RecomputeAndPublishAsync(FeedRun run, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var chooser = await ChooserAsync(now, ct);
        var started = Stopwatch.GetTimestamp();
        var recount = await store.RecomputeAsync(run.RunId, run.FeedId, wholeFeed: run.RowCountBefore == 0, chooser.Choose, now, ct);
        if (!recount.AlreadyDone)
            Recomputed(run.FeedId, run.RunId, recount.Recomputed, recount.Changed, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        await PublishAsync(run, ct);
        return recount;
    }

    /// <summary>The rules as configured now, with each feed's priority and the time of its last good run.</summary>
    public async Task<OfferChooser> ChooserAsync(DateTimeOffset now, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var lastGood = (await runs.ListStatesAsync(ct)).ToDictionary(s => s.FeedId, s => s.LastGoodAt, StringComparer.OrdinalIgnoreCase);
        return new OfferChooser(new BestPriceRules(settings.PreferCheaperBy, settings.IgnoreOlderThan), settings, lastGood, now);
    }

    private async Task PublishAsync(FeedRun run, CancellationToken ct)
    {
        var total = await store.CountChangesAsync(run.RunId, ct);
        if (total == 0) return;
        var batches = (int)((total + ChangesPerMessage - 1) / ChangesPerMessage);
        long after = 0;
        for (var batch = 1; batch <= batches; batch++)
        {
            var changes = await store.ReadChangesAsync(run.RunId, after, ChangesPerMessage, ct);
            if (changes.Count == 0) break;
            after = changes[^1].Id;
            await publisher.PublishAsync(new BestPriceChanged
            {
                FeedId = run.FeedId, RunId = run.RunId, Batch = batch, BatchCount = batches,
                Changes = changes.Select(c => new BestPriceChange(c.ProductKey, c.OldFeedId, c.OldSku, c.OldPrice, c.OldCurrency,
                    c.NewFeedId, c.NewSku, c.NewPrice, c.NewCurrency)).ToList(),
            }, ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Feed {FeedId}: run {RunId} recomputed the best price of {Products} products, {Changed} changed, in {ElapsedMs} ms")]
    private partial void Recomputed(string feedId, string runId, long products, long changed, long elapsedMs);
}

/// <summary>Turns stored offers into <see cref="Offer"/>s (the feed's priority, its last good run as the price's age)
/// and applies <see cref="BestPriceRules"/>. Offers of a feed no longer configured are not considered.</summary>
public sealed class OfferChooser(BestPriceRules rules, DistributorsOptions settings, IReadOnlyDictionary<string, DateTimeOffset?> lastGood, DateTimeOffset now)
{
    public BestPriceRules Rules => rules;
    public DateTimeOffset Now => now;

    public StoredOffer? Choose(IReadOnlyList<StoredOffer> stored)
    {
        var (offers, _) = Evaluate(stored);
        var chosen = rules.Choose(offers, now).Chosen;
        return chosen is null ? null : stored.First(s => s.FeedId == chosen.FeedId && s.Sku == chosen.Sku);
    }

    /// <summary>The offers the rules consider, and the stored ones left out because their feed is not configured.</summary>
    public (IReadOnlyList<Offer> Offers, IReadOnlyList<StoredOffer> Unconfigured) Evaluate(IReadOnlyList<StoredOffer> stored)
    {
        var offers = new List<Offer>(stored.Count);
        var unconfigured = new List<StoredOffer>();
        foreach (var s in stored)
        {
            if (settings.Find(s.FeedId) is not { } feed) { unconfigured.Add(s); continue; }
            offers.Add(new Offer(s.FeedId, s.Sku, s.Price, s.Currency, feed.Priority, lastGood.GetValueOrDefault(s.FeedId), s.InStock));
        }
        // A stable order (feed id) so verdicts read the same on every call.
        offers.Sort((a, b) => string.CompareOrdinal(a.FeedId, b.FeedId) is var c && c != 0 ? c : string.CompareOrdinal(a.Sku, b.Sku));
        return (offers, unconfigured);
    }
}
