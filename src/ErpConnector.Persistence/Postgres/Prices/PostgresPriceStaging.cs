using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dapper;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using ErpConnector.Persistence.Prices;
using Npgsql;
using NpgsqlTypes;

namespace ErpConnector.Persistence.Postgres.Prices;

/// <summary>Stages a run's writes on PostgreSQL and applies them all-or-nothing on the run's own connection.
/// <list type="bullet">
/// <item>While the feed streams in, rows are encoded into 256 KB chunks (<see cref="StagedRowEncoder"/>, as on SQLite)
/// and each full chunk goes to a session TEMP table by one short binary COPY: memory stays at one chunk whatever the
/// feed size, nothing touches the live tables, and no statement or transaction stays open while the feed is read.</item>
/// <item>Once the guards pass, <see cref="ApplyAsync"/> writes the history, the upserts, the removals, the run's
/// record and the feed's state in one transaction, set-based from the staging table.</item>
/// </list>
/// A rejected, failed or crashed run leaves the live snapshot exactly as it was (a temp table dies with its session).
/// <see cref="StagingOptions.WriteThrough"/> needs no special path here: rows already reach the server during the parse.</summary>
internal sealed class PostgresPriceStaging : IPriceStaging
{
    private const string CopyStaging =
        "COPY distributor_price_staging (seq, kind, sku_key, row_hash, sku, price, currency, retail_price, description, product_key, in_stock) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlConnection _db;
    private readonly string _feedId;
    private readonly string _runId;
    private readonly StagingOptions _options;
    private readonly StagedRowEncoder _encoder;
    private long _sequence;
    private long _removals;
    private bool _disposed;

    public PostgresPriceStaging(NpgsqlConnection db, string feedId, string runId, StagingOptions options)
    {
        _db = db;
        _feedId = feedId;
        _runId = runId;
        _options = options;
        _encoder = new StagedRowEncoder(CopyChunk);
    }

    /// <summary>Session-local tables (not WAL-logged, invisible to other sessions); a pooled connection may still
    /// hold them from an earlier run, hence IF NOT EXISTS + TRUNCATE.</summary>
    public static async Task CreateTablesAsync(NpgsqlConnection db, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SET client_min_messages = warning;
            CREATE TEMP TABLE IF NOT EXISTS distributor_price_staging (
                seq BIGINT NOT NULL, kind SMALLINT NOT NULL, sku_key BIGINT NOT NULL, row_hash BIGINT NOT NULL, sku TEXT NOT NULL,
                price TEXT NULL, currency TEXT NULL, retail_price TEXT NULL, description TEXT NULL,
                product_key TEXT NULL, in_stock SMALLINT NULL);
            CREATE TEMP TABLE IF NOT EXISTS distributor_price_absent (sku_key BIGINT NOT NULL);
            TRUNCATE distributor_price_staging, distributor_price_absent;
            RESET client_min_messages;
            """, db);
        await command.ExecuteNonQueryAsync(ct);
    }

    private long AsOf => _options.AsOf.ToUnixTimeMilliseconds();

    public void Upsert(in StagedPrice price) => _encoder.Append(price);

    public void Remove(ReadOnlySpan<char> sku)
    {
        _removals++;
        _encoder.AppendRemoval(sku);
    }

    /// <summary>One full chunk → one binary COPY. Text goes out as the staged UTF-8 bytes themselves (Npgsql writes a
    /// <see cref="ReadOnlyMemory{T}"/> of bytes to a text column as is): no string per field, where decoding each one
    /// allocated 429 MB per million rows (feeds-postgres benchmark, issue 15). On failure the chunk is not returned to
    /// the pool (the encoder still holds it and gives it back on release) and the error reaches the parser: the run
    /// fails, nothing is applied.</summary>
    private void CopyChunk(byte[] chunk, int length)
    {
        using (var importer = _db.BeginBinaryImport(CopyStaging))
        {
            var reader = new StagedRowReader(chunk.AsSpan(0, length));
            while (reader.Next(out var row))
            {
                importer.StartRow();
                importer.Write(++_sequence, NpgsqlDbType.Bigint);
                importer.Write((short)row.Kind, NpgsqlDbType.Smallint);
                importer.Write(unchecked((long)row.SkuKey), NpgsqlDbType.Bigint);
                importer.Write(unchecked((long)row.RowHash), NpgsqlDbType.Bigint);
                importer.Write(Utf8(chunk, row.Sku), NpgsqlDbType.Text);
                if (row.Kind == StagedKind.Removed)
                {
                    importer.WriteNull(); importer.WriteNull(); importer.WriteNull(); importer.WriteNull();
                    importer.WriteNull(); importer.WriteNull();
                    continue;
                }
                importer.Write(Utf8(chunk, row.Price), NpgsqlDbType.Text);
                importer.Write(Utf8(chunk, row.Currency), NpgsqlDbType.Text);
                if (row.HasRetailPrice) importer.Write(Utf8(chunk, row.RetailPrice), NpgsqlDbType.Text); else importer.WriteNull();
                if (row.HasDescription) importer.Write(Utf8(chunk, row.Description), NpgsqlDbType.Text); else importer.WriteNull();
                if (row.HasProductKey) importer.Write(Utf8(chunk, row.ProductKey), NpgsqlDbType.Text); else importer.WriteNull();
                if (row.HasInStock) importer.Write((short)(row.InStock[0] == (byte)'1' ? 1 : 0), NpgsqlDbType.Smallint); else importer.WriteNull();
            }
            importer.Complete();
        }
        ArrayPool<byte>.Shared.Return(chunk);
    }

    /// <summary>The chunk's bytes under <paramref name="field"/> (a span the reader cut from that chunk), as memory Npgsql can hold.</summary>
    private static ReadOnlyMemory<byte> Utf8(byte[] chunk, ReadOnlySpan<byte> field) =>
        chunk.AsMemory((int)Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(chunk), ref MemoryMarshal.GetReference(field)), field.Length);

    public async Task ApplyAsync(FeedRun run, IReadOnlySet<ulong> absentSkuKeys, CancellationToken ct)
    {
        _encoder.Flush();
        if (absentSkuKeys.Count > 0)
        {
            await using var importer = await _db.BeginBinaryImportAsync("COPY distributor_price_absent (sku_key) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var key in absentSkuKeys)
            {
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(unchecked((long)key), NpgsqlDbType.Bigint, ct);
            }
            await importer.CompleteAsync(ct);
        }

        var args = new { feedId = _feedId, runId = _runId, at = AsOf };
        await using var tx = await _db.BeginTransactionAsync(ct);
        Task Execute(string sql) => _db.ExecuteAsync(new CommandDefinition(sql, args, tx, commandTimeout: 0, cancellationToken: ct));

        // Temp tables get no autovacuum: give the planner real row counts before the joins.
        await using (var analyze = new NpgsqlCommand("ANALYZE distributor_price_staging; ANALYZE distributor_price_absent", _db, tx) { CommandTimeout = 0 })
            await analyze.ExecuteNonQueryAsync(ct);
        // Belt and braces: one live run per feed already keeps two applies of a feed apart.
        await Execute("SELECT pg_advisory_xact_lock(hashtextextended('distributor_prices:' || @feedId, 0))");

        if (_options.RecordHistory)
        {
            // As SnapshotWriter: every added row; a changed row only when its price, currency or retail price moved
            // (a new description alone is not news); an explicit removal only of a stored SKU. Ids in staging order.
            await Execute("""
                INSERT INTO distributor_price_history (feed_id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency)
                SELECT @feedId, s.sku, @runId, @at,
                       CASE s.kind WHEN 0 THEN 'added' WHEN 1 THEN 'changed' ELSE 'removed' END,
                       CASE WHEN s.kind = 0 THEN NULL ELSE p.price END,
                       CASE WHEN s.kind = 2 THEN NULL ELSE s.price END,
                       CASE WHEN s.kind = 0 THEN NULL ELSE p.currency END,
                       CASE WHEN s.kind = 2 THEN NULL ELSE s.currency END
                FROM distributor_price_staging s
                LEFT JOIN distributor_prices p ON p.feed_id = @feedId AND p.sku = s.sku
                WHERE s.kind = 0
                   OR (s.kind = 1 AND p.sku IS NOT NULL
                       AND (p.price <> s.price OR p.currency <> s.currency OR p.retail_price IS DISTINCT FROM s.retail_price))
                   OR (s.kind = 2 AND p.sku IS NOT NULL)
                ORDER BY s.seq
                """);
        }
        if (_options.RecordHistory)
        {
            // Best price: the products this run touches, by their key before (changed, removed) and after (added,
            // changed); recomputed once the run is applied. A first load queues nothing (every product is recomputed).
            await Execute("""
                INSERT INTO distributor_best_price_queue (run_id, product_key)
                SELECT DISTINCT @runId, k FROM (
                    SELECT s.product_key AS k FROM distributor_price_staging s WHERE s.kind <> 2
                    UNION ALL
                    SELECT p.product_key FROM distributor_price_staging s
                    JOIN distributor_prices p ON p.feed_id = @feedId AND p.sku = s.sku WHERE s.kind <> 0
                    UNION ALL
                    SELECT p.product_key FROM distributor_prices p
                    WHERE p.feed_id = @feedId AND p.sku_key IN (SELECT sku_key FROM distributor_price_absent)) keys
                WHERE k IS NOT NULL
                ON CONFLICT DO NOTHING
                """);
        }
        // The ingestion hands each SKU over at most once per run, so one set-based upsert equals row-by-row replay.
        await Execute("""
            INSERT INTO distributor_prices (feed_id, sku, sku_key, row_hash, price, currency, retail_price, description, first_seen_at, updated_at,
                                            product_key, in_stock)
            SELECT @feedId, sku, sku_key, row_hash, price, currency, retail_price, description, @at, @at, product_key, in_stock
            FROM distributor_price_staging WHERE kind <> 2 ORDER BY seq
            ON CONFLICT (feed_id, sku) DO UPDATE SET
                sku_key = excluded.sku_key, row_hash = excluded.row_hash, price = excluded.price, currency = excluded.currency,
                retail_price = excluded.retail_price, description = excluded.description, updated_at = excluded.updated_at,
                product_key = excluded.product_key, in_stock = excluded.in_stock
            """);
        // Only when something was staged for removal, and driven from the staged SKUs (collected once, then probed
        // through the primary key) whatever the statistics say. As a join, the planner (stale statistics on the live
        // table, whose rows for a feed loaded in this transaction it cannot see) estimated one row for the feed and
        // nested-looped its live rows over a scan of the staging table: a second feed's first load of 1M rows beside
        // a 1M-row feed ran for minutes here with nothing to remove (feeds-postgres benchmark, issue 15).
        if (_removals > 0)
            await Execute("""
                DELETE FROM distributor_prices
                WHERE feed_id = @feedId AND sku = ANY (ARRAY(SELECT sku FROM distributor_price_staging WHERE kind = 2))
                """);

        if (absentSkuKeys.Count > 0)
        {
            // Full feeds: stored SKUs the feed no longer lists, by key (no SKU string was ever loaded).
            if (_options.RecordHistory)
                await Execute("""
                    INSERT INTO distributor_price_history (feed_id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency)
                    SELECT feed_id, sku, @runId, @at, 'removed', price, NULL, currency, NULL FROM distributor_prices
                    WHERE feed_id = @feedId AND sku_key IN (SELECT sku_key FROM distributor_price_absent) ORDER BY sku COLLATE "C"
                    """);
            await Execute("DELETE FROM distributor_prices WHERE feed_id = @feedId AND sku_key IN (SELECT sku_key FROM distributor_price_absent)");
        }

        run.HeartbeatAt = run.FinishedAt ?? run.HeartbeatAt;
        var row = FeedRunRow.From(run);
        await _db.ExecuteAsync(new CommandDefinition(FeedRunRow.Update, row, tx, cancellationToken: ct));
        await _db.ExecuteAsync(new CommandDefinition(PostgresFeedState.Upsert, row, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        _encoder.Release();
        try
        {
            // Give the pooled session back without a run's rows in it.
            if (_db.FullState == System.Data.ConnectionState.Open)
                await _db.ExecuteAsync("DROP TABLE IF EXISTS pg_temp.distributor_price_staging, pg_temp.distributor_price_absent");
        }
        catch (NpgsqlException) { }
        catch (InvalidOperationException) { }
        await _db.DisposeAsync();
    }
}
