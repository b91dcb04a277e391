using System.Diagnostics;
using System.Globalization;
using ErpConnector.Benchmarks.Feeds;
using ErpConnector.Persistence;
using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErpConnector.Benchmarks.Ledger;

/// <summary>`ledger`: what the deal ledger sustains on SQLite — the per-deal write pattern of the pipeline
/// (create, claim, four step saves) from 32 concurrent workers. Explains the pipeline's ceiling.</summary>
public static class LedgerSuite
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 && int.TryParse(args[0], out var parsed) ? parsed : 2000;
        var path = Path.Combine(Path.GetTempPath(), $"ledger-bench-{Guid.NewGuid():N}.db");
        var options = Options.Create(new PersistenceOptions { ConnectionString = $"Data Source={path}" });
        var connections = new ConnectionFactory(options);
        new DatabaseMigrator(connections, NullLogger<DatabaseMigrator>.Instance).Migrate();
        var ledger = new SqliteDealLedger(connections, new SqliteLedgerWriter(connections), TimeProvider.System);
        var now = DateTimeOffset.UtcNow;

        var started = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var deal = Deal.Receive($"L{i}", $"E{i}", "{}", 100, now);
            await ledger.TryCreateAsync(deal, "received", ct);
            await ledger.TryRecordEventAsync(deal.EventId, deal.DealId, now, ct);
            var claimed = (await ledger.TryClaimAsync(deal.DealId, "bench", now, TimeSpan.FromMinutes(2), ct))!;
            claimed.RegisterCustomer("11222333000181", "C", 1, now);
            await ledger.SaveAsync(claimed, claimed.State, releaseLease: false, now, ct);
            claimed.AssignOrderCode($"OS-{i}");
            claimed.RecordOrder(i, $"{i}", now);
            await ledger.SaveAsync(claimed, claimed.State, releaseLease: false, now, ct);
            claimed.MarkInvoiced(now, now);
            await ledger.SaveAsync(claimed, claimed.State, releaseLease: false, now, ct);
            claimed.Issue(new DealNfse($"{i}", "V", "https://nfse", now), now);
            await ledger.SaveAsync(claimed, claimed.State, releaseLease: true, now, ct);
        });
        var elapsed = started.Elapsed;
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);

        var writes = n * 7;
        var table = string.Create(CultureInfo.InvariantCulture, $"""
            | measure | value |
            |---|---:|
            | deals (7 ledger writes each, 32 workers) | {n} |
            | deals/s | {n / elapsed.TotalSeconds:F0} |
            | write transactions/s | {writes / elapsed.TotalSeconds:F0} |
            | mean time per write | {elapsed.TotalMilliseconds * 1000 / writes:F0} µs |
            """);
        Console.WriteLine(table);
        BenchmarksFile.Update("ledger", $"Command: `dotnet run -c Release --project tests/ErpConnector.Benchmarks -- ledger {n}`.\n\n" + table);
        return 0;
    }
}
