using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using ErpConnector.Benchmarks.Feeds;

namespace ErpConnector.Benchmarks.Pipeline;

/// <summary>
/// `pipeline [n] [rounds]`: the connector against the simple consumer a team would write instead (same deal.won
/// bodies, same four Omie calls on the same simulator, a plain HttpClient, nothing kept), both warm in one process
/// and measured in alternating rounds (ABBA order, so drift in the machine's load falls on both sides alike), each
/// round N fresh deals from the first publish to the last NfseIssued observed. A do-nothing MassTransit consumer is
/// measured first as the broker's ceiling. Targets: ≥ 500 deals/s and ≥ 60% of the simple consumer. Omie's rate
/// limits are lifted here (the `budget` suite measures those); the connector runs its production path: validation,
/// SQLite ledger, leases, four Omie HTTP calls per deal, outcome publishing.
/// </summary>
public static class PipelineSuite
{
    public static async Task<int> RunAsync(string[] args)
    {
        // The scale-out shape: the connector as processes on PostgreSQL, one instance and two, beside the simple consumer.
        if (args.Contains("--postgres")) return await ScaleOut.PostgresPipelineSuite.RunAsync(args);
        var n = args.Length > 0 && int.TryParse(args[0], out var parsed) ? parsed : 2000;
        var rounds = args.Length > 1 && int.TryParse(args[1], out var parsedRounds) ? parsedRounds : 2;
        // `--connector-only`: only the connector's rounds, nothing written to BENCHMARKS.md (to profile it alone).
        var connectorOnly = args.Contains("--connector-only");
        var rabbitUri = Environment.GetEnvironmentVariable("RABBITMQ_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
        const int concurrency = 32, prefetch = 64;
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var sequence = 0;
        List<(string DealId, byte[] Body)> NextDeals(string side, int count) =>
            Enumerable.Range(0, count).Select(_ => DealBodies.Create($"{side}{run}", ++sequence)).ToList();

        var bareBodies = connectorOnly ? [] : NextDeals("N", n).Select(d => d.Body).ToList();
        var bare = TimeSpan.Zero;
        if (!connectorOnly)
        {
            Console.WriteLine($"Ceiling: bare MassTransit consumer, {n} messages...");
            bare = await BareConsumerBaseline.RunAsync(rabbitUri, bareBodies, concurrency, prefetch);
        }

        await using var load = await ConnectorUnderLoad.StartAsync(rabbitUri,
            new Dictionary<string, string?> { ["Sandbox:NfseIssueDelay"] = "00:00:00" },
            PipelineSettings.Connector(concurrency, prefetch));
        await using var simple = await SimpleConsumerBaseline.StartAsync(rabbitUri, load.SandboxUrl, concurrency, prefetch);

        var writer = load.Service<ErpConnector.Persistence.Deals.SqliteLedgerWriter>();
        async Task<Round> RunRound(string side, int count)
        {
            var exchange = side == Simple ? SimpleConsumerBaseline.Exchange : ConnectorUnderLoad.DealWonQueue;
            var deals = NextDeals(side == Simple ? "S" : "B", count);
            var loadBefore = LoadAverage();
            Console.WriteLine($"  {side}: {count} deals (load {loadBefore})...");
            var (jitted, cpu, writes, commits, allocated) = (JitInfo.GetCompiledMethodCount(), Process.GetCurrentProcess().TotalProcessorTime, writer.Writes, writer.Commits, GC.GetTotalAllocatedBytes());
            foreach (var (dealId, body) in deals) await load.PublishAsync(exchange, dealId, body);
            var ids = deals.Select(d => d.DealId).ToList();
            var complete = await load.WaitForIssuedAsync(ids, TimeSpan.FromMinutes(5));
            var round = new Round(side, loadBefore, complete, load.Measure(ids),
                JitInfo.GetCompiledMethodCount() - jitted, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / count,
                (writer.Writes - writes) / (double)count, (writer.Commits - commits) / (double)count, (GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {round.Result.PerSecond:F0} deals/s, p50 {Percentile(round.Result.SortedLatenciesMs, 0.50):F0} ms, {round.Jitted} methods JIT-compiled, {round.CpuMsPerDeal:F2} ms CPU/deal (this process), {round.KbAllocatedPerDeal:F0} KB allocated/deal, {round.WritesPerDeal:F1} ledger writes/deal in {round.CommitsPerDeal:F2} commits"));
            return round;
        }

        // Warm-up: JIT tiering (the connector has far more code to tier up than the simple consumer: in a
        // fixed 200-deal warm-up the tiering thread still took a fifth of the CPU in the measured rounds), connection
        // pools, SQLite's page cache, the simulator's dictionaries. Rounds of both sides until a connector round
        // JIT-compiles fewer than 100 methods (at most 10 rounds), so both sides are measured warm.
        var warmUp = Math.Max(500, n / 2);
        var warmUpRounds = 0;
        for (; warmUpRounds < 10; warmUpRounds++)
        {
            Console.WriteLine($"Warm-up round {warmUpRounds + 1}: {warmUp} deals each...");
            if (!connectorOnly) await RunRound(Simple, warmUp);
            if ((await RunRound(Connector, warmUp)).Jitted < 100) break;
        }
        if (connectorOnly)
        {
            Console.WriteLine($"pid {Environment.ProcessId}: warm; connector rounds start in 5 s");
            await Task.Delay(TimeSpan.FromSeconds(5));
            // `--allocations`: which types the connector's rounds allocate (sampled), printed after them.
            using var sampler = args.Contains("--allocations") ? new AllocationSampler() : null;
            sampler?.Start();
            for (var r = 0; r < rounds; r++) await RunRound(Connector, n);
            sampler?.Stop();
            if (sampler is not null) Console.WriteLine(sampler.Top(40, rounds * n));
            return 0;
        }

        var measured = new List<Round>();
        for (var r = 0; r < rounds; r++)
        {
            // ABBA: simple, connector, connector, simple, ...
            var order = r % 2 == 0 ? new[] { Simple, Connector } : [Connector, Simple];
            foreach (var side in order) measured.Add(await RunRound(side, n));
        }

        var table = Report(n, rounds, bare, bareBodies.Count, measured, (warmUpRounds + 1) * warmUp);
        Console.WriteLine(table);
        // `--no-write`: print only (A/B runs of two builds).
        if (!args.Contains("--no-write"))
            BenchmarksFile.Update("pipeline",
                $"Command: `make bench` (or `dotnet run -c Release --project tests/ErpConnector.Benchmarks -- pipeline {n} {rounds}`), RabbitMQ on loopback, "
                + $"{Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.\n"
                + "Targets: ≥ 500 deals/s and ≥ 60% of the simple consumer's throughput.\n\n" + table);
        return measured.All(m => m.Complete) ? 0 : 1;
    }

    private const string Simple = "simple consumer";
    private const string Connector = "connector";

    private sealed record Round(string Side, string LoadBefore, bool Complete, ConnectorUnderLoad.RoundResult Result,
        long Jitted, double CpuMsPerDeal, double WritesPerDeal, double CommitsPerDeal, double KbAllocatedPerDeal);

    private static string Report(int n, int rounds, TimeSpan bare, int bareCount, List<Round> measured, int warmUpDeals)
    {
        var text = new StringBuilder();
        text.AppendLine("| round | side | deals issued | deals/s | p50 | p99 | CPU per deal (this process) | allocated per deal | ledger writes / commits per deal | methods JIT-compiled in the round | load avg (1 min) before |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < measured.Count; i++)
        {
            var m = measured[i];
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {i / 2 + 1} | {m.Side} | {m.Result.Issued}/{m.Result.Published}{(m.Complete ? "" : " INCOMPLETE")} | {m.Result.PerSecond:F0} | {Percentile(m.Result.SortedLatenciesMs, 0.50):F0} ms | {Percentile(m.Result.SortedLatenciesMs, 0.99):F0} ms | {m.CpuMsPerDeal:F2} ms | {m.KbAllocatedPerDeal:F0} KB | {(m.Side == Connector ? $"{m.WritesPerDeal:F1} / {m.CommitsPerDeal:F2}" : "none")} | {m.Jitted} | {m.LoadBefore} |"));
        }
        text.AppendLine();

        var connector = Totals(measured.Where(m => m.Side == Connector));
        var simple = Totals(measured.Where(m => m.Side == Simple));
        text.AppendLine("| measure (all measured rounds) | connector | simple consumer |");
        text.AppendLine("|---|---:|---:|");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| deals/s (Σ issued / Σ round time) | {connector.PerSecond:F0} | {simple.PerSecond:F0} |"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| p50 / p99 publish → NfseIssued | {connector.P50:F0} ms / {connector.P99:F0} ms | {simple.P50:F0} ms / {simple.P99:F0} ms |"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| **ratio connector / simple consumer** | **{connector.PerSecond / simple.PerSecond:P0}** | |"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| do-nothing MassTransit consumer (broker ceiling, before the rounds) | {bareCount / bare.TotalSeconds:F0} msg/s | |"));
        text.AppendLine();
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"{rounds} rounds of {n} deals per side after a warm-up of {warmUpDeals} deals per side (until a connector round JIT-compiled < 100 methods); ratio = connector / simple consumer deals/s. "))
            .Append("CPU per deal is this process's user+system time over the round divided by its deals: the side measured, the simulator and the benchmark's observer (RabbitMQ is another process); allocated per deal is the same process's managed allocations. ")
            .Append("A ledger commit carries every write waiting for SQLite's single writer at that moment (group commit).");
        return text.ToString();
    }

    private static (double PerSecond, double P50, double P99) Totals(IEnumerable<Round> rounds)
    {
        var list = rounds.ToList();
        var latencies = list.SelectMany(r => r.Result.SortedLatenciesMs).Order().ToArray();
        var perSecond = list.Sum(r => r.Result.Issued) / list.Sum(r => r.Result.Elapsed.TotalSeconds);
        return (perSecond, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
