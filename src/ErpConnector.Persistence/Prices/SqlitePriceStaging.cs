using Dapper;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using Microsoft.Data.Sqlite;

namespace ErpConnector.Persistence.Prices;

/// <summary>Stages a run's writes in a spill file (never in the live tables, never holding the database's write
/// lock while the feed streams in) and applies them in one IMMEDIATE transaction on the run's own connection.
/// A rejected, failed or interrupted run just deletes the file; a crashed one leaves nothing in the database.</summary>
internal sealed class SqlitePriceStaging(SqliteConnection db, string feedId, string runId, PriceSpillFile spill) : IPriceStaging
{
    public static string Directory => Path.Combine(Path.GetTempPath(), "erpconnector-price-staging");

    public void Upsert(in StagedPrice price) { if (Environment.GetEnvironmentVariable("BENCH_NOSPILL") is null) spill.Append(price); }

    public void Remove(ReadOnlySpan<char> sku) => spill.AppendRemoval(sku);

    public async Task<int> RemoveKeysAsync(IReadOnlySet<ulong> skuKeys, CancellationToken ct)
    {
        var found = 0;
        await using var scan = db.CreateCommand();
        scan.CommandText = "SELECT sku_key, sku FROM distributor_prices WHERE feed_id = $feedId";
        scan.Parameters.AddWithValue("$feedId", feedId);
        await using var reader = await scan.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            // The key first: the SKU string is only materialised for the few rows that are going.
            if (!skuKeys.Contains(unchecked((ulong)reader.GetInt64(0)))) continue;
            spill.AppendRemoval(reader.GetString(1));
            found++;
        }
        return found;
    }

    public async Task ApplyAsync(FeedRun run, bool recordHistory, CancellationToken ct)
    {
        var now = (run.FinishedAt ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds();
        spill.Flush();
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(ct); // IMMEDIATE: the one write of the run
        using (var addedHistory = new RawStatement(db, """
                   INSERT INTO distributor_price_history (feed_id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency)
                   VALUES (?1, ?2, ?3, ?4, 'added', NULL, ?5, NULL, ?6)
                   """))
        // Price-level changes only: a new description alone is not news for anyone quoting.
        using (var changedHistory = new RawStatement(db, """
                   INSERT INTO distributor_price_history (feed_id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency)
                   SELECT ?1, ?2, ?3, ?4, 'changed', price, ?5, currency, ?6 FROM distributor_prices
                   WHERE feed_id = ?1 AND sku = ?2 AND (price <> ?5 OR currency <> ?6 OR retail_price IS NOT ?7)
                   """))
        using (var removedHistory = new RawStatement(db, """
                   INSERT INTO distributor_price_history (feed_id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency)
                   SELECT ?1, ?2, ?3, ?4, 'removed', price, NULL, currency, NULL FROM distributor_prices WHERE feed_id = ?1 AND sku = ?2
                   """))
        using (var upsert = new RawStatement(db, """
                   INSERT INTO distributor_prices (feed_id, sku, sku_key, row_hash, price, currency, retail_price, description, first_seen_at, updated_at, run_id)
                   VALUES (?1, ?2, ?8, ?9, ?5, ?6, ?7, ?10, ?4, ?4, ?3)
                   ON CONFLICT (feed_id, sku) DO UPDATE SET
                       sku_key = excluded.sku_key, row_hash = excluded.row_hash, price = excluded.price, currency = excluded.currency,
                       retail_price = excluded.retail_price, description = excluded.description, updated_at = excluded.updated_at,
                       run_id = excluded.run_id
                   """))
        using (var delete = new RawStatement(db, "DELETE FROM distributor_prices WHERE feed_id = ?1 AND sku = ?2"))
        {
            foreach (var statement in new[] { addedHistory, changedHistory, removedHistory, upsert, delete })
                statement.Text(1, feedId);
            foreach (var statement in new[] { addedHistory, changedHistory, removedHistory, upsert })
                statement.Text(3, runId).Int64(4, now);

            long rows = 0;
            foreach (var record in spill.ReadAll())
            {
                if ((++rows & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                var sku = record.Field(0);
                if (record.Kind == PriceSpillFile.Kind.Removed)
                {
                    if (recordHistory) removedHistory.Text(2, sku).Execute();
                    delete.Text(2, sku).Execute();
                    continue;
                }
                if (recordHistory)
                {
                    var history = record.Kind == PriceSpillFile.Kind.Added ? addedHistory : changedHistory;
                    history.Text(2, sku).Text(5, record.Field(1)).Text(6, record.Field(2));
                    if (history == changedHistory) Bind(history, 7, record, 3);
                    history.Execute();
                }
                upsert.Text(2, sku).Text(5, record.Field(1)).Text(6, record.Field(2))
                    .Int64(8, unchecked((long)record.SkuKey)).Int64(9, unchecked((long)record.RowHash));
                Bind(upsert, 7, record, 3);
                Bind(upsert, 10, record, 4);
                upsert.Execute();
            }
        }
        run.HeartbeatAt = run.FinishedAt ?? run.HeartbeatAt;
        var row = FeedRunRow.From(run);
        await db.ExecuteAsync(new CommandDefinition(FeedRunRow.Update, row, tx, cancellationToken: ct));
        await db.ExecuteAsync(new CommandDefinition(FeedRunRow.UpsertState, row, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    private static void Bind(RawStatement statement, int index, in PriceSpillFile.Record record, int field)
    {
        if (record.IsNull(field)) statement.Null(index);
        else statement.Text(index, record.Field(field));
    }

    public async ValueTask DisposeAsync()
    {
        spill.Dispose(); // DeleteOnClose
        await db.DisposeAsync();
    }
}
