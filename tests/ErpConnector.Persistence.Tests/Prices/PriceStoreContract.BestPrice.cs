using ErpConnector.Distributors.BestPrice;

namespace ErpConnector.Persistence.Tests.Prices;

/// <summary>The best-price tables behave the same on SQLite and PostgreSQL: a run queues exactly the products it
/// touched (changed, removed, stock flipped; not the unchanged ones), a recompute records only moved choices, and a
/// second attempt at the same run recomputes nothing and keeps its changes to re-send.</summary>
public abstract partial class PriceStoreContract
{
    private static StoredOffer? Cheapest(IReadOnlyList<StoredOffer> offers) =>
        offers.Where(o => o.InStock != false).OrderBy(o => o.Price).ThenBy(o => o.FeedId, StringComparer.Ordinal).FirstOrDefault();

    private async Task<List<string>> QueuedAsync(string runId)
    {
        await using var db = await Connections.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = $"SELECT product_key FROM distributor_best_price_queue WHERE run_id = '{runId}' ORDER BY product_key";
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return keys;
    }

    [Fact]
    public async Task A_run_queues_the_products_it_touched_and_the_recompute_records_only_moved_choices_once()
    {
        var vendor = $"V{Guid.NewGuid():N}"[..12];
        var key = (string part) => $"{vendor.ToUpperInvariant()}:{part}";
        Row R(string sku, decimal price, string part, bool? inStock = null) => new(sku, price, Vendor: vendor, Part: part, InStock: inStock);
        var a = NewFeed();
        var b = NewFeed();

        var firstA = await RunAsync(a, [R("A1", 100m, "P1"), R("A2", 50m, "P2"), R("A3", 70m, "P3"), R("A4", 30m, "P4", true), R("A5", 5m, "P5")], T0);
        Assert.Empty(await QueuedAsync(firstA.RunId)); // a first load queues nothing while it writes
        var loadA = await Best.RecomputeAsync(firstA.RunId, a, wholeFeed: true, Cheapest, T0, default);
        Assert.Equal((5L, 5L, false), (loadA.Recomputed, loadA.Changed, loadA.AlreadyDone));
        var firstB = await RunAsync(b, [R("B1", 90m, "P1"), R("B2", 60m, "P2"), R("B4", 35m, "P4")], T0);
        var loadB = await Best.RecomputeAsync(firstB.RunId, b, wholeFeed: true, Cheapest, T0, default);
        Assert.Equal((3L, 1L), (loadB.Recomputed, loadB.Changed)); // P1 moves to b (90 < 100); P2, P4 stay with a

        // A again: P2 cheaper, P3 gone, P4 out of stock at the same price, P1 and P5 untouched.
        var rerun = await RunAsync(a, [R("A1", 100m, "P1"), R("A2", 40m, "P2"), R("A4", 30m, "P4", false), R("A5", 5m, "P5")], T0.AddHours(1));
        Assert.Equal([key("P2"), key("P3"), key("P4")], await QueuedAsync(rerun.RunId));
        var recount = await Best.RecomputeAsync(rerun.RunId, a, wholeFeed: false, Cheapest, T0.AddHours(1), default);
        Assert.Equal((3L, 3L, false), (recount.Recomputed, recount.Changed, recount.AlreadyDone));
        Assert.Empty(await QueuedAsync(rerun.RunId));

        var changes = (await Best.ReadChangesAsync(rerun.RunId, 0, 100, default)).ToDictionary(c => c.ProductKey);
        Assert.Equal((a, 50m, a, 40m), (changes[key("P2")].OldFeedId!, changes[key("P2")].OldPrice!.Value, changes[key("P2")].NewFeedId!, changes[key("P2")].NewPrice!.Value));
        Assert.Equal((a, (string?)null, (decimal?)null), (changes[key("P3")].OldFeedId!, changes[key("P3")].NewFeedId, changes[key("P3")].NewPrice));
        Assert.Equal((a, b, 35m), (changes[key("P4")].OldFeedId!, changes[key("P4")].NewFeedId!, changes[key("P4")].NewPrice!.Value));

        var again = await Best.RecomputeAsync(rerun.RunId, a, wholeFeed: false, _ => throw new InvalidOperationException("recomputed twice"), T0.AddHours(2), default);
        Assert.Equal((3L, 3L, true), (again.Recomputed, again.Changed, again.AlreadyDone));
        Assert.Equal(3, await Best.CountChangesAsync(rerun.RunId, default));

        var p4 = (await Best.GetOffersAsync(key("P4"), default)).OrderBy(o => o.FeedId, StringComparer.Ordinal).ToList();
        Assert.Equal(2, p4.Count);
        Assert.Equal(false, p4.Single(o => o.FeedId == a).InStock);
        Assert.Empty(await Best.GetOffersAsync(key("P3"), default));
    }

    [Fact]
    public async Task A_recompute_that_dies_midway_resumes_with_the_products_left_and_records_no_change_twice()
    {
        var vendor = $"V{Guid.NewGuid():N}"[..12];
        var feed = NewFeed();
        var first = await RunAsync(feed, Enumerable.Range(1, 1500).Select(i => new Row($"S{i:D4}", 10m + i, Vendor: vendor, Part: $"P{i:D4}")), T0);
        var calls = 0;
        StoredOffer? Dying(IReadOnlyList<StoredOffer> offers) => ++calls == 1200 ? throw new IOException("process killed") : Cheapest(offers);

        await Assert.ThrowsAsync<IOException>(() => Best.RecomputeAsync(first.RunId, feed, wholeFeed: true, Dying, T0, default));
        Assert.Equal(1000, await Best.CountChangesAsync(first.RunId, default)); // the first page committed, the second did not
        Assert.Equal(500, (await QueuedAsync(first.RunId)).Count);

        var resumed = await Best.RecomputeAsync(first.RunId, feed, wholeFeed: true, Cheapest, T0, default);

        Assert.Equal((500L, 1500L, false), (resumed.Recomputed, resumed.Changed, resumed.AlreadyDone));
        var changes = await Best.ReadChangesAsync(first.RunId, 0, 5000, default);
        Assert.Equal(1500, changes.Select(c => c.ProductKey).Distinct().Count());
        Assert.Empty(await QueuedAsync(first.RunId));
    }

    [Fact]
    public async Task The_same_run_recomputed_by_two_instances_at_once_records_each_change_once()
    {
        var vendor = $"V{Guid.NewGuid():N}"[..12];
        var feed = NewFeed();
        var first = await RunAsync(feed, Enumerable.Range(1, 2500).Select(i => new Row($"S{i:D4}", 10m + i, Vendor: vendor, Part: $"P{i:D4}")), T0);

        var both = await Task.WhenAll(
            Task.Run(() => Best.RecomputeAsync(first.RunId, feed, wholeFeed: true, Cheapest, T0, default)),
            Task.Run(() => Best.RecomputeAsync(first.RunId, feed, wholeFeed: true, Cheapest, T0, default)));

        var changes = await Best.ReadChangesAsync(first.RunId, 0, 10_000, default);
        Assert.Equal(2500, changes.Count);
        Assert.Equal(2500, changes.Select(c => c.ProductKey).Distinct().Count());
        Assert.All(both, r => Assert.Equal(2500, r.Changed));
        Assert.Equal(2500, both.Where(r => !r.AlreadyDone).Sum(r => r.Recomputed)); // the pages were shared, none done twice
    }
}

