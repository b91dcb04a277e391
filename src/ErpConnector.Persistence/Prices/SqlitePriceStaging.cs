using Dapper;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using Microsoft.Data.Sqlite;

namespace ErpConnector.Persistence.Prices;

/// <summary>Staging in a TEMP table of the run's own connection: staged rows never lock or touch the main
/// database (other writers such as the deal ledger keep going), vanish with the connection if the process
/// dies, and are merged into the live snapshot in one IMMEDIATE transaction when the run is applied.</summary>
internal sealed class SqlitePriceStaging : IPriceStaging
{
    private const int BatchSize = 8192;
    private readonly SqliteConnection _db;
    private readonly string _feedId;
    private readonly string _runId;
    private readonly List<Staged> _buffer = new(BatchSize);
    private SqliteCommand? _insert;

    private readonly record struct Staged(byte Op, StagedPrice Price);

    private SqlitePriceStaging(SqliteConnection db, string feedId, string runId)
    {
        _db = db;
        _feedId = feedId;
        _runId = runId;
    }

    public static async Task<SqlitePriceStaging> CreateAsync(SqliteConnection db, string feedId, string runId, CancellationToken ct)
    {
        // temp_store=FILE: a million staged rows spill to a temp file instead of the process's memory.
        await db.ExecuteAsync(new CommandDefinition("""
            PRAGMA temp_store = FILE;
            DROP TABLE IF EXISTS temp.price_staging;
            CREATE TEMP TABLE price_staging (
                seq INTEGER PRIMARY KEY, op INTEGER NOT NULL, sku TEXT NOT NULL, sku_key INTEGER NOT NULL, row_hash INTEGER NOT NULL,
                price TEXT, currency TEXT, retail_price TEXT, description TEXT);
            """, cancellationToken: ct));
        return new SqlitePriceStaging(db, feedId, runId);
    }

    public void Upsert(in StagedPrice price)
    {
        _buffer.Add(new Staged(0, price));
        if (_buffer.Count >= BatchSize) Flush();
    }

    public void Remove(string sku)
    {
        _buffer.Add(new Staged(1, new StagedPrice(sku, 0, 0, "", "", null, null)));
        if (_buffer.Count >= BatchSize) Flush();
    }

    public async Task<int> RemoveKeysAsync(IReadOnlySet<ulong> skuKeys, CancellationToken ct)
    {
        Flush();
        // Keys go to TEMP, then SQL turns them back into SKUs: the run never holds removed SKU strings itself.
        await using (var create = _db.CreateCommand())
        {
            create.CommandText = "DROP TABLE IF EXISTS temp.removed_keys; CREATE TEMP TABLE removed_keys (sku_key INTEGER PRIMARY KEY)";
            await create.ExecuteNonQueryAsync(ct);
        }
        await using (var tx = _db.BeginTransaction(deferred: true))
        await using (var insert = _db.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = "INSERT OR IGNORE INTO temp.removed_keys (sku_key) VALUES ($key)";
            var key = insert.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
            insert.Prepare();
            foreach (var k in skuKeys)
            {
                key.Value = unchecked((long)k);
                insert.ExecuteNonQuery();
            }
            await tx.CommitAsync(ct);
        }
        await using (var tx = _db.BeginTransaction(deferred: true))
        {
            var staged = await _db.ExecuteAsync(new CommandDefinition("""
                INSERT INTO temp.price_staging (op, sku, sku_key, row_hash)
                SELECT 1, sku, sku_key, 0 FROM distributor_prices
                WHERE feed_id = @feedId AND sku_key IN (SELECT sku_key FROM temp.removed_keys)
                """, new { feedId = _feedId }, tx, commandTimeout: 0, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return staged;
        }
    }

    public async Task ApplyAsync(FeedRun run, bool recordHistory, CancellationToken ct)
    {
        Flush();
        var now = (run.FinishedAt ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds();
        var args = new { feedId = _feedId, runId = _runId, now };
        await using var tx = (SqliteTransaction)await _db.BeginTransactionAsync(ct); // IMMEDIATE: the one write of the run
        if (recordHistory)
        {
            // Price-level changes only: a new description alone is not news for anyone quoting.
            await _db.ExecuteAsync(new CommandDefinition("""
                INSERT INTO distributor_price_history (feed_id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency)
                SELECT @feedId, s.sku, @runId, @now,
                       CASE WHEN s.op = 1 THEN 'removed' WHEN p.sku IS NULL THEN 'added' ELSE 'changed' END,
                       p.price, CASE WHEN s.op = 1 THEN NULL ELSE s.price END,
                       p.currency, CASE WHEN s.op = 1 THEN NULL ELSE s.currency END
                FROM temp.price_staging s
                LEFT JOIN distributor_prices p ON p.feed_id = @feedId AND p.sku = s.sku
                WHERE (s.op = 1 AND p.sku IS NOT NULL)
                   OR (s.op = 0 AND (p.sku IS NULL OR p.price <> s.price OR p.currency <> s.currency OR p.retail_price IS NOT s.retail_price))
                ORDER BY s.seq
                """, args, tx, commandTimeout: 0, cancellationToken: ct));
        }
        await _db.ExecuteAsync(new CommandDefinition("""
            INSERT INTO distributor_prices (feed_id, sku, sku_key, row_hash, price, currency, retail_price, description, first_seen_at, updated_at, run_id)
            SELECT @feedId, sku, sku_key, row_hash, price, currency, retail_price, description, @now, @now, @runId
            FROM temp.price_staging WHERE op = 0
            ON CONFLICT (feed_id, sku) DO UPDATE SET
                sku_key = excluded.sku_key, row_hash = excluded.row_hash, price = excluded.price, currency = excluded.currency,
                retail_price = excluded.retail_price, description = excluded.description, updated_at = excluded.updated_at,
                run_id = excluded.run_id
            """, args, tx, commandTimeout: 0, cancellationToken: ct));
        await _db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM distributor_prices WHERE feed_id = @feedId AND sku IN (SELECT sku FROM temp.price_staging WHERE op = 1)",
            args, tx, commandTimeout: 0, cancellationToken: ct));
        run.HeartbeatAt = run.FinishedAt ?? run.HeartbeatAt;
        var row = FeedRunRow.From(run);
        await _db.ExecuteAsync(new CommandDefinition(FeedRunRow.Update, row, tx, cancellationToken: ct));
        await _db.ExecuteAsync(new CommandDefinition(FeedRunRow.UpsertState, row, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    private void Flush()
    {
        if (_buffer.Count == 0) return;
        // Deferred: a transaction that writes only TEMP never takes the main database's write lock.
        using var tx = _db.BeginTransaction(deferred: true);
        var insert = _insert ??= PrepareInsert();
        insert.Transaction = tx;
        var p = insert.Parameters;
        foreach (var (op, price) in _buffer)
        {
            p[0].Value = op;
            p[1].Value = price.Sku;
            p[2].Value = unchecked((long)price.SkuKey);
            p[3].Value = unchecked((long)price.RowHash);
            p[4].Value = op == 0 ? price.Price : DBNull.Value;
            p[5].Value = op == 0 ? price.Currency : DBNull.Value;
            p[6].Value = (object?)price.RetailPrice ?? DBNull.Value;
            p[7].Value = (object?)price.Description ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }
        tx.Commit();
        _buffer.Clear();
    }

    private SqliteCommand PrepareInsert()
    {
        var insert = _db.CreateCommand();
        insert.CommandText = """
            INSERT INTO temp.price_staging (op, sku, sku_key, row_hash, price, currency, retail_price, description)
            VALUES ($op, $sku, $skuKey, $rowHash, $price, $currency, $retail, $description)
            """;
        foreach (var name in new[] { "$op", "$sku", "$skuKey", "$rowHash", "$price", "$currency", "$retail", "$description" })
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        insert.Prepare();
        return insert;
    }

    public async ValueTask DisposeAsync()
    {
        _insert?.Dispose();
        try
        {
            // The connection goes back to the pool; the staged rows must not go with it.
            await using var drop = _db.CreateCommand();
            drop.CommandText = "DROP TABLE IF EXISTS temp.price_staging; DROP TABLE IF EXISTS temp.removed_keys";
            await drop.ExecuteNonQueryAsync();
        }
        catch (SqliteException) { }
        await _db.DisposeAsync();
    }
}
