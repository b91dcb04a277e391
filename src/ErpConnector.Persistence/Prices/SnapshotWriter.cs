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
            INSERT INTO distributor_prices (feed_id, sku, sku_key, row_hash, price, currency, retail_price, description, first_seen_at, updated_at)
            VALUES (?1, ?2, ?8, ?9, ?5, ?6, ?7, ?10, ?4, ?4)
            ON CONFLICT (feed_id, sku) DO UPDATE SET
                sku_key = excluded.sku_key, row_hash = excluded.row_hash, price = excluded.price, currency = excluded.currency,
                retail_price = excluded.retail_price, description = excluded.description, updated_at = excluded.updated_at
            """);
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
    }
}
