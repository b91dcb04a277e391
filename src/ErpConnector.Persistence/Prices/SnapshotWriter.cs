using Microsoft.Data.Sqlite;

namespace ErpConnector.Persistence.Prices;

/// <summary>Writes staged rows into the live snapshot (and, when asked, the price history) with raw prepared
/// statements, inside the transaction the caller holds on the connection it passes in.</summary>
internal sealed class SnapshotWriter : IDisposable
{
    private readonly bool _recordHistory;
    private readonly RawStatement _addedHistory;
    private readonly RawStatement _changedHistory;
    private readonly RawStatement _removedHistory;
    private readonly RawStatement _upsert;
    private readonly RawStatement _delete;
    private readonly RawStatement _queueKey;
    private readonly RawStatement _queueStoredKey;

    public SnapshotWriter(SqliteConnection db, string feedId, string runId, long now, bool recordHistory)
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
        _upsert = new RawStatement(db, """
            INSERT INTO distributor_prices (feed_id, sku, sku_key, row_hash, price, currency, retail_price, description, first_seen_at, updated_at,
                                            product_key, in_stock)
            VALUES (?1, ?2, ?8, ?9, ?5, ?6, ?7, ?10, ?4, ?4, ?11, ?12)
            ON CONFLICT (feed_id, sku) DO UPDATE SET
                sku_key = excluded.sku_key, row_hash = excluded.row_hash, price = excluded.price, currency = excluded.currency,
                retail_price = excluded.retail_price, description = excluded.description, updated_at = excluded.updated_at,
                product_key = excluded.product_key, in_stock = excluded.in_stock
            """);
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
        foreach (var statement in new[] { _addedHistory, _changedHistory, _removedHistory, _upsert, _delete })
            statement.Text(1, feedId);
        foreach (var statement in new[] { _addedHistory, _changedHistory, _removedHistory })
            statement.Text(3, runId);
        foreach (var statement in new[] { _addedHistory, _changedHistory, _removedHistory, _upsert })
            statement.Int64(4, now);
    }

    public long Written { get; private set; }

    public void WriteChunk(byte[] chunk, int length)
    {
        var reader = new StagedRowReader(chunk.AsSpan(0, length));
        while (reader.Next(out var row)) Write(row);
    }

    private void Write(in StagedRow row)
    {
        Written++;
        if (row.Kind == StagedKind.Removed)
        {
            if (_recordHistory) _removedHistory.Text(2, row.Sku).Execute();
            if (_recordHistory) _queueStoredKey.Text(3, row.Sku).Execute();
            _delete.Text(2, row.Sku).Execute();
            return;
        }
        if (_recordHistory)
        {
            var history = row.Kind == StagedKind.Added ? _addedHistory : _changedHistory;
            history.Text(2, row.Sku).Text(5, row.Price).Text(6, row.Currency);
            if (history == _changedHistory) Optional(history, 7, row.RetailPrice, row.HasRetailPrice);
            history.Execute();
        }
        if (_recordHistory)
        {
            if (row.Kind == StagedKind.Changed) _queueStoredKey.Text(3, row.Sku).Execute();
            if (row.HasProductKey) _queueKey.Text(2, row.ProductKey).Execute();
        }
        Optional(_upsert, 11, row.ProductKey, row.HasProductKey);
        if (row.HasInStock) _upsert.Int64(12, row.InStock[0] == (byte)'1' ? 1 : 0); else _upsert.Null(12);
        _upsert.Text(2, row.Sku).Text(5, row.Price).Text(6, row.Currency)
            .Int64(8, unchecked((long)row.SkuKey)).Int64(9, unchecked((long)row.RowHash));
        Optional(_upsert, 7, row.RetailPrice, row.HasRetailPrice);
        Optional(_upsert, 10, row.Description, row.HasDescription);
        _upsert.Execute();
    }

    private static void Optional(RawStatement statement, int index, ReadOnlySpan<byte> value, bool present)
    {
        if (present) statement.Text(index, value);
        else statement.Null(index);
    }

    public void Dispose()
    {
        _addedHistory.Dispose();
        _changedHistory.Dispose();
        _removedHistory.Dispose();
        _upsert.Dispose();
        _delete.Dispose();
        _queueKey.Dispose();
        _queueStoredKey.Dispose();
    }
}
