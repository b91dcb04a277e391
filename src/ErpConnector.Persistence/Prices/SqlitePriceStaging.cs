using System.Buffers;
using System.Collections.Concurrent;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using ErpConnector.Persistence.Sqlite;

namespace ErpConnector.Persistence.Prices;

/// <summary>Stages a run's writes and applies them all-or-nothing on the run's own connection, in one of two ways:
/// <list type="bullet">
/// <item>spill (default): chunks go to a temp file; nothing touches the database until the guards pass, then one
/// IMMEDIATE transaction replays them. The write lock is held only for the apply.</item>
/// <item>write-through (a first load parsed from a local copy): a writer thread inserts each chunk as it comes,
/// inside one IMMEDIATE transaction opened at the first chunk, overlapping SQLite with the parser on the second
/// core; the guards then commit or roll back. The lock is held while the file is parsed (≈ 2 s per million rows).</item>
/// </list>
/// Either way a rejected, failed or crashed run leaves the live snapshot exactly as it was. All of it goes through
/// the run's <see cref="SqliteLoadConnection"/> (no connection mutex).</summary>
internal sealed class SqlitePriceStaging : IPriceStaging
{
    private readonly SqliteLoadConnection _db;
    private readonly string _feedId;
    private readonly string _runId;
    private readonly StagingOptions _options;
    private readonly StagedRowEncoder _encoder;
    private readonly SpillFile? _spill;
    private readonly BlockingCollection<(byte[] Chunk, int Length)>? _queue;
    private Task? _writer;
    private Exception? _writerFailure;
    private volatile bool _discard;
    private bool _disposed;

    public SqlitePriceStaging(SqliteLoadConnection db, string feedId, string runId, StagingOptions options, string spillPath)
    {
        _db = db;
        _feedId = feedId;
        _runId = runId;
        _options = options;
        if (options.WriteThrough)
        {
            // A few chunks of slack let the parser run ahead without holding the whole feed in memory.
            _queue = new BlockingCollection<(byte[], int)>(boundedCapacity: 8);
            _encoder = new StagedRowEncoder(Enqueue);
        }
        else
        {
            _spill = new SpillFile(spillPath);
            _encoder = new StagedRowEncoder(_spill.Write);
        }
    }

    private long AsOf => _options.AsOf.ToUnixTimeMilliseconds();

    public void Upsert(in StagedPrice price) => _encoder.Append(price);

    public void Remove(ReadOnlySpan<char> sku) => _encoder.AppendRemoval(sku);

    private void Enqueue(byte[] chunk, int length)
    {
        _writer ??= Task.Factory.StartNew(WriteThrough, TaskCreationOptions.LongRunning);
        _queue!.Add((chunk, length));
    }

    private void WriteThrough()
    {
        try
        {
            _db.Begin();
            using var writer = new SnapshotWriter(_db.Handle, _feedId, _runId, AsOf, _options.RecordHistory);
            foreach (var (chunk, length) in _queue!.GetConsumingEnumerable())
            {
                try
                {
                    if (!_discard && _writerFailure is null) writer.WriteChunk(chunk, length);
                }
                catch (Exception ex)
                {
                    // Keep draining so the parser never blocks on a full queue; the failure surfaces at apply.
                    _writerFailure = ex;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                }
            }
        }
        catch (Exception ex)
        {
            _writerFailure ??= ex;
            foreach (var (chunk, _) in _queue!.GetConsumingEnumerable()) ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    public async Task ApplyAsync(FeedRun run, IReadOnlySet<ulong> absentSkuKeys, CancellationToken ct)
    {
        _encoder.Flush();
        if (_queue is not null)
        {
            _queue.CompleteAdding();
            if (_writer is not null) await _writer;
            if (_writerFailure is not null) throw new InvalidOperationException($"Writing the staged prices failed: {_writerFailure.Message}", _writerFailure);
            ct.ThrowIfCancellationRequested();
            if (!_db.InTransaction) _db.Begin();
        }
        else
        {
            ct.ThrowIfCancellationRequested();
            _db.Begin(); // IMMEDIATE: the one write of the run
            using var writer = new SnapshotWriter(_db.Handle, _feedId, _runId, AsOf, _options.RecordHistory);
            _spill!.ReadAll(writer.WriteChunk);
        }

        if (absentSkuKeys.Count > 0) RemoveAbsent(absentSkuKeys, ct);
        run.HeartbeatAt = run.FinishedAt ?? run.HeartbeatAt;
        var row = FeedRunRow.From(run);
        _db.Execute(FeedRunRow.Update, row);
        _db.Execute(FeedRunRow.UpsertState, row);
        ct.ThrowIfCancellationRequested(); // the last moment a cancellation still leaves nothing applied
        _db.Commit();
    }

    /// <summary>Full feeds: stored SKUs the feed no longer lists. Keys go to a TEMP table and SQL deletes by key,
    /// so no SKU string is loaded. (Two SKUs sharing a 64-bit key is a 1-in-10^13 event at a million rows.)</summary>
    private void RemoveAbsent(IReadOnlySet<ulong> keys, CancellationToken ct)
    {
        _db.Execute("CREATE TEMP TABLE IF NOT EXISTS removed_keys (sku_key INTEGER PRIMARY KEY); DELETE FROM temp.removed_keys;");
        using (var insert = new RawStatement(_db.Handle, "INSERT OR IGNORE INTO temp.removed_keys (sku_key) VALUES (?1)"))
            foreach (var key in keys) insert.Int64(1, unchecked((long)key)).Execute();
        ct.ThrowIfCancellationRequested();
        var args = new { feedId = _feedId, runId = _runId, at = AsOf };
        if (_options.RecordHistory)
            _db.Execute("""
                INSERT INTO distributor_price_history (feed_id, sku, run_id, at, kind, old_price, new_price, old_currency, new_currency)
                SELECT feed_id, sku, @runId, @at, 'removed', price, NULL, currency, NULL FROM distributor_prices
                WHERE feed_id = @feedId AND sku_key IN (SELECT sku_key FROM temp.removed_keys) ORDER BY sku
                """, args);
        if (_options.RecordHistory) // best price: the removed rows' products are recomputed after the run
            _db.Execute("""
                INSERT OR IGNORE INTO distributor_best_price_queue (run_id, product_key)
                SELECT DISTINCT @runId, product_key FROM distributor_prices
                WHERE feed_id = @feedId AND product_key IS NOT NULL AND sku_key IN (SELECT sku_key FROM temp.removed_keys)
                """, args);
        _db.Execute("DELETE FROM distributor_prices WHERE feed_id = @feedId AND sku_key IN (SELECT sku_key FROM temp.removed_keys)", args);
        _db.Execute("DROP TABLE temp.removed_keys");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_queue is not null)
        {
            _discard = true;
            _encoder.Flush();
            if (!_queue.IsAddingCompleted) _queue.CompleteAdding();
            if (_writer is not null) await _writer;
            _queue.Dispose();
        }
        _encoder.Release();
        _spill?.Dispose(); // deleted on close
        await _db.DisposeAsync(); // rolls back what was never committed
    }
}
