using Dapper;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Ingest;
using ErpConnector.Distributors.Snapshots;
using Npgsql;

namespace ErpConnector.Persistence.Postgres.Prices;

/// <summary>The live price snapshot and its history on PostgreSQL (same tables and semantics as
/// SqlitePriceSnapshotStore). Staging is a session TEMP table on the run's own connection, filled by binary COPY
/// and applied in one transaction (<see cref="PostgresPriceStaging"/>).</summary>
public sealed class PostgresPriceSnapshotStore(ConnectionFactory connections) : IPriceSnapshotStore
{
    static PostgresPriceSnapshotStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public async Task<SnapshotIndex> LoadIndexAsync(string feedId, CancellationToken ct)
    {
        await using var db = await PostgresFeedRunStore.OpenAsync(connections, ct);
        var count = await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE((SELECT row_count FROM distributor_feed_state WHERE feed_id = @feedId), 0)", new { feedId }, cancellationToken: ct));
        // Room for a tenth more, so a growing catalogue does not rehash a million entries mid-run.
        var index = new SnapshotIndex((int)Math.Min(int.MaxValue / 2, count + count / 10 + 16));
        // Two integers a row, streamed (the reader holds one network buffer, not the result).
        await using var query = new NpgsqlCommand("SELECT sku_key, row_hash FROM distributor_prices WHERE feed_id = @feedId", db) { CommandTimeout = 0 };
        query.Parameters.AddWithValue("feedId", feedId);
        await using var reader = await query.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        long rows = 0;
        while (await reader.ReadAsync(ct))
        {
            if ((++rows & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            index.AddStored(unchecked((ulong)reader.GetInt64(0)), unchecked((ulong)reader.GetInt64(1)));
        }
        return index;
    }

    public async Task<IPriceStaging> BeginStagingAsync(string feedId, string runId, StagingOptions options, CancellationToken ct)
    {
        var db = await PostgresFeedRunStore.OpenAsync(connections, ct);
        try
        {
            await PostgresPriceStaging.CreateTablesAsync(db, ct);
            return new PostgresPriceStaging(db, feedId, runId, options);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public async Task<PriceView?> GetPriceAsync(string feedId, string sku, int historyLimit, CancellationToken ct)
    {
        await using var db = await PostgresFeedRunStore.OpenAsync(connections, ct);
        var row = await db.QuerySingleOrDefaultAsync<PriceRow>(new CommandDefinition(
            """
            SELECT feed_id, sku, price, currency, retail_price, description, first_seen_at, updated_at
            FROM distributor_prices WHERE feed_id = @feedId AND sku = @sku
            """, new { feedId, sku }, cancellationToken: ct));
        var history = (await db.QueryAsync<ChangeRow>(new CommandDefinition(
            """
            SELECT id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency
            FROM distributor_price_history WHERE feed_id = @feedId AND sku = @sku ORDER BY id DESC LIMIT @historyLimit
            """, new { feedId, sku, historyLimit = NoLimitWhenNegative(historyLimit) }, cancellationToken: ct))).ToList();
        if (row is null && history.Count == 0) return null;
        var entries = history.Select(h => new PriceHistoryEntry(
            DateTimeOffset.FromUnixTimeMilliseconds(h.At), h.RunId, h.Kind, Decimal(h.OldPrice), Decimal(h.NewPrice), h.OldCurrency, h.NewCurrency)).ToList();
        if (row is null)
        {
            // Removed from the feed: no current price, but its history still answers "what was it".
            return new PriceView(feedId, sku, null, null, null, null, null, entries[0].At, entries);
        }
        return new PriceView(row.FeedId, row.Sku, PriceText.Parse(row.Price), row.Currency, Decimal(row.RetailPrice), row.Description,
            DateTimeOffset.FromUnixTimeMilliseconds(row.FirstSeenAt), DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt), entries);
    }

    public async Task<IReadOnlyList<PriceChangeRecord>> ReadChangesAsync(string feedId, string runId, long afterId, int limit, CancellationToken ct)
    {
        await using var db = await PostgresFeedRunStore.OpenAsync(connections, ct);
        var rows = await db.QueryAsync<ChangeRow>(new CommandDefinition(
            """
            SELECT id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency
            FROM distributor_price_history WHERE run_id = @runId AND feed_id = @feedId AND id > @afterId ORDER BY id LIMIT @limit
            """, new { feedId, runId, afterId, limit = NoLimitWhenNegative(limit) }, cancellationToken: ct));
        return rows.Select(r => new PriceChangeRecord(r.Id, r.Sku, r.Kind, Decimal(r.OldPrice), Decimal(r.NewPrice), r.OldCurrency, r.NewCurrency)).ToList();
    }

    public async Task<long> CountChangesAsync(string feedId, string runId, CancellationToken ct)
    {
        await using var db = await PostgresFeedRunStore.OpenAsync(connections, ct);
        return await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM distributor_price_history WHERE run_id = @runId AND feed_id = @feedId", new { feedId, runId }, cancellationToken: ct));
    }

    /// <summary>SQLite reads a negative LIMIT as "no limit"; PostgreSQL's equivalent is LIMIT NULL.</summary>
    private static int? NoLimitWhenNegative(int limit) => limit < 0 ? null : limit;

    private static decimal? Decimal(string? text) => text is null ? null : PriceText.Parse(text);

    private sealed class PriceRow
    {
        public string FeedId { get; set; } = "";
        public string Sku { get; set; } = "";
        public string Price { get; set; } = "";
        public string Currency { get; set; } = "";
        public string? RetailPrice { get; set; }
        public string? Description { get; set; }
        public long FirstSeenAt { get; set; }
        public long UpdatedAt { get; set; }
    }

    private sealed class ChangeRow
    {
        public long Id { get; set; }
        public string Sku { get; set; } = "";
        public string RunId { get; set; } = "";
        public long At { get; set; }
        public string Kind { get; set; } = "";
        public string? OldPrice { get; set; }
        public string? NewPrice { get; set; }
        public string? OldCurrency { get; set; }
        public string? NewCurrency { get; set; }
    }
}
