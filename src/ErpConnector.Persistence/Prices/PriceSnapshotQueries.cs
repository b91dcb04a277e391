using System.Data.Common;
using Dapper;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Snapshots;

namespace ErpConnector.Persistence.Prices;

/// <summary>The snapshot reads both price stores run unchanged (same tables on SQLite and PostgreSQL); each store
/// opens its own connection and says how it spells "no limit".</summary>
internal static class PriceSnapshotQueries
{
    public static async Task<PriceView?> GetPriceAsync(DbConnection db, string feedId, string sku, int? historyLimit, CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<PriceRow>(new CommandDefinition(
            """
            SELECT feed_id, sku, price, currency, retail_price, description, first_seen_at, updated_at
            FROM distributor_prices WHERE feed_id = @feedId AND sku = @sku
            """, new { feedId, sku }, cancellationToken: ct));
        var history = (await db.QueryAsync<ChangeRow>(new CommandDefinition(
            """
            SELECT id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency
            FROM distributor_price_history WHERE feed_id = @feedId AND sku = @sku ORDER BY id DESC LIMIT @historyLimit
            """, new { feedId, sku, historyLimit }, cancellationToken: ct))).ToList();
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

    public static async Task<IReadOnlyList<PriceChangeRecord>> ReadChangesAsync(DbConnection db, string feedId, string runId, long afterId, int? limit, CancellationToken ct)
    {
        var rows = await db.QueryAsync<ChangeRow>(new CommandDefinition(
            """
            SELECT id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency
            FROM distributor_price_history WHERE run_id = @runId AND feed_id = @feedId AND id > @afterId ORDER BY id LIMIT @limit
            """, new { feedId, runId, afterId, limit }, cancellationToken: ct));
        return rows.Select(r => new PriceChangeRecord(r.Id, r.Sku, r.Kind, Decimal(r.OldPrice), Decimal(r.NewPrice), r.OldCurrency, r.NewCurrency)).ToList();
    }

    public static Task<long> CountChangesAsync(DbConnection db, string feedId, string runId, CancellationToken ct) =>
        db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM distributor_price_history WHERE run_id = @runId AND feed_id = @feedId", new { feedId, runId }, cancellationToken: ct));

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
