using Dapper;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Ingest;
using ErpConnector.Distributors.Snapshots;
using ErpConnector.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace ErpConnector.Persistence.Prices;

public sealed class SqlitePriceSnapshotStore(ConnectionFactory connections, TimeProvider clock) : IPriceSnapshotStore
{
    public async Task<SnapshotIndex> LoadIndexAsync(string feedId, CancellationToken ct)
    {
        await using var db = await Sqlite.OpenAsync(connections, ct);
        var count = await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT row_count FROM distributor_feed_state WHERE feed_id = @feedId", new { feedId }, cancellationToken: ct));
        // Room for a tenth more, so a growing catalogue does not rehash a million entries mid-run.
        var index = new SnapshotIndex((int)Math.Min(int.MaxValue / 2, count + count / 10 + 16));
        // Raw stepping: two integers a row, a million rows, no ADO.NET per-value overhead.
        using var query = new RawStatement(db.Handle!, "SELECT sku_key, row_hash FROM distributor_prices WHERE feed_id = ?1");
        query.Text(1, feedId);
        long rows = 0;
        while (query.Step())
        {
            if ((++rows & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            index.AddStored(unchecked((ulong)query.ColumnInt64(0)), unchecked((ulong)query.ColumnInt64(1)));
        }
        return index;
    }

    public static string SpillDirectory => Path.Combine(Path.GetTempPath(), "erpconnector-price-staging");

    public async Task<IPriceStaging> BeginStagingAsync(string feedId, string runId, StagingOptions options, CancellationToken ct)
    {
        Directory.CreateDirectory(SpillDirectory);
        RemoveOrphanedSpills();
        var load = await SqliteLoadConnection.OpenAsync(connections, ct);
        try
        {
            return new SqlitePriceStaging(load, feedId, runId, options, Path.Combine(SpillDirectory, $"{feedId}-{runId}.spill"));
        }
        catch
        {
            await load.DisposeAsync();
            throw;
        }
    }

    /// <summary>Spill files are deleted on close; only a killed process leaves one behind.</summary>
    private void RemoveOrphanedSpills()
    {
        foreach (var file in new DirectoryInfo(SpillDirectory).EnumerateFiles("*.spill"))
        {
            try
            {
                if (file.LastWriteTimeUtc < clock.GetUtcNow().UtcDateTime.AddDays(-1)) file.Delete();
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    public async Task<PriceView?> GetPriceAsync(string feedId, string sku, int historyLimit, CancellationToken ct)
    {
        await using var db = await Sqlite.OpenAsync(connections, ct);
        return await PriceSnapshotQueries.GetPriceAsync(db, feedId, sku, historyLimit, ct);
    }

    public async Task<IReadOnlyList<PriceChangeRecord>> ReadChangesAsync(string feedId, string runId, long afterId, int limit, CancellationToken ct)
    {
        await using var db = await Sqlite.OpenAsync(connections, ct);
        return await PriceSnapshotQueries.ReadChangesAsync(db, feedId, runId, afterId, limit, ct);
    }

    public async Task<long> CountChangesAsync(string feedId, string runId, CancellationToken ct)
    {
        await using var db = await Sqlite.OpenAsync(connections, ct);
        return await PriceSnapshotQueries.CountChangesAsync(db, feedId, runId, ct);
    }
}
