using System.Diagnostics;
using System.Globalization;
using System.Text;
using ErpConnector.Benchmarks.Feeds;

namespace ErpConnector.Benchmarks.Pipeline.ScaleOut;

/// <summary>
/// `pipeline [n] [rounds] --postgres [--instances 2] [--pool 20] [--one-at 64] [--npgsql "Max Auto Prepare=20"] [--trace FILE] [--no-write]`
/// (also `pipeline-postgres`): the scale-out shape.
/// The connector on PostgreSQL (clustered Quartz store) as its own processes: ONE instance on one fresh database and
/// queue, and N instances (default two) consuming one queue on another fresh database, beside the simple consumer, all
/// warm in one run and measured in alternating rounds (simple, one, N, then N, one, simple, ...), each round N fresh
/// deals from the first publish to the last NfseIssued observed. Each side's deals go straight to its own queue's
/// exchange (MassTransit's per-endpoint exchange), so no side sees another's. Beside each round: the machine's load,
/// CPU time of the connectors, PostgreSQL, RabbitMQ and this process (simulator, simple consumer, observer), and what
/// PostgreSQL did (transactions and rows per deal, backends' waits). `--one-at C` adds a side: one instance with C
/// concurrent messages (and twice C prefetch), to tell scale-out from concurrency; `--npgsql` appends Npgsql settings to
/// every connector's connection string; `--trace FILE` records a dotnet-trace (sampled thread time) of the one-instance
/// connector during its first measured round.
/// </summary>
public static class PostgresPipelineSuite
{
    private const string Simple = "simple consumer";
    private const int Concurrency = 32, Prefetch = 64;

    public static async Task<int> RunAsync(string[] args)
    {
        var numbers = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var n = numbers.Length > 0 && int.TryParse(numbers[0], out var parsed) ? parsed : 1000;
        var rounds = numbers.Length > 1 && int.TryParse(numbers[1], out var parsedRounds) ? parsedRounds : 2;
        var instances = Option(args, "--instances", 2);
        // ≈ 14 connections busy on average at concurrency 32 (sampled); 20 like the chaos suite, so 5 instances' pools
        // plus Quartz's fit in a server's default max_connections of 100.
        var pool = Option(args, "--pool", 20);
        var oneAt = Option(args, "--one-at", 0);
        var oneWith = Text(args, "--one-with");
        var npgsql = Text(args, "--npgsql");
        var trace = Text(args, "--trace");
        if (instances < 1) throw new ArgumentException("--instances must be at least 1");
        var rabbitUri = Environment.GetEnvironmentVariable("RABBITMQ_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
        var serviceDll = Path.Combine(RepositoryRoot(), "src", "ErpConnector.Service", "bin", "Release", "net10.0", "ErpConnector.Service.dll");
        if (!File.Exists(serviceDll)) throw new FileNotFoundException("Build the benchmarks in Release first (it builds the service).", serviceDll);

        var run = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        // The connectors' own output (warnings and errors), kept per run beside the repository's other run files.
        var logs = Path.Combine(RepositoryRoot(), ".run", $"pipeline-postgres-{run}");
        var sequence = 0;
        List<(string DealId, byte[] Body)> NextDeals(string prefix, int count) =>
            Enumerable.Range(0, count).Select(_ => DealBodies.Create($"{prefix}{run[6..]}", ++sequence)).ToList();

        await using var load = await ConnectorUnderLoad.StartRigAsync(rabbitUri, new Dictionary<string, string?> { ["Sandbox:NfseIssueDelay"] = "00:00:00" });
        await using var simple = await SimpleConsumerBaseline.StartAsync(rabbitUri, load.SandboxUrl, Concurrency, Prefetch);
        await using var activity = new PostgresActivity();

        // One database and one queue per connector side; each side's instances form one Quartz cluster on it.
        var sides = new List<ConnectorSide>();
        try
        {
            var shapes = new List<(int Size, int Concurrency, string? Npgsql)> { (1, Concurrency, npgsql) };
            if (instances > 1) shapes.Add((instances, Concurrency, npgsql));
            if (oneAt > 0) shapes.Add((1, oneAt, npgsql));
            if (oneWith is not null) shapes.Add((1, Concurrency, npgsql is null ? oneWith : npgsql + ";" + oneWith));
            foreach (var (size, concurrency, connectionExtra) in shapes)
            {
                var variant = concurrency != Concurrency ? $" (concurrency {concurrency})" : connectionExtra != npgsql ? $" (+ `{oneWith}`)" : "";
                var label = (size == 1 ? "one" : size == 2 ? "two" : $"n{size}") + (concurrency != Concurrency ? $"_c{concurrency}" : connectionExtra != npgsql ? "_with" : "");
                var side = new ConnectorSide($"connector ×{size}{variant}",
                    $"erp-connector.deal-won.pgpipe-{label}", await RunDatabase.CreateAsync($"erp_pgpipe_{run}_{label}"));
                sides.Add(side);
                for (var i = 0; i < size; i++)
                {
                    // One after the other: the first creates the schema (DbUp + Quartz tables), the next finds it.
                    var name = size == 1 ? label : $"{label}-{(char)('a' + i)}";
                    Console.WriteLine($"Starting connector {name} on {side.Database.Name} (load {LoadAverage()})...");
                    side.Processes.Add(await ConnectorProcess.StartAsync(name, serviceDll, rabbitUri,
                        Settings(load.SandboxUrl, side.Database.ConnectionString(pool, connectionExtra), side.Queue, concurrency), logs));
                    Console.WriteLine($"  ready after {side.Processes[^1].ReadyAfter.TotalSeconds:F1} s");
                }
            }

            var everyConnector = sides.SelectMany(s => s.Processes).ToList();
            var traced = false;
            async Task<Round> RunRound(string name, int count, bool measuredRound = true)
            {
                // The previous side's spare connections are pruned after 5 s idle (see RunDatabase), and its tail settles.
                await Task.Delay(TimeSpan.FromSeconds(6));
                var side = sides.FirstOrDefault(s => s.Name == name);
                var exchange = side?.Queue ?? SimpleConsumerBaseline.Exchange;
                var deals = NextDeals(side is null ? "S" : $"P{side.Processes.Count}", count);
                var loadBefore = LoadAverage();
                Console.WriteLine($"  {name}: {count} deals (load {loadBefore})...");
                var counters = side is null ? null : await activity.ReadAsync(side.Database.Name);
                if (side is not null) activity.Watch(side.Database.Name);
                await using var tracer = trace is not null && measuredRound && !traced && side == sides[0]
                    ? await Tracer.StartAsync(side.Processes[0].Id, trace) : null;
                traced |= tracer is not null;
                var cpuBefore = CpuNow(side, everyConnector);
                var wall = Stopwatch.StartNew();
                foreach (var (dealId, body) in deals) await load.PublishAsync(exchange, dealId, body);
                var ids = deals.Select(d => d.DealId).ToList();
                var complete = await load.WaitForIssuedAsync(ids, TimeSpan.FromMinutes(5));
                wall.Stop();
                var cpu = CpuNow(side, everyConnector) - cpuBefore;
                var database = side is null || counters is null ? null : await activity.EndAsync(side.Database.Name, counters);
                return new Round(name, loadBefore, complete, load.Measure(ids), cpu, wall.Elapsed, database);
            }

            var order = new[] { Simple }.Concat(sides.Select(s => s.Name)).ToArray();
            var warmUp = Math.Max(100, n / 5);
            Console.WriteLine($"Warm-up: {warmUp} deals each...");
            foreach (var side in order) await RunRound(side, warmUp, measuredRound: false);

            // What the connectors do with no deals (Quartz's sweeps and check-ins, the pollers): subtracted from the
            // transactions per deal, and reported as the idle cost of an instance.
            var idle = new Dictionary<string, (double CommitsPerSecond, double CpuMsPerSecondPerInstance)>();
            await Task.Delay(TimeSpan.FromSeconds(2)); // the warm-up's last deals' tail (publishes, tier-1 JIT) settles first
            foreach (var side in sides)
            {
                var before = await activity.ReadAsync(side.Database.Name);
                var cpu = Sum(side.Processes.Select(p => p.CpuTime));
                var window = Stopwatch.StartNew();
                activity.Watch(side.Database.Name);
                await Task.Delay(TimeSpan.FromSeconds(5));
                var quiet = await activity.EndAsync(side.Database.Name, before);
                var cpuMs = (Sum(side.Processes.Select(p => p.CpuTime)) - cpu).TotalMilliseconds;
                idle[side.Name] = (quiet.Delta.Commits / window.Elapsed.TotalSeconds, cpuMs / window.Elapsed.TotalSeconds / side.Processes.Count);
            }

            var measured = new List<Round>();
            for (var r = 0; r < rounds; r++)
                foreach (var side in r % 2 == 0 ? order : order.Reverse())
                    measured.Add(await RunRound(side, n));

            var table = Report(n, rounds, instances, pool, npgsql, sides, measured, idle);
            Console.WriteLine(table);
            // --no-write: an experiment whose figures go to the console only (the section keeps the last full run).
            if (!args.Contains("--no-write"))
                BenchmarksFile.Update("pipeline-postgres",
                $"Command: `dotnet run -c Release --project tests/ErpConnector.Benchmarks -- pipeline {string.Join(' ', args.Select(a => a.Contains(' ') || a.Contains(';') ? $"\"{a}\"" : a))}` (`make bench` runs `pipeline-postgres`: 1000 deals, 2 rounds, ×1 and ×2), "
                + $"PostgreSQL and RabbitMQ on loopback, {Environment.ProcessorCount} cores shared by the connectors, PostgreSQL, RabbitMQ and this process "
                + $"(simulator, simple consumer, observer), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.\n\n" + table);
            return measured.All(m => m.Complete) ? 0 : 1;
        }
        finally
        {
            foreach (var side in sides)
            {
                foreach (var process in side.Processes) await process.DisposeAsync();
                await side.Database.DisposeAsync();
            }
        }
    }

    /// <summary>The in-process pipeline suite's settings (concurrency, prefetch, Omie quotas lifted, fast sweeps), on PostgreSQL.</summary>
    private static Dictionary<string, string> Settings(string sandboxUrl, string connectionString, string queue, int concurrency)
    {
        var settings = PipelineSettings.Connector(concurrency, concurrency * Prefetch / Concurrency);
        settings["Persistence:Provider"] = "postgres";
        settings["Persistence:ConnectionString"] = connectionString;
        settings["Messaging:DealWonQueue"] = queue;
        settings["Messaging:PurgeOnStartup"] = "true";
        settings["Omie:BaseUrl"] = $"{sandboxUrl}/api/v1/";
        settings["Omie:AppKey"] = "sandbox-app-key";
        settings["Omie:AppSecret"] = "sandbox-app-secret";
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings.ToDictionary(kv => kv.Key, kv => kv.Value!);
    }

    private sealed record ConnectorSide(string Name, string Queue, RunDatabase Database)
    {
        public List<ConnectorProcess> Processes { get; } = [];
    }

    /// <summary>CPU time so far: the side's connectors, the idle ones, PostgreSQL (every backend on the server), RabbitMQ,
    /// this process (simulator, simple consumer, publisher, observer) and the whole machine.</summary>
    private sealed record Cpu(TimeSpan Connectors, TimeSpan IdleConnectors, TimeSpan Postgres, TimeSpan RabbitMq, TimeSpan Benchmark, TimeSpan Machine)
    {
        public static Cpu operator -(Cpu a, Cpu b) => new(a.Connectors - b.Connectors, a.IdleConnectors - b.IdleConnectors,
            a.Postgres - b.Postgres, a.RabbitMq - b.RabbitMq, a.Benchmark - b.Benchmark, a.Machine - b.Machine);
    }

    private static Cpu CpuNow(ConnectorSide? side, List<ConnectorProcess> every)
    {
        var mine = side?.Processes ?? [];
        return new Cpu(
            Sum(mine.Select(p => p.CpuTime)),
            Sum(every.Except(mine).Select(p => p.CpuTime)),
            ProcCpu.OfCommand("postgres"),
            ProcCpu.OfCommand("beam.smp"),
            Process.GetCurrentProcess().TotalProcessorTime,
            ProcCpu.MachineBusy());
    }

    private static TimeSpan Sum(IEnumerable<TimeSpan> times) => times.Aggregate(TimeSpan.Zero, (a, b) => a + b);

    private sealed record Round(string Side, string LoadBefore, bool Complete, ConnectorUnderLoad.RoundResult Result, Cpu Cpu, TimeSpan Wall, PostgresActivity.Round? Database);

    private static string Report(int n, int rounds, int instances, int pool, string? npgsql, List<ConnectorSide> sides, List<Round> measured,
        Dictionary<string, (double CommitsPerSecond, double CpuMsPerSecondPerInstance)> idle)
    {
        var text = new StringBuilder();
        text.AppendLine("| round | side | deals issued | deals/s | p50 | p99 | load avg (1 min) before | CPU s: connector(s) | PostgreSQL | RabbitMQ | simulator + simple consumer + observer | idle connectors | machine busy (of 2 cores) |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var perRound = sides.Count + 1;
        for (var i = 0; i < measured.Count; i++)
        {
            var m = measured[i];
            var c = m.Cpu;
            text.AppendLine(Invariant(
                $"| {i / perRound + 1} | {m.Side} | {m.Result.Issued}/{m.Result.Published}{(m.Complete ? "" : " INCOMPLETE")} | {m.Result.PerSecond:F0} | {Percentile(m.Result.SortedLatenciesMs, 0.50):F0} ms | {Percentile(m.Result.SortedLatenciesMs, 0.99):F0} ms | {m.LoadBefore} | {c.Connectors.TotalSeconds:F1} | {c.Postgres.TotalSeconds:F1} | {c.RabbitMq.TotalSeconds:F1} | {c.Benchmark.TotalSeconds:F1} | {c.IdleConnectors.TotalSeconds:F1} | {c.Machine.TotalSeconds:F1} s = {c.Machine.TotalSeconds / m.Wall.TotalSeconds:F2} cores |"));
        }
        text.AppendLine();

        var simple = TotalsOf(measured.Where(m => m.Side == Simple));
        text.AppendLine("| measure (all measured rounds) | " + string.Join(" | ", sides.Select(s => s.Name)) + " | simple consumer |");
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", sides.Count + 1)));
        var totals = sides.Select(s => TotalsOf(measured.Where(m => m.Side == s.Name))).ToList();
        string Row(string label, Func<Totals, string> cell) => $"| {label} | {string.Join(" | ", totals.Select(cell))} | {cell(simple)} |";
        text.AppendLine(Row("deals/s (Σ issued / Σ round time)", t => Invariant($"{t.PerSecond:F0}")));
        text.AppendLine(Row("p50 / p99 publish → NfseIssued", t => Invariant($"{t.P50:F0} ms / {t.P99:F0} ms")));
        text.AppendLine(Row("**ratio to the simple consumer**", t => Invariant($"**{t.PerSecond / simple.PerSecond:P0}**")));
        text.AppendLine(Row("CPU ms per deal: connector process(es)", t => Invariant($"{t.ConnectorMs:F1}")));
        text.AppendLine(Row("CPU ms per deal: PostgreSQL (whole server)", t => Invariant($"{t.PostgresMs:F1}")));
        text.AppendLine(Row("CPU ms per deal: RabbitMQ", t => Invariant($"{t.RabbitMs:F1}")));
        text.AppendLine(Row("CPU ms per deal: simulator + simple consumer + observer", t => Invariant($"{t.BenchmarkMs:F1}")));
        text.AppendLine(Row("CPU ms per deal: whole machine (anything running)", t => Invariant($"{t.MachineMs:F1}")));
        text.AppendLine(Row("machine busy during the rounds", t => Invariant($"{t.CoresBusy:F2} of {Environment.ProcessorCount} cores")));
        for (var s = 1; s < sides.Count; s++)
            text.AppendLine(Invariant($"| **ratio {sides[s].Name} / connector ×1** | **{totals[s].PerSecond / totals[0].PerSecond:F2}×** deals/s, p50 {totals[s].P50 / totals[0].P50:F2}×, connector CPU per deal {totals[s].ConnectorMs / totals[0].ConnectorMs:F2}× |{string.Concat(Enumerable.Repeat(" |", sides.Count))}"));
        text.AppendLine();

        text.AppendLine("| PostgreSQL, per deal (all measured rounds) | " + string.Join(" | ", sides.Select(s => s.Name)) + " |");
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", sides.Count)));
        var databases = sides.Select(s => measured.Where(m => m.Side == s.Name && m.Database is not null).ToList()).ToList();
        string DbRow(string label, Func<List<Round>, string> cell) => $"| {label} | {string.Join(" | ", databases.Select(cell))} |";
        double PerDeal(List<Round> r, Func<PostgresActivity.Counters, long> f) => r.Sum(x => f(x.Database!.Delta)) / (double)Math.Max(1, r.Sum(x => x.Result.Issued));
        text.AppendLine(DbRow("transactions committed (incl. Quartz's)", r => Invariant($"{PerDeal(r, c => c.Commits):F1}")));
        // The statistics are read 1.2 s after each round's last deal: the idle rate runs over that time too.
        var idleRates = sides.Select(side => idle[side.Name].CommitsPerSecond).ToList();
        var netCommits = databases.Select((r, i) => (r.Sum(x => x.Database!.Delta.Commits) - idleRates[i] * r.Sum(x => x.Wall.TotalSeconds + 1.2))
            / Math.Max(1, r.Sum(x => x.Result.Issued))).ToList();
        text.AppendLine($"| transactions committed, idle rate subtracted | {string.Join(" | ", netCommits.Select(c => Invariant($"{c:F1}")))} |");
        text.AppendLine($"| idle: transactions/s, CPU ms/s per instance (5 s with no deals) | {string.Join(" | ", sides.Select(s => Invariant($"{idle[s.Name].CommitsPerSecond:F0}/s, {idle[s.Name].CpuMsPerSecondPerInstance:F0} ms/s")))} |");
        text.AppendLine(DbRow("rows inserted / updated", r => Invariant($"{PerDeal(r, c => c.Inserted):F1} / {PerDeal(r, c => c.Updated):F1}")));
        // Where the rows and reads go: the tables with the most writes, then the most scans (Quartz's included).
        string PerTable(List<Round> r, Func<(long Inserted, long Updated, long Scans), long> measure, int top)
        {
            var issued = (double)Math.Max(1, r.Sum(x => x.Result.Issued));
            var byTable = r.SelectMany(x => x.Database!.Delta.Tables).GroupBy(t => t.Key)
                .Select(g => (Table: g.Key, PerDeal: g.Sum(t => measure(t.Value)) / issued)).Where(t => t.PerDeal >= 0.05)
                .OrderByDescending(t => t.PerDeal).Take(top);
            return string.Join(", ", byTable.Select(t => Invariant($"{t.Table} {t.PerDeal:F1}")));
        }
        text.AppendLine(DbRow("rows written (inserted + updated) by table", r => PerTable(r, t => t.Inserted + t.Updated, 6)));
        text.AppendLine(DbRow("scans (index + sequential) by table", r => PerTable(r, t => t.Scans, 6)));
        text.AppendLine(DbRow("WAL written (server-wide)", r => Invariant($"{PerDeal(r, c => c.WalBytes) / 1024:F1} KB")));
        text.AppendLine(DbRow("peak connections to the database", r => r.Count == 0 ? "" : Invariant($"{r.Max(x => x.Database!.PeakConnections)} (pool {pool} per instance)")));
        var states = databases.SelectMany(r => r.SelectMany(x => x.Database!.BackendsByState.Keys)).Distinct().ToList();
        // The average number of the database's backends in each state, sampled every 100 ms.
        foreach (var state in states.OrderByDescending(s => databases.Sum(r => Average(r, s))).Take(8))
            text.AppendLine(DbRow($"backends {state} (average, sampled)", r => Invariant($"{Average(r, state):F2}")));
        text.AppendLine();
        // Integers only below: the current culture cannot change how they print.
        text.Append($"{rounds} rounds of {n} deals per side after a warm-up, in the order simple consumer, {string.Join(", ", sides.Select(s => s.Name))}, then reversed. Each connector is its own process "
            + $"(Release `ErpConnector.Service.dll`, Persistence:Provider postgres, clustered Quartz store, concurrency {Concurrency}, prefetch {Prefetch} per instance, "
            + $"Npgsql pool ≤ {pool} per instance{(npgsql is null ? "" : $", connection string + `{npgsql}`")}); each connector side has a fresh database (created and dropped by the run) and a queue of their own. "
            + "The simulator runs in the benchmark process. CPU is user+sys from /proc over each round (PostgreSQL and RabbitMQ: every process of the server, "
            + "so other sessions' work on them counts too); machine busy = all processes' CPU over the round's wall time.");
        return text.ToString();
    }

    private static double Average(List<Round> rounds, string state)
    {
        var samples = rounds.Sum(r => r.Database!.Samples);
        return samples == 0 ? 0 : rounds.Sum(r => r.Database!.BackendsByState.GetValueOrDefault(state) * r.Database.Samples) / samples;
    }

    private sealed record Totals(double PerSecond, double P50, double P99, double ConnectorMs, double PostgresMs, double RabbitMs, double BenchmarkMs, double MachineMs, double CoresBusy);

    private static Totals TotalsOf(IEnumerable<Round> rounds)
    {
        var list = rounds.ToList();
        var latencies = list.SelectMany(r => r.Result.SortedLatenciesMs).Order().ToArray();
        double issued = Math.Max(1, list.Sum(r => r.Result.Issued));
        double Ms(Func<Cpu, TimeSpan> f) => list.Sum(r => f(r.Cpu).TotalMilliseconds) / issued;
        return new Totals(
            list.Sum(r => r.Result.Issued) / list.Sum(r => r.Result.Elapsed.TotalSeconds),
            Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            Ms(c => c.Connectors), Ms(c => c.Postgres), Ms(c => c.RabbitMq), Ms(c => c.Benchmark), Ms(c => c.Machine),
            list.Sum(r => r.Cpu.Machine.TotalSeconds) / list.Sum(r => r.Wall.TotalSeconds));
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }

    private static string? Text(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ErpConnector.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("ErpConnector.sln not found above " + AppContext.BaseDirectory);
    }
}
