using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Ingest;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using ErpConnector.Persistence.Prices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErpConnector.Persistence.Tests.Prices;

/// <summary>The behaviour every price/run store must have, run against SQLite and PostgreSQL alike. Rows go through
/// the real diff (<see cref="FeedIngestion"/>) and the stores are resolved the way the host resolves them
/// (AddSqlitePriceSnapshots picks the store by Persistence:Provider).</summary>
public abstract partial class PriceStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 20, 6, 0, 0, TimeSpan.Zero);
    private ServiceProvider? _services;

    protected IFeedRunStore Runs => _services!.GetRequiredService<IFeedRunStore>();
    protected IPriceSnapshotStore Prices => _services!.GetRequiredService<IPriceSnapshotStore>();
    protected ConnectionFactory Connections => _services!.GetRequiredService<ConnectionFactory>();
    protected ErpConnector.Distributors.BestPrice.IBestPriceStore Best => _services!.GetRequiredService<ErpConnector.Distributors.BestPrice.IBestPriceStore>();

    protected abstract Task<PersistenceOptions> CreateOptionsAsync();

    public async Task InitializeAsync()
    {
        var options = await CreateOptionsAsync();
        var services = new ServiceCollection();
        services.AddSingleton<ILogger<DatabaseMigrator>>(NullLogger<DatabaseMigrator>.Instance);
        services.AddSingleton<IOptions<PersistenceOptions>>(Options.Create(options));
        services.AddSingleton<ConnectionFactory>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSqlitePriceSnapshots();
        _services = services.BuildServiceProvider();
        _services.GetRequiredService<DatabaseMigrator>().Migrate();
    }

    public virtual async Task DisposeAsync()
    {
        if (_services is null) return;
        var connections = Connections;
        await _services.DisposeAsync();
        // Each test has its own database, so its pooled connections are never reused: close them now rather
        // than let the idle ones pile up against the server's max_connections.
        if (connections.IsPostgres)
        {
            await using var pooled = new Npgsql.NpgsqlConnection(connections.ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(pooled);
        }
    }

    protected sealed record Row(string Sku, decimal Price, string Currency = "BRL", decimal? Retail = null, string Description = "", bool Delete = false,
        string? Vendor = null, string? Part = null, bool? InStock = null);

    public enum Outcome { Apply, Reject, Fail, CancelDuringApply }

    /// <summary>One run as FeedRunner drives it: start, load the index, diff the rows into staging, then apply
    /// (full feed: unseen stored SKUs are removed), reject, fail (exception while staging) or have the apply cancelled.</summary>
    protected async Task<FeedRun> RunAsync(string feedId, IEnumerable<Row> rows, DateTimeOffset at, Outcome outcome = Outcome.Apply,
        bool full = true, bool writeThrough = false)
    {
        var ct = CancellationToken.None;
        var (run, joined) = await Runs.StartOrJoinAsync(feedId, "api", false, at, TimeSpan.FromMinutes(5), ct);
        Assert.False(joined);
        Assert.True(await Runs.TryBeginAsync(run.RunId, at, ct));
        run.Status = FeedRunStatus.Running;
        run.StartedAt = at;
        run.RowCountBefore = (await Runs.GetStateAsync(feedId, ct))?.RowCount ?? 0;
        var index = await Prices.LoadIndexAsync(feedId, ct);
        var options = new StagingOptions(at, RecordHistory: run.RowCountBefore > 0, WriteThrough: writeThrough && run.RowCountBefore == 0);
        var staging = await Prices.BeginStagingAsync(feedId, run.RunId, options, ct);
        try
        {
            var ingestion = new FeedIngestion(index, staging, 10);
            var line = 0;
            foreach (var r in rows)
            {
                ingestion.Accept(new FeedRecord
                {
                    Sku = r.Sku, Price = r.Price, Currency = r.Currency, RetailPrice = r.Retail, Description = r.Description,
                    Action = r.Delete ? FeedAction.Delete : FeedAction.Upsert, Line = ++line, Raw = r.Sku,
                    Vendor = r.Vendor, VendorPartNumber = r.Part, InStock = r.InStock,
                });
            }
            if (outcome == Outcome.Fail) throw new IOException("connection reset while reading the feed");
            run.RowsRead = ingestion.RowsRead;
            run.RowsValid = ingestion.RowsValid;
            run.RowsMalformed = ingestion.RowsMalformed;
            run.Added = ingestion.Added;
            run.Changed = ingestion.Changed;
            run.Unchanged = ingestion.Unchanged;
            IReadOnlySet<ulong> absent = full ? index.Unseen() : new HashSet<ulong>();
            run.Removed = ingestion.Deleted + absent.Count;
            run.RowCountAfter = run.RowCountBefore + run.Added - run.Removed;
            run.FinishedAt = at;
            if (outcome == Outcome.Reject)
            {
                run.Status = FeedRunStatus.Rejected;
                run.Reason = "row_count_drop";
                await staging.DisposeAsync();
                await Runs.FinishAsync(run, ct);
                return run;
            }
            run.Status = FeedRunStatus.Applied;
            if (outcome == Outcome.CancelDuringApply)
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => staging.ApplyAsync(run, absent, new CancellationToken(canceled: true)));
                await staging.DisposeAsync();
                run.Status = FeedRunStatus.Failed;
                run.Reason = "apply_failed";
                await Runs.FinishAsync(run, ct);
                return run;
            }
            await staging.ApplyAsync(run, absent, ct);
        }
        catch (IOException) when (outcome == Outcome.Fail)
        {
            await staging.DisposeAsync();
            run.Status = FeedRunStatus.Failed;
            run.Reason = "fetch_failed";
            run.FinishedAt = at;
            await Runs.FinishAsync(run, ct);
            return run;
        }
        finally
        {
            await staging.DisposeAsync(); // a second dispose is a no-op
        }
        return run;
    }

    protected static string NewFeed() => $"feed-{Guid.NewGuid():N}"[..17];

    protected static List<Row> Catalogue(int count, decimal bump = 0m) =>
        Enumerable.Range(1, count).Select(i => new Row($"SKU-{i:D5}", 10m + i / 100m + bump, "BRL", i % 3 == 0 ? 20m + i : null, $"Item {i}")).ToList();

    private async Task<long> CountAsync(string sql, string feedId)
    {
        await using var db = await Connections.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        var p = command.CreateParameter();
        p.ParameterName = Connections.IsPostgres ? "feedId" : "$feedId";
        p.Value = feedId;
        command.Parameters.Add(p);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    protected Task<long> SnapshotRowsAsync(string feedId) =>
        CountAsync($"SELECT COUNT(*) FROM distributor_prices WHERE feed_id = {(Connections.IsPostgres ? "@feedId" : "$feedId")}", feedId);

    protected Task<long> HistoryRowsAsync(string feedId) =>
        CountAsync($"SELECT COUNT(*) FROM distributor_price_history WHERE feed_id = {(Connections.IsPostgres ? "@feedId" : "$feedId")}", feedId);

    private async Task<long> MaxUpdatedAtAsync(string feedId) =>
        await CountAsync($"SELECT COALESCE(MAX(updated_at), 0) FROM distributor_prices WHERE feed_id = {(Connections.IsPostgres ? "@feedId" : "$feedId")}", feedId);

    [Fact]
    public async Task First_load_applies_every_row_without_history()
    {
        var feed = NewFeed();
        var run = await RunAsync(feed, Catalogue(5000), T0);

        Assert.Equal(5000, run.Added);
        Assert.Equal(5000, await SnapshotRowsAsync(feed));
        Assert.Equal(0, await HistoryRowsAsync(feed));
        var state = await Runs.GetStateAsync(feed, default);
        Assert.Equal(run.RunId, state!.LastGoodRunId);
        Assert.Equal(5000, state.RowCount);
        Assert.Equal(FeedRunStatus.Applied, state.LastRunStatus);
        var stored = await Runs.GetAsync(run.RunId, default);
        Assert.Equal(FeedRunStatus.Applied, stored!.Status);
        Assert.Null(await Runs.GetActiveAsync(feed, default));
        Assert.Equal(5000, (await Prices.LoadIndexAsync(feed, default)).StoredCount);

        var view = await Prices.GetPriceAsync(feed, "SKU-00003", 10, default);
        Assert.Equal(10.03m, view!.Price);
        Assert.Equal(23m, view.RetailPrice);
        Assert.Equal("BRL", view.Currency);
        Assert.Equal("Item 3", view.Description);
        Assert.Equal(T0, view.FirstSeenAt);
        Assert.Empty(view.History);
        Assert.Null(await Prices.GetPriceAsync(feed, "NOPE", 10, default));
    }

    [Fact]
    public async Task First_load_written_through_applies_the_same()
    {
        var feed = NewFeed();
        await RunAsync(feed, Catalogue(3000), T0, writeThrough: true);
        Assert.Equal(3000, await SnapshotRowsAsync(feed));
        Assert.Equal(10.01m, (await Prices.GetPriceAsync(feed, "SKU-00001", 10, default))!.Price);
    }

    [Fact]
    public async Task Unchanged_refetch_writes_nothing()
    {
        var feed = NewFeed();
        await RunAsync(feed, Catalogue(2000), T0);
        var updatedBefore = await MaxUpdatedAtAsync(feed);

        var again = await RunAsync(feed, Catalogue(2000), T0.AddHours(6));

        Assert.Equal(0, again.Added + again.Changed + again.Removed);
        Assert.Equal(2000, again.Unchanged);
        Assert.Equal(2000, await SnapshotRowsAsync(feed));
        Assert.Equal(0, await HistoryRowsAsync(feed));
        Assert.Equal(updatedBefore, await MaxUpdatedAtAsync(feed));
        Assert.Equal(0, await Prices.CountChangesAsync(feed, again.RunId, default));
        Assert.Equal(again.RunId, (await Runs.GetStateAsync(feed, default))!.LastGoodRunId);
    }

    [Fact]
    public async Task Changed_rows_produce_the_right_diff()
    {
        var feed = NewFeed();
        await RunAsync(feed, [new("A", 10m), new("B", 20m, Retail: 25m), new("C", 30m), new("D", 40m), new("E", 50m, Description: "old")], T0);

        var t1 = T0.AddHours(6);
        var run = await RunAsync(feed,
        [
            new("A", 10.50m),                       // price changed
            new("B", 20m, Retail: null),            // retail price dropped: a price-level change
            new("C", 30.00m, "USD"),                // currency changed (30.00 = 30)
            // D absent from a full feed: removed
            new("E", 50.0m, Description: "new"),    // description only: row rewritten, no history
            new("F", 60m),                          // added
        ], t1);

        Assert.Equal((1L, 4L, 1L), (run.Added, run.Changed, run.Removed));
        Assert.Equal(5, await SnapshotRowsAsync(feed));
        var changes = await Prices.ReadChangesAsync(feed, run.RunId, 0, 100, default);
        Assert.Equal(5, changes.Count);
        Assert.Equal(5, await Prices.CountChangesAsync(feed, run.RunId, default));
        Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.Id < p.Second.Id));
        var bySku = changes.ToDictionary(c => c.Sku);
        AssertChange(bySku["A"], "changed", 10m, 10.5m, "BRL", "BRL");
        AssertChange(bySku["B"], "changed", 20m, 20m, "BRL", "BRL");
        AssertChange(bySku["C"], "changed", 30m, 30m, "BRL", "USD");
        AssertChange(bySku["D"], "removed", 40m, null, "BRL", null);
        AssertChange(bySku["F"], "added", null, 60m, null, "BRL");
        Assert.False(bySku.ContainsKey("E"));
        // Removals of absent SKUs come after the staged rows.
        Assert.Equal("D", changes[^1].Sku);

        var page = await Prices.ReadChangesAsync(feed, run.RunId, changes[1].Id, 2, default);
        Assert.Equal(changes.Skip(2).Take(2).Select(c => c.Id), page.Select(c => c.Id));

        var e = await Prices.GetPriceAsync(feed, "E", 10, default);
        Assert.Equal("new", e!.Description);
        Assert.Equal(T0, e.FirstSeenAt);
        Assert.Equal(t1, e.UpdatedAt);
        var b = await Prices.GetPriceAsync(feed, "B", 10, default);
        Assert.Null(b!.RetailPrice);
        var a = await Prices.GetPriceAsync(feed, "A", 10, default);
        Assert.Equal(10.5m, a!.Price);
        Assert.Equal(T0, a.FirstSeenAt);
        var d = await Prices.GetPriceAsync(feed, "D", 10, default);
        Assert.False(d!.IsCurrent);
        Assert.Equal("removed", d.History[0].Kind);
        Assert.Equal(5, (await Runs.GetStateAsync(feed, default))!.RowCount);
    }

    private static void AssertChange(PriceChangeRecord c, string kind, decimal? oldPrice, decimal? newPrice, string? oldCurrency, string? newCurrency)
    {
        Assert.Equal(kind, c.Kind);
        Assert.Equal(oldPrice, c.OldPrice);
        Assert.Equal(newPrice, c.NewPrice);
        Assert.Equal(oldCurrency, c.OldCurrency);
        Assert.Equal(newCurrency, c.NewCurrency);
    }

    [Fact]
    public async Task Delta_feed_applies_explicit_deletes_and_leaves_unlisted_skus()
    {
        var feed = NewFeed();
        await RunAsync(feed, [new("A", 1m), new("B", 2m), new("C", 3m)], T0);
        var run = await RunAsync(feed, [new("B", 0m, Delete: true), new("C", 3.5m), new("Z", 0m, Delete: true)], T0.AddHours(1), full: false);

        Assert.Equal(1, run.Removed);
        Assert.Equal(2, await SnapshotRowsAsync(feed));
        var changes = await Prices.ReadChangesAsync(feed, run.RunId, 0, 100, default);
        Assert.Equal(new[] { "B:removed", "C:changed" }, changes.Select(c => $"{c.Sku}:{c.Kind}"));
        Assert.Equal(1m, (await Prices.GetPriceAsync(feed, "A", 10, default))!.Price);
    }

    [Theory]
    [InlineData(Outcome.Reject)]
    [InlineData(Outcome.Fail)]
    [InlineData(Outcome.CancelDuringApply)]
    public async Task A_run_that_does_not_apply_leaves_the_last_good_snapshot(Outcome outcome)
    {
        var feed = NewFeed();
        var good = await RunAsync(feed, Catalogue(1500), T0);

        var bad = await RunAsync(feed, Catalogue(100, bump: 1m), T0.AddHours(6), outcome);

        Assert.Equal(1500, await SnapshotRowsAsync(feed));
        Assert.Equal(0, await HistoryRowsAsync(feed));
        Assert.Equal(10.01m, (await Prices.GetPriceAsync(feed, "SKU-00001", 10, default))!.Price);
        var state = (await Runs.GetStateAsync(feed, default))!;
        Assert.Equal(good.RunId, state.LastGoodRunId);
        Assert.Equal(1500, state.RowCount);
        Assert.Equal(bad.RunId, state.LastRunId);
        Assert.NotEqual(FeedRunStatus.Applied, state.LastRunStatus);
        Assert.Null(await Runs.GetActiveAsync(feed, default));

        // The store is still usable: the next good run applies against the untouched snapshot.
        var next = await RunAsync(feed, Catalogue(1500, bump: 1m), T0.AddHours(12));
        Assert.Equal(1500, next.Changed);
        Assert.Equal(1500, await Prices.CountChangesAsync(feed, next.RunId, default));
    }

    [Fact]
    public async Task A_discarded_write_through_first_load_leaves_nothing()
    {
        var feed = NewFeed();
        await RunAsync(feed, Catalogue(2000), T0, Outcome.Reject, writeThrough: true);
        Assert.Equal(0, await SnapshotRowsAsync(feed));
        Assert.Null((await Runs.GetStateAsync(feed, default))!.LastGoodRunId);
    }

    [Fact]
    public async Task Price_history_by_sku_is_newest_first_and_survives_removal()
    {
        var feed = NewFeed();
        await RunAsync(feed, [new("X", 1m), new("Y", 5m)], T0);
        var r1 = await RunAsync(feed, [new("X", 2m), new("Y", 5m)], T0.AddHours(1));
        var r2 = await RunAsync(feed, [new("X", 3m, "USD"), new("Y", 5m)], T0.AddHours(2));
        var r3 = await RunAsync(feed, [new("Y", 5m)], T0.AddHours(3));

        var x = await Prices.GetPriceAsync(feed, "X", 50, default);
        Assert.NotNull(x);
        Assert.False(x.IsCurrent);
        Assert.Null(x.Price);
        Assert.Equal(T0.AddHours(3), x.UpdatedAt);
        Assert.Equal(new[] { r3.RunId, r2.RunId, r1.RunId }, x.History.Select(h => h.RunId));
        Assert.Equal(new[] { "removed", "changed", "changed" }, x.History.Select(h => h.Kind));
        Assert.Equal(3m, x.History[0].OldPrice);
        Assert.Null(x.History[0].NewPrice);
        Assert.Equal(2m, x.History[1].OldPrice);
        Assert.Equal(3m, x.History[1].NewPrice);
        Assert.Equal("BRL", x.History[1].OldCurrency);
        Assert.Equal("USD", x.History[1].NewCurrency);
        Assert.Equal(T0.AddHours(1), x.History[2].At);

        var limited = await Prices.GetPriceAsync(feed, "X", 2, default);
        Assert.Equal(new[] { r3.RunId, r2.RunId }, limited!.History.Select(h => h.RunId));

        var y = await Prices.GetPriceAsync(feed, "Y", 50, default);
        Assert.True(y!.IsCurrent);
        Assert.Empty(y.History);

        var r4 = await RunAsync(feed, [new("X", 4m), new("Y", 5m)], T0.AddHours(4));
        var back = await Prices.GetPriceAsync(feed, "X", 50, default);
        Assert.Equal(4m, back!.Price);
        Assert.Equal(T0.AddHours(4), back.FirstSeenAt);
        Assert.Equal(("added", r4.RunId), (back.History[0].Kind, back.History[0].RunId));
    }

    [Fact]
    public async Task Skus_with_unicode_and_long_descriptions_round_trip()
    {
        var feed = NewFeed();
        var description = new string('é', 2000) + " ✓ ação";
        await RunAsync(feed, [new("ÇÃO-1/ü", 1234567.891m, "EUR", 0.5m, description)], T0);
        var view = await Prices.GetPriceAsync(feed, "ÇÃO-1/ü", 10, default);
        Assert.Equal(1234567.891m, view!.Price);
        Assert.Equal("EUR", view.Currency);
        Assert.Equal(0.5m, view.RetailPrice);
        Assert.Equal(description, view.Description);
    }

    [Fact]
    public async Task One_live_run_per_feed_and_abandoned_runs_are_interrupted()
    {
        var feed = NewFeed();
        var (first, joined) = await Runs.StartOrJoinAsync(feed, "schedule", false, T0, TimeSpan.FromMinutes(1), default);
        Assert.False(joined);
        var (second, joined2) = await Runs.StartOrJoinAsync(feed, "api", true, T0.AddSeconds(10), TimeSpan.FromMinutes(1), default);
        Assert.True(joined2);
        Assert.Equal(first.RunId, second.RunId);
        Assert.Equal(first.RunId, (await Runs.GetActiveAsync(feed, default))!.RunId);

        Assert.True(await Runs.TryBeginAsync(first.RunId, T0.AddSeconds(1), default));
        Assert.False(await Runs.TryBeginAsync(first.RunId, T0.AddSeconds(2), default));

        // Concurrent callers: all of them end up on one run.
        var other = NewFeed();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Runs.StartOrJoinAsync(other, "api", false, T0, TimeSpan.FromMinutes(1), default))));
        Assert.Single(results.Select(r => r.Run.RunId).Distinct());
        Assert.Equal(1, results.Count(r => !r.Joined));

        // Silent past abandonAfter: interrupted, and a new run may start.
        var (third, joined3) = await Runs.StartOrJoinAsync(feed, "api", false, T0.AddMinutes(5), TimeSpan.FromMinutes(1), default);
        Assert.False(joined3);
        Assert.NotEqual(first.RunId, third.RunId);
        var interrupted = (await Runs.GetAsync(first.RunId, default))!;
        Assert.Equal(FeedRunStatus.Interrupted, interrupted.Status);
        Assert.True(interrupted.EventsPublished);
        Assert.Equal(FeedRunStatus.Interrupted, (await Runs.GetStateAsync(feed, default))!.LastRunStatus);

        Assert.Equal(2, await Runs.InterruptAbandonedAsync(T0.AddHours(1), TimeSpan.FromMinutes(1), default));
        Assert.Null(await Runs.GetActiveAsync(feed, default));
        Assert.Null(await Runs.GetActiveAsync(other, default));
    }

    [Fact]
    public async Task Progress_outcome_and_publishing_round_trip()
    {
        var feed = NewFeed();
        var (run, _) = await Runs.StartOrJoinAsync(feed, "api", true, T0, TimeSpan.FromMinutes(1), default);
        Assert.True(await Runs.TryBeginAsync(run.RunId, T0, default));
        run.Status = FeedRunStatus.Running;
        run.StartedAt = T0;
        run.RowsRead = 42;
        run.BytesRead = 1000;
        run.BytesTotal = 5000;
        run.RowsExpected = 100;
        await Runs.SaveProgressAsync(run, T0.AddSeconds(3), default);
        var saved = (await Runs.GetAsync(run.RunId, default))!;
        Assert.Equal((42L, 1000L, (long?)5000, (long?)100, T0.AddSeconds(3), true), (saved.RowsRead, saved.BytesRead, saved.BytesTotal, saved.RowsExpected, saved.HeartbeatAt, saved.Forced));

        run.Status = FeedRunStatus.Rejected;
        run.Reason = "malformed_rows";
        run.Message = "too many malformed rows";
        run.MalformedLines = [new MalformedLine(7, "price -1 is not positive", "X;-1")];
        run.FinishedAt = T0.AddSeconds(4);
        await Runs.FinishAsync(run, default);
        run.Status = FeedRunStatus.Running;
        await Runs.SaveProgressAsync(run, T0.AddSeconds(5), default); // late progress: must not overwrite the outcome

        var finished = (await Runs.GetAsync(run.RunId, default))!;
        Assert.Equal(FeedRunStatus.Rejected, finished.Status);
        Assert.Equal("malformed_rows", finished.Reason);
        Assert.Equal(7, finished.MalformedLines.Single().Line);
        Assert.Contains(await Runs.ListStatesAsync(default), s => s.FeedId == feed && s.LastRunStatus == FeedRunStatus.Rejected);

        Assert.Contains(await Runs.ListUnpublishedAsync(feed, default), r => r.RunId == run.RunId);
        Assert.Contains(await Runs.ListUnpublishedAsync(null, default), r => r.RunId == run.RunId);
        await Runs.MarkPublishedAsync(run.RunId, default);
        Assert.DoesNotContain(await Runs.ListUnpublishedAsync(feed, default), r => r.RunId == run.RunId);
        Assert.True((await Runs.GetAsync(run.RunId, default))!.EventsPublished);
    }
}
