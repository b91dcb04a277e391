using Dapper;
using ErpConnector.Persistence.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ErpConnector.Persistence.Tests.Sqlite;

/// <summary>
/// <see cref="ConnectionFactory"/> sets SQLite's connection settings once per physical connection, not on every open:
/// whatever the pool hands out — the same physical connection again, or a new one after the pool was cleared — must
/// still wait for a busy database, check foreign keys and write in WAL mode with synchronous NORMAL.
/// </summary>
[Collection(AloneWithThePool.Name)]
public sealed class When_a_pooled_sqlite_connection_is_opened_again : IAsyncLifetime
{
    private readonly SqliteFile _file = new("erp-pooled-settings");
    private ConnectionFactory _connections = null!;

    public Task InitializeAsync()
    {
        _connections = new ConnectionFactory(Options.Create(_file.Options));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _connections.DisposeAsync();
        _file.Delete();
    }

    [Fact]
    public async Task Every_connection_handed_out_has_the_settings_whether_reused_or_new()
    {
        SQLitePCL.sqlite3 first;
        await using (var db = (SqliteConnection)await _connections.OpenAsync())
        {
            first = db.Handle!;
            await AssertSettingsAsync(db);
        }
        await using (var db = (SqliteConnection)await _connections.OpenAsync())
        {
            Assert.Same(first, db.Handle); // the pool's physical connection again: nothing was set this time
            await AssertSettingsAsync(db);
        }
        SqliteConnection.ClearAllPools();
        await using (var db = (SqliteConnection)await _connections.OpenAsync())
        {
            Assert.NotSame(first, db.Handle); // a new physical connection: set afresh
            await AssertSettingsAsync(db);
        }
    }

    private static async Task AssertSettingsAsync(SqliteConnection db)
    {
        Assert.Equal("wal", await db.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("PRAGMA synchronous")); // NORMAL
        Assert.Equal(30000L, await db.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
    }
}

/// <summary>Specs that watch SQLite's process-wide connection pool: run alone, since every other spec's
/// <c>SqliteFile.Delete</c> clears all pools (a cleared pool closed the connection this spec expects back).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneWithThePool
{
    public const string Name = "alone with SQLite's connection pool";
}
