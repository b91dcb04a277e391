using Dapper;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Ingest;
using ErpConnector.Distributors.Snapshots;
using ErpConnector.Persistence.Prices;
using Npgsql;

namespace ErpConnector.Persistence.Postgres.Prices;

/// <summary>The live price snapshot and its history on PostgreSQL (same tables and semantics as
/// SqlitePriceSnapshotStore). Staging is a session TEMP table on the run's own connection, filled by binary COPY
/// and applied in one transaction (<see cref="PostgresPriceStaging"/>).</summary>
public sealed class PostgresPriceSnapshotStore(ConnectionFactory connections) : IPriceSnapshotStore
{

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
        return await PriceSnapshotQueries.GetPriceAsync(db, feedId, sku, NoLimitWhenNegative(historyLimit), ct);
    }

    public async Task<IReadOnlyList<PriceChangeRecord>> ReadChangesAsync(string feedId, string runId, long afterId, int limit, CancellationToken ct)
    {
        await using var db = await PostgresFeedRunStore.OpenAsync(connections, ct);
        return await PriceSnapshotQueries.ReadChangesAsync(db, feedId, runId, afterId, NoLimitWhenNegative(limit), ct);
    }

    public async Task<long> CountChangesAsync(string feedId, string runId, CancellationToken ct)
    {
        await using var db = await PostgresFeedRunStore.OpenAsync(connections, ct);
        return await PriceSnapshotQueries.CountChangesAsync(db, feedId, runId, ct);
    }

    /// <summary>SQLite reads a negative LIMIT as "no limit"; PostgreSQL's equivalent is LIMIT NULL.</summary>
    private static int? NoLimitWhenNegative(int limit) => limit < 0 ? null : limit;
}
