using ErpConnector.Persistence.Sqlite;
using SQLitePCL;

namespace ErpConnector.Persistence.Prices;

/// <summary>Writes staged rows into the live snapshot (and, when asked, the price history) with raw prepared
/// statements, inside the transaction the caller holds on the connection it passes in.</summary>
internal sealed unsafe class SnapshotWriter : IDisposable
{
    /// <summary>Rows per run of the multi-row upsert. Each run of a statement costs a step, a reset, the opening of
    /// its cursors and a seek from the root whatever it writes; 32 rows share them (128 measured no better:
    /// BENCHMARKS.md, feeds notes). 32 × 9 row parameters stay far below SQLite's limit.</summary>
    internal const int BatchRows = 32;

    // Upsert parameters: ?1 the feed, ?2 the run's time, then RowParameters for each row of the statement.
    private const int FirstRowParameter = 3;
    private const int RowParameters = 9;

    private readonly bool _recordHistory;
    private readonly RawStatement _addedHistory;
    private readonly RawStatement _changedHistory;
    private readonly RawStatement _removedHistory;
    private readonly RawStatement _upsert;
    private readonly RawStatement _upsertBatch;
    private readonly RawStatement _delete;
    private readonly RawStatement _queueKey;
    private readonly RawStatement _queueStoredKey;
    private readonly int[] _pending = new int[BatchRows]; // chunk offsets of the rows bound into _upsertBatch
    private int _pendingCount;

    public SnapshotWriter(sqlite3 db, string feedId, string runId, long now, bool recordHistory)
    {
        _recordHistory = recordHistory;
        _addedHistory = new RawStatement(db, """
            INSERT INTO distributor_price_history (feed_id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency)
            VALUES (?1, ?2, ?3, ?4, 'added', NULL, ?5, NULL, ?6)
            """);
        // Price-level changes only: a new description alone is not news for anyone quoting.
        _changedHistory = new RawStatement(db, """
            INSERT INTO distributor_price_history (feed_id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency)
            SELECT ?1, ?2, ?3, ?4, 'changed', price, ?5, currency, ?6 FROM distributor_prices
            WHERE feed_id = ?1 AND sku = ?2 AND (price <> ?5 OR currency <> ?6 OR retail_price IS NOT ?7)
            """);
        _removedHistory = new RawStatement(db, """
            INSERT INTO distributor_price_history (feed_id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency)
            SELECT ?1, ?2, ?3, ?4, 'removed', price, NULL, currency, NULL FROM distributor_prices WHERE feed_id = ?1 AND sku = ?2
            """);
        _upsert = new RawStatement(db, UpsertSql(1));
        _upsertBatch = new RawStatement(db, UpsertSql(BatchRows));
        // Best price: the products this run touches (the key before and after), recomputed once the run is applied.
        // A first load queues nothing: every product of the feed is recomputed then.
        _queueKey = new RawStatement(db, "INSERT OR IGNORE INTO distributor_best_price_queue (run_id, product_key) VALUES (?1, ?2)");
        _queueStoredKey = new RawStatement(db, """
            INSERT OR IGNORE INTO distributor_best_price_queue (run_id, product_key)
            SELECT ?1, product_key FROM distributor_prices WHERE feed_id = ?2 AND sku = ?3 AND product_key IS NOT NULL
            """);
        _queueKey.Text(1, runId);
        _queueStoredKey.Text(1, runId).Text(2, feedId);
        _delete = new RawStatement(db, "DELETE FROM distributor_prices WHERE feed_id = ?1 AND sku = ?2");
        foreach (var statement in new[] { _addedHistory, _changedHistory, _removedHistory, _upsert, _upsertBatch, _delete })
            statement.Text(1, feedId);
        foreach (var statement in new[] { _addedHistory, _changedHistory, _removedHistory })
            statement.Text(3, runId).Int64(4, now);
        foreach (var statement in new[] { _upsert, _upsertBatch })
            statement.Int64(2, now);
    }

    public long Written { get; private set; }

    /// <summary>Writes a chunk's rows. The chunk stays pinned meanwhile: rows are bound straight from it
    /// (<see cref="RawStatement.PinnedText"/>), and every row bound is written before this returns.</summary>
    public void WriteChunk(byte[] chunk, int length)
    {
        fixed (byte* pinned = chunk)
        {
            var rows = chunk.AsSpan(0, length);
            var reader = new StagedRowReader(rows);
            var at = 0;
            while (reader.Next(out var row))
            {
                Write(row, at);
                at = reader.Position;
            }
            WritePending(rows);
        }
    }

    private void Write(in StagedRow row, int at)
    {
        Written++;
        if (row.Kind == StagedKind.Removed)
        {
            if (_recordHistory) _removedHistory.PinnedText(2, row.Sku).Execute();
            if (_recordHistory) _queueStoredKey.PinnedText(3, row.Sku).Execute();
            _delete.PinnedText(2, row.Sku).Execute();
            return;
        }
        if (_recordHistory)
        {
            var history = row.Kind == StagedKind.Added ? _addedHistory : _changedHistory;
            history.PinnedText(2, row.Sku).PinnedText(5, row.Price).PinnedText(6, row.Currency);
            if (history == _changedHistory) Optional(history, 7, row.RetailPrice, row.HasRetailPrice);
            history.Execute();
        }
        if (_recordHistory)
        {
            if (row.Kind == StagedKind.Changed) _queueStoredKey.PinnedText(3, row.Sku).Execute();
            if (row.HasProductKey) _queueKey.PinnedText(2, row.ProductKey).Execute();
        }
        // The upsert may run a few rows later, with its batch. The ingestion hands each SKU over at most once per
        // run, so no statement above (all keyed by this row's SKU) can see the difference.
        BindUpsert(_upsertBatch, _pendingCount, row);
        _pending[_pendingCount++] = at;
        if (_pendingCount < BatchRows) return;
        _upsertBatch.Execute();
        _pendingCount = 0;
    }

    /// <summary>A chunk's last rows, fewer than a batch: one by one (their bytes are about to be reused).</summary>
    private void WritePending(ReadOnlySpan<byte> rows)
    {
        for (var i = 0; i < _pendingCount; i++)
        {
            var reader = new StagedRowReader(rows, _pending[i]);
            reader.Next(out var row);
            BindUpsert(_upsert, 0, row);
            _upsert.Execute();
        }
        _pendingCount = 0;
    }

    private static void BindUpsert(RawStatement statement, int slot, in StagedRow row)
    {
        var p = FirstRowParameter + slot * RowParameters;
        statement.PinnedText(p, row.Sku).Int64(p + 1, unchecked((long)row.SkuKey)).Int64(p + 2, unchecked((long)row.RowHash))
            .PinnedText(p + 3, row.Price).PinnedText(p + 4, row.Currency);
        Optional(statement, p + 5, row.RetailPrice, row.HasRetailPrice);
        Optional(statement, p + 6, row.Description, row.HasDescription);
        Optional(statement, p + 7, row.ProductKey, row.HasProductKey);
        if (row.HasInStock) statement.Int64(p + 8, row.InStock[0] == (byte)'1' ? 1 : 0); else statement.Null(p + 8);
    }

    /// <summary>One statement writing <paramref name="rows"/> rows; its parameters follow <see cref="BindUpsert"/>.</summary>
    private static string UpsertSql(int rows)
    {
        var values = string.Join(",\n", Enumerable.Range(0, rows).Select(slot =>
        {
            var p = FirstRowParameter + slot * RowParameters;
            return $"(?1, ?{p}, ?{p + 1}, ?{p + 2}, ?{p + 3}, ?{p + 4}, ?{p + 5}, ?{p + 6}, ?2, ?2, ?{p + 7}, ?{p + 8})";
        }));
        return $"""
            INSERT INTO distributor_prices (feed_id, sku, sku_key, row_hash, price, currency, retail_price, description, first_seen_at, updated_at,
                                            product_key, in_stock)
            VALUES {values}
            ON CONFLICT (feed_id, sku) DO UPDATE SET
                sku_key = excluded.sku_key, row_hash = excluded.row_hash, price = excluded.price, currency = excluded.currency,
                retail_price = excluded.retail_price, description = excluded.description, updated_at = excluded.updated_at,
                product_key = excluded.product_key, in_stock = excluded.in_stock
            """;
    }

    private static void Optional(RawStatement statement, int index, ReadOnlySpan<byte> value, bool present)
    {
        if (present) statement.PinnedText(index, value);
        else statement.Null(index);
    }

    public void Dispose()
    {
        _addedHistory.Dispose();
        _changedHistory.Dispose();
        _removedHistory.Dispose();
        _upsert.Dispose();
        _upsertBatch.Dispose();
        _delete.Dispose();
        _queueKey.Dispose();
        _queueStoredKey.Dispose();
    }
}
