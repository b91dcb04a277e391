using System.Runtime.InteropServices;

namespace ErpConnector.Distributors.Ingest;

/// <summary>The last good snapshot of one feed reduced to SKU key → row hash (32 bytes a row with the
/// dictionary's own fields, so a million rows take ~36 MB), plus what this run has seen of it.</summary>
public sealed class SnapshotIndex(int capacity)
{
    internal enum Mark : byte { Stored, Seen, New }

    internal struct Entry
    {
        public ulong RowHash;
        public int Line;
        public Mark Mark;
    }

    private readonly Dictionary<ulong, Entry> _entries = new(capacity);

    public int StoredCount { get; private set; }

    public void AddStored(ulong skuKey, ulong rowHash)
    {
        _entries[skuKey] = new Entry { RowHash = rowHash, Mark = Mark.Stored };
        StoredCount = _entries.Count;
    }

    /// <summary>Room for <paramref name="rows"/> entries in one step, instead of the doublings (each a rehash of
    /// every entry so far, on the parser's thread) a feed's first load would otherwise go through.</summary>
    public void Reserve(int rows) => _entries.EnsureCapacity(rows);

    /// <summary>Entries the index holds room for without growing.</summary>
    internal int Capacity => _entries.Capacity;

    internal ref Entry Find(ulong skuKey, out bool exists) =>
        ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, skuKey, out exists);

    /// <summary>Stored SKUs this run never saw: in a full feed, those were removed by the distributor.</summary>
    public HashSet<ulong> Unseen()
    {
        var keys = new HashSet<ulong>();
        foreach (var (key, entry) in _entries)
            if (entry.Mark == Mark.Stored) keys.Add(key);
        return keys;
    }
}
