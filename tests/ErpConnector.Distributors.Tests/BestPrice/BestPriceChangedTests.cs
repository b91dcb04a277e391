using ErpConnector.Contracts;
using ErpConnector.Distributors.BestPrice;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Sandbox.Distributors;

namespace ErpConnector.Distributors.Tests.BestPrice;

/// <summary>Three simulated distributors listing the same products (vendor + part number, stock flag) at different
/// prices. What is expected is computed here from the simulator's catalogue and the rules, product by product, and the
/// connector's BestPriceChanged must name exactly the products whose choice moved: once each, none that did not.</summary>
public sealed class BestPriceChangedTests : IClassFixture<FeedHarness>
{
    private const int Rows = 1500;
    private readonly FeedHarness _harness;

    public BestPriceChangedTests(FeedHarness harness)
    {
        _harness = harness;
        harness.Options.PreferCheaperBy = 5m;
    }

    private PriceFeedOptions AddMatchedFeed(int priority) => _harness.AddFileFeed("prices.csv", "layout=matched", f =>
    {
        f.Priority = priority;
        f.File!.Columns = new FileColumns
        {
            Sku = "sku", Price = "price", Currency = "currency", Vendor = "vendor", VendorPartNumber = "vendor_part_number", Ean = "ean", Stock = "in_stock",
        };
    });

    private static Dictionary<string, (string Feed, decimal Price)> Expected(BestPriceRules rules, params (string Feed, int Priority, CatalogueSpec Spec)[] feeds)
    {
        var now = DateTimeOffset.UtcNow;
        var chosen = new Dictionary<string, (string, decimal)>();
        for (var i = 1; i <= Rows; i++)
        {
            var offers = new List<Offer>();
            string? key = null;
            foreach (var (feed, priority, spec) in feeds)
            {
                var item = SandboxCatalogue.At(spec, i);
                if (item.Removed) continue;
                var product = SandboxCatalogue.Product(spec, i);
                key = ProductKey.Normalize($"{product.Vendor}:{product.VendorPartNumber}");
                offers.Add(new Offer(feed, item.Sku, item.Price, "USD", priority, now, product.InStock));
            }
            if (rules.Choose(offers, now).Chosen is { } best) chosen[key!] = (best.FeedId, best.Price);
        }
        return chosen;
    }

    [Fact]
    public async Task A_rerun_announces_each_product_whose_choice_moved_exactly_once_and_no_other()
    {
        var a = AddMatchedFeed(priority: 1);
        var b = AddMatchedFeed(priority: 2);
        var c = AddMatchedFeed(priority: 3);
        await _harness.SetCatalogueAsync(a.Id, Rows, seed: 1);
        await _harness.SetCatalogueAsync(b.Id, Rows, seed: 2);
        await _harness.SetCatalogueAsync(c.Id, Rows, seed: 3);
        foreach (var feed in new[] { a, b, c }) FeedAssert.Applied(await _harness.RunAsync(feed.Id));
        var rules = new BestPriceRules(5m, _harness.Options.IgnoreOlderThan);
        var spec = (int seed, double changed, double removed) => new CatalogueSpec { Rows = Rows, Seed = seed, ChangedPercent = changed, RemovedPercent = removed, Layout = "matched" };
        var before = Expected(rules, (a.Id, 1, spec(1, 0, 0)), (b.Id, 2, spec(2, 0, 0)), (c.Id, 3, spec(3, 0, 0)));

        // The preferred distributor raises 10% of its prices by 7% and drops 1% of its products.
        await _harness.SetCatalogueAsync(a.Id, Rows, seed: 1, changed: 10, removed: 1);
        var rerun = await _harness.RunAsync(a.Id);

        FeedAssert.Applied(rerun);
        var after = Expected(rules, (a.Id, 1, spec(1, 10, 1)), (b.Id, 2, spec(2, 0, 0)), (c.Id, 3, spec(3, 0, 0)));
        var expected = before.Keys.Union(after.Keys)
            .Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected); // the data really moves some choices, so "nothing published" cannot pass

        var batches = _harness.Events.Of<BestPriceChanged>(e => e.RunId == rerun.RunId);
        var announced = batches.SelectMany(m => m.Changes).ToList();
        Assert.All(batches, m => Assert.InRange(m.Changes.Count, 1, BestPriceRecompute.ChangesPerMessage));
        Assert.Equal(Enumerable.Range(1, batches.Count), batches.Select(m => m.Batch));
        Assert.Equal(expected, announced.Select(ch => ch.ProductKey).Order(StringComparer.Ordinal).ToList()); // once each, no others
        foreach (var change in announced)
        {
            var now = after.TryGetValue(change.ProductKey, out var n) ? n : default;
            Assert.Equal(now.Feed, change.FeedId);
            Assert.Equal(now == default ? (decimal?)null : now.Price, change.Price);
            Assert.Equal(before.GetValueOrDefault(change.ProductKey).Feed, change.PreviousFeedId);
        }

        // Only the products the run touched were recomputed: changed and removed rows, not the whole catalogue.
        await using (var db = await _harness.Connections.OpenAsync())
        await using (var query = db.CreateCommand())
        {
            query.CommandText = $"SELECT recomputed FROM distributor_best_price_runs WHERE run_id = '{rerun.RunId}'";
            Assert.Equal(rerun.Changed + rerun.Removed, (long)(await query.ExecuteScalarAsync())!);
        }

        // Nothing moved: nothing announced.
        var quiet = await _harness.RunAsync(a.Id);
        FeedAssert.Applied(quiet);
        Assert.Equal(0, quiet.Changed + quiet.Added + quiet.Removed);
        Assert.Empty(_harness.Events.Of<BestPriceChanged>(e => e.RunId == quiet.RunId));
    }

    [Fact]
    public async Task A_stock_flip_alone_moves_the_choice_and_is_announced()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"bestprice-stock-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var fileA = Path.Combine(dir, "a.csv");
        var fileB = Path.Combine(dir, "b.csv");
        var vendor = $"V{Guid.NewGuid():N}"[..10];
        await File.WriteAllTextAsync(fileA, $"sku,price,vendor,vpn,stock\nA1,100.00,{vendor},X1,Y\nA2,50.00,{vendor},X2,Y\n");
        await File.WriteAllTextAsync(fileB, $"sku,price,vendor,vpn,stock\nB1,80.00,{vendor},X1,Y\nB2,60.00,{vendor},X2,Y\n");
        PriceFeedOptions Local(string path, int priority) => _harness.AddFileFeed(configure: f =>
        {
            f.Priority = priority;
            f.File!.Url = new Uri(path).AbsoluteUri;
            f.File.Columns = new FileColumns { Sku = "sku", Price = "price", Vendor = "vendor", VendorPartNumber = "vpn", Stock = "stock" };
        });
        var a = Local(fileA, 1);
        var b = Local(fileB, 2);
        FeedAssert.Applied(await _harness.RunAsync(a.Id));
        FeedAssert.Applied(await _harness.RunAsync(b.Id));

        // Same prices; only B's stock flag for X1 flips to out of stock.
        await File.WriteAllTextAsync(fileB, $"sku,price,vendor,vpn,stock\nB1,80.00,{vendor},X1,N\nB2,60.00,{vendor},X2,Y\n");
        var run = await _harness.RunAsync(b.Id);

        FeedAssert.Applied(run);
        var change = Assert.Single(_harness.Events.Of<BestPriceChanged>(e => e.RunId == run.RunId).SelectMany(m => m.Changes));
        Assert.Equal($"{vendor.ToUpperInvariant()}:X1", change.ProductKey);
        Assert.Equal((b.Id, 80m), (change.PreviousFeedId!, change.PreviousPrice!.Value));
        Assert.Equal((a.Id, 100m), (change.FeedId!, change.Price!.Value));
        Assert.Empty(_harness.Events.Of<DistributorPricesChanged>(e => e.RunId == run.RunId)); // no price moved
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}
