namespace ErpConnector.Omie;

/// <summary>
/// Exclusive locks on Omie records (e.g. <c>"os:" + cCodIntOS</c>, <c>"cnpj_cpf:" + document</c>) so inserts and
/// alterations of one record are never concurrent, across every caller in the process (register as a singleton).
/// A lock of its own rather than part of the rate limiter: the limiter paces Omie's budget for all records,
/// these keep two writes to one record apart. One async mutex per key; entries are dropped when nobody holds or awaits them.
/// </summary>
public sealed class OmieRecordLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int References;
    }

    internal int Count { get { lock (_entries) return _entries.Count; } }

    /// <summary>Waits for the lock on <paramref name="key"/>; dispose the result to release it.</summary>
    public async ValueTask<IDisposable> LockAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
                _entries[key] = entry = new Entry();
            entry.References++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Unreference(key, entry);
            throw;
        }
        return new Releaser(this, key, entry);
    }

    /// <summary>The lock on <paramref name="key"/> if nobody holds or awaits it; null (nothing held) otherwise.</summary>
    public IDisposable? TryLockNow(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_entries)
        {
            var created = !_entries.TryGetValue(key, out var entry);
            if (created) _entries[key] = entry = new Entry();
            // Wait(0) never overtakes a queued waiter: a release hands the semaphore straight to the first of them.
            if (entry!.Semaphore.Wait(0))
            {
                entry.References++;
                return new Releaser(this, key, entry);
            }
            if (created) _entries.Remove(key);
            return null;
        }
    }

    private void Unreference(string key, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.References == 0) _entries.Remove(key);
        }
    }

    private sealed class Releaser(OmieRecordLocks owner, string key, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            entry.Semaphore.Release();
            owner.Unreference(key, entry);
        }
    }
}
