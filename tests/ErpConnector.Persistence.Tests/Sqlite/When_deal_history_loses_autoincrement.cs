using Dapper;
using ErpConnector.Persistence.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace ErpConnector.Persistence.Tests.Sqlite;

/// <summary>
/// Migration 0005 rebuilds SQLite's deal_history without AUTOINCREMENT: every line written before keeps its id, its
/// deal and its order, and lines written after continue above the largest id, as AUTOINCREMENT's would.
/// </summary>
public sealed class When_deal_history_loses_autoincrement : IDisposable
{
    private readonly SqliteFile _file = new("erp-history-rowid");

    public void Dispose() => _file.Delete();

    [Fact]
    public async Task Existing_lines_keep_their_ids_and_order_and_new_lines_continue_after_them()
    {
        await using var db = new SqliteConnection($"Data Source={_file.Path}");
        await db.OpenAsync();
        // deal_history as migration 0001 created it, with ids that have gaps (as after rolled-back inserts).
        await db.ExecuteAsync("""
            CREATE TABLE deal_history (id INTEGER PRIMARY KEY AUTOINCREMENT, deal_id TEXT NOT NULL, at INTEGER NOT NULL, state TEXT NOT NULL, note TEXT NOT NULL);
            CREATE INDEX ix_deal_history_deal ON deal_history (deal_id, id);
            INSERT INTO deal_history (id, deal_id, at, state, note) VALUES (3, 'D-1', 10, 'received', 'Deal received (event e1).');
            INSERT INTO deal_history (id, deal_id, at, state, note) VALUES (7, 'D-2', 11, 'received', 'Deal received (event e2).');
            INSERT INTO deal_history (id, deal_id, at, state, note) VALUES (9, 'D-1', 12, 'customer_registered', 'Customer registered.');
            """);

        await db.ExecuteAsync(Script("0005_deal_history_rowid.sql"));

        Assert.DoesNotContain("AUTOINCREMENT", await db.ExecuteScalarAsync<string>("SELECT sql FROM sqlite_master WHERE name = 'deal_history'"));
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_deal_history_deal'"));
        var lines = (await db.QueryAsync<(long Id, string DealId, string Note)>("SELECT id, deal_id, note FROM deal_history ORDER BY id")).ToList();
        Assert.Equal([(3L, "D-1", "Deal received (event e1)."), (7L, "D-2", "Deal received (event e2)."), (9L, "D-1", "Customer registered.")], lines);

        await db.ExecuteAsync("INSERT INTO deal_history (deal_id, at, state, note) VALUES ('D-1', 13, 'order_created', 'Service order created.')");
        Assert.Equal(10L, await db.ExecuteScalarAsync<long>("SELECT MAX(id) FROM deal_history"));
        Assert.Equal(["Deal received (event e1).", "Customer registered.", "Service order created."],
            await db.QueryAsync<string>("SELECT note FROM deal_history WHERE deal_id = 'D-1' ORDER BY id"));
    }

    private static string Script(string name)
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Scripts.Sqlite." + name, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }
}
