using System.Data.Common;
using Dapper;
using ErpConnector.Distributors.BestPrice;
using ErpConnector.Distributors.Feeds;

namespace ErpConnector.Persistence.Prices;

/// <summary>
/// The best-price tables, the same SQL on SQLite and PostgreSQL (as <see cref="FeedRunStore"/>): each provider says
/// how it opens a connection and how it serialises recomputes. A recompute pages through the products to recompute
/// (1,000 at a time, one transaction each), loads every feed's offers for the page, lets the rules choose, writes only
/// what differs and dequeues the page; the run's marker goes in with the last page. A crash resumes where it stopped,
/// and a product recomputed twice finds its choice already stored, so no change is recorded twice.
/// </summary>
public abstract class BestPriceStore : IBestPriceStore
{
    private const int PageSize = 1000;

    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>Serialises recomputes across instances; SQLite's IMMEDIATE transaction already does.</summary>
    protected virtual Task LockAsync(DbConnection db, DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    /// <summary>"Is one of the list <paramref name="parameter"/>": Dapper expands a list into <c>IN (@p1, …)</c> on SQLite
    /// and passes an array on PostgreSQL.</summary>
    protected virtual string AnyOf(string parameter) => $"IN @{parameter}";

    public async Task<BestPriceRecount> RecomputeAsync(string runId, string feedId, bool wholeFeed,
        Func<IReadOnlyList<StoredOffer>, StoredOffer?> choose, DateTimeOffset now, CancellationToken ct)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var db = await OpenConnectionAsync(ct);
        await using (var tx = await db.BeginTransactionAsync(ct))
        {
            await LockAsync(db, tx, ct);
            var done = await db.QuerySingleOrDefaultAsync<MarkerRow>(new CommandDefinition(
                "SELECT recomputed, changed FROM distributor_best_price_runs WHERE run_id = @runId", new { runId }, tx, cancellationToken: ct));
            if (done is not null)
            {
                await tx.CommitAsync(ct);
                return new BestPriceRecount(done.Recomputed, done.Changed, AlreadyDone: true);
            }
            var resuming = await db.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM distributor_best_price_queue WHERE run_id = @runId", new { runId }, tx, cancellationToken: ct)) > 0;
            if (wholeFeed && !resuming)
            {
                // A first load queues nothing while it writes (a million extra inserts in the hot path); its products are
                // queued here in one pass over the feed's rows, and then recomputed like any run's.
                // "AND true": SQLite needs a WHERE before ON CONFLICT in an INSERT … SELECT; PostgreSQL takes it as it is.
                await db.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO distributor_best_price_queue (run_id, product_key)
                    SELECT DISTINCT @runId, product_key FROM distributor_prices WHERE feed_id = @feedId AND product_key IS NOT NULL
                    AND true ON CONFLICT DO NOTHING
                    """, new { runId, feedId }, tx, commandTimeout: 0, cancellationToken: ct));
            }
            await tx.CommitAsync(ct);
        }

        // One transaction a page, each taking the lock and reading the offers afresh: a million-product first load
        // never holds the database's write lock for minutes (the deal ledger shares it on SQLite), and a crash
        // resumes from the keys still queued (products done are dequeued in their page's transaction).
        long recomputed = 0;
        while (true)
        {
            await using var tx = await db.BeginTransactionAsync(ct);
            await LockAsync(db, tx, ct);
            var keys = (await db.QueryAsync<string>(new CommandDefinition(
                "SELECT product_key FROM distributor_best_price_queue WHERE run_id = @runId ORDER BY product_key LIMIT @limit",
                new { runId, limit = PageSize }, tx, cancellationToken: ct))).ToList();
            if (keys.Count > 0)
            {
                await RecomputePageAsync(db, tx, keys, runId, choose, at, ct);
                await db.ExecuteAsync(new CommandDefinition(
                    $"DELETE FROM distributor_best_price_queue WHERE run_id = @runId AND product_key {AnyOf("keys")}",
                    new { runId, keys = keys.ToArray() }, tx, cancellationToken: ct));
                recomputed += keys.Count;
            }
            if (keys.Count < PageSize)
            {
                var changed = await db.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM distributor_best_price_changes WHERE run_id = @runId", new { runId }, tx, cancellationToken: ct));
                await db.ExecuteAsync(new CommandDefinition(
                    // Two instances resuming the same run (each publishing what the other left) both finish here; the
                    // pages never overlap (each is dequeued in its own transaction), and the second marker is a no-op.
                    """
                    INSERT INTO distributor_best_price_runs (run_id, feed_id, recomputed, changed, at) VALUES (@runId, @feedId, @recomputed, @changed, @at)
                    ON CONFLICT (run_id) DO NOTHING
                    """,
                    new { runId, feedId, recomputed, changed, at }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                return new BestPriceRecount(recomputed, changed, AlreadyDone: false);
            }
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>Chooses for each key from every feed's offers and writes what differs from the stored choice.</summary>
    private async Task RecomputePageAsync(DbConnection db, DbTransaction tx, List<string> keys, string runId,
        Func<IReadOnlyList<StoredOffer>, StoredOffer?> choose, long at, CancellationToken ct)
    {
        var offers = (await db.QueryAsync<OfferRow>(new CommandDefinition(
                $"SELECT {OfferRow.Columns} FROM distributor_prices WHERE product_key {AnyOf("keys")}", new { keys = keys.ToArray() }, tx, cancellationToken: ct)))
            .Select(r => r.ToOffer()).ToLookup(o => o.ProductKey, StringComparer.Ordinal);
        var stored = (await db.QueryAsync<ChosenRow>(new CommandDefinition(
                $"SELECT product_key, feed_id, sku, price, currency FROM distributor_best_prices WHERE product_key {AnyOf("keys")}", new { keys = keys.ToArray() }, tx, cancellationToken: ct)))
            .ToDictionary(r => r.ProductKey, StringComparer.Ordinal);

        var upserts = new List<object>();
        var deletes = new List<string>();
        var changes = new List<object>();
        foreach (var key in keys)
        {
            var chosen = choose(offers[key].ToList());
            stored.TryGetValue(key, out var before);
            var newPrice = chosen is null ? null : PriceText.Format(chosen.Price);
            if (chosen is null && before is null) continue;
            if (chosen is not null && before is not null && before.FeedId == chosen.FeedId && before.Sku == chosen.Sku
                && before.Price == newPrice && before.Currency == chosen.Currency) continue;
            if (chosen is null) deletes.Add(key);
            else upserts.Add(new { key, feedId = chosen.FeedId, sku = chosen.Sku, price = newPrice, currency = chosen.Currency, runId, at });
            // News is a different distributor or price; the same distributor renaming its SKU is only stored.
            if (before?.FeedId == chosen?.FeedId && before?.Price == newPrice && before?.Currency == chosen?.Currency) continue;
            changes.Add(new
            {
                runId, key, at,
                oldFeedId = before?.FeedId, oldSku = before?.Sku, oldPrice = before?.Price, oldCurrency = before?.Currency,
                newFeedId = chosen?.FeedId, newSku = chosen?.Sku, newPrice, newCurrency = chosen?.Currency,
            });
        }
        if (upserts.Count > 0)
            await db.ExecuteAsync(new CommandDefinition("""
                INSERT INTO distributor_best_prices (product_key, feed_id, sku, price, currency, run_id, updated_at)
                VALUES (@key, @feedId, @sku, @price, @currency, @runId, @at)
                ON CONFLICT (product_key) DO UPDATE SET feed_id = excluded.feed_id, sku = excluded.sku, price = excluded.price,
                    currency = excluded.currency, run_id = excluded.run_id, updated_at = excluded.updated_at
                """, upserts, tx, cancellationToken: ct));
        if (deletes.Count > 0)
            await db.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM distributor_best_prices WHERE product_key {AnyOf("deletes")}", new { deletes = deletes.ToArray() }, tx, cancellationToken: ct));
        if (changes.Count > 0)
            await db.ExecuteAsync(new CommandDefinition("""
                INSERT INTO distributor_best_price_changes (run_id, product_key, old_feed_id, old_sku, old_price, old_currency,
                                                            new_feed_id, new_sku, new_price, new_currency, at)
                VALUES (@runId, @key, @oldFeedId, @oldSku, @oldPrice, @oldCurrency, @newFeedId, @newSku, @newPrice, @newCurrency, @at)
                """, changes, tx, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<BestPriceChangeRecord>> ReadChangesAsync(string runId, long afterId, int limit, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        var rows = await db.QueryAsync<ChangeRow>(new CommandDefinition("""
            SELECT id, product_key, old_feed_id, old_sku, old_price, old_currency, new_feed_id, new_sku, new_price, new_currency
            FROM distributor_best_price_changes WHERE run_id = @runId AND id > @afterId ORDER BY id LIMIT @limit
            """, new { runId, afterId, limit }, cancellationToken: ct));
        return rows.Select(r => new BestPriceChangeRecord(r.Id, r.ProductKey, r.OldFeedId, r.OldSku, Decimal(r.OldPrice), r.OldCurrency,
            r.NewFeedId, r.NewSku, Decimal(r.NewPrice), r.NewCurrency)).ToList();
    }

    public async Task<long> CountChangesAsync(string runId, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        return await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM distributor_best_price_changes WHERE run_id = @runId", new { runId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<StoredOffer>> GetOffersAsync(string productKey, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        var rows = await db.QueryAsync<OfferRow>(new CommandDefinition(
            $"SELECT {OfferRow.Columns} FROM distributor_prices WHERE product_key = @productKey", new { productKey }, cancellationToken: ct));
        return rows.Select(r => r.ToOffer()).ToList();
    }

    private static decimal? Decimal(string? text) => text is null ? null : PriceText.Parse(text);

    private sealed class MarkerRow
    {
        public long Recomputed { get; set; }
        public long Changed { get; set; }
    }

    private sealed class OfferRow
    {
        // CAST: SQLite hands back an integer, PostgreSQL a smallint; one type for both.
        public const string Columns = "product_key, feed_id, sku, price, currency, CAST(in_stock AS BIGINT) AS in_stock, updated_at";
        public string ProductKey { get; set; } = "";
        public string FeedId { get; set; } = "";
        public string Sku { get; set; } = "";
        public string Price { get; set; } = "";
        public string Currency { get; set; } = "";
        public long? InStock { get; set; }
        public long UpdatedAt { get; set; }

        public StoredOffer ToOffer() => new(ProductKey, FeedId, Sku, PriceText.Parse(Price), Currency,
            InStock switch { null => null, 0 => false, _ => true }, DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt));
    }

    private sealed class ChosenRow
    {
        public string ProductKey { get; set; } = "";
        public string FeedId { get; set; } = "";
        public string Sku { get; set; } = "";
        public string Price { get; set; } = "";
        public string Currency { get; set; } = "";
    }

    private sealed class ChangeRow
    {
        public long Id { get; set; }
        public string ProductKey { get; set; } = "";
        public string? OldFeedId { get; set; }
        public string? OldSku { get; set; }
        public string? OldPrice { get; set; }
        public string? OldCurrency { get; set; }
        public string? NewFeedId { get; set; }
        public string? NewSku { get; set; }
        public string? NewPrice { get; set; }
        public string? NewCurrency { get; set; }
    }
}
