using Microsoft.Data.Sqlite;

namespace ErpConnector.Persistence.Tests.Fixtures;

/// <summary>The SQLite file of one contract spec: its options, and its removal (with the -wal and -shm files) once the
/// connection pools have let go of it.</summary>
public sealed class SqliteFile(string prefix)
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db");

    public PersistenceOptions Options => new() { Provider = PersistenceOptions.Sqlite, ConnectionString = $"Data Source={Path}" };

    public void Delete()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(Path + suffix);
    }
}
