using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using ErpConnector.Distributors;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Events;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Runs;
using ErpConnector.Persistence;
using ErpConnector.Persistence.Prices;
using ErpConnector.Sandbox.Distributors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErpConnector.Benchmarks.Feeds;

/// <summary>End-to-end ingest of a distributor price file: a 1,000,000-row zipped CSV parsed, diffed, guarded
/// and applied to SQLite, then re-fetched unchanged and with 1% of prices changed. Options:
/// <c>--rows N</c> (default 1,000,000), <c>--no-write</c> (don't touch BENCHMARKS.md), <c>--first-loads N</c> (after the
/// warm-up and a parse-only pass, only N first loads of fresh feeds into the same database: for A/B comparisons of
/// the write path, several samples per process on a shared machine).</summary>
internal static class FeedIngestBenchmark
{
    private const double TargetSeconds = 5;
    private const long TargetBytes = 256L * 1024 * 1024;

    private const string RoundFlag = "--round-in";
    private const int WarmUpCycles = 3;
    private const string ResultPrefix = "ROUND-RESULT ";

    private const string FirstLoadsFlag = "--first-loads";
    private static int _firstLoads;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = ReadInt(args, "--rows") ?? 1_000_000;
        _firstLoads = ReadInt(args, FirstLoadsFlag) ?? 0;
        // `feeds --postgres`: the same rounds on PostgreSQL (binary COPY staging), a fresh database per round,
        // POSTGRES_CONNECTION_STRING naming the server; its figures go to their own section.
        var postgres = args.Contains(PostgresFlag) ? PostgresServer() : null;
        if (Array.IndexOf(args, RoundFlag) is var at and >= 0)
        {
            // A round runs in a process of its own, so each one's memory peak is its own.
            var dir = args[at + 1];
            var results = await RunRoundAsync(dir, rows, postgres, Path.Combine(dir, "prices.csv.zip"), Path.Combine(dir, "prices-1pct.csv.zip"),
                [Path.Combine(dir, "warm-up.csv.zip"), Path.Combine(dir, "warm-up-changed.csv.zip")]);
            Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(results));
            return 0;
        }
        var write = !args.Contains("--no-write");
        var repeat = ReadInt(args, "--repeat") ?? 3;
        var work = Path.Combine(Path.GetTempPath(), $"erpconnector-bench-feeds-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            Console.WriteLine($"Generating {rows:N0}-row catalogue files in {work} ...");
            var baseFile = Path.Combine(work, "prices.csv.zip");
            var changedFile = Path.Combine(work, "prices-1pct.csv.zip");
            var generate = Stopwatch.StartNew();
            CatalogueFiles.Write(new CatalogueSpec { Rows = rows, Seed = 7, Zipped = true }, baseFile);
            CatalogueFiles.Write(new CatalogueSpec { Rows = rows, Seed = 7, ChangedPercent = 1, Zipped = true }, changedFile);
            Console.WriteLine($"  done in {generate.Elapsed.TotalSeconds:0.0} s ({new FileInfo(baseFile).Length / 1024.0 / 1024:0.0} MB zipped)");
            Collect();

            var warmFile = Path.Combine(work, "warm-up.csv.zip");
            CatalogueFiles.Write(new CatalogueSpec { Rows = 200_000, Seed = 3, Zipped = true }, warmFile);
            var warmChanged = Path.Combine(work, "warm-up-changed.csv.zip");
            CatalogueFiles.Write(new CatalogueSpec { Rows = 200_000, Seed = 3, ChangedPercent = 5, Zipped = true }, warmChanged);

            // The machine is shared: each round runs every phase on a fresh database, and the report keeps each
            // phase's fastest round (the least disturbed) next to its median, and the largest memory peak of all.
            var rounds = new List<List<PhaseResult>>();
            for (var round = 1; round <= repeat; round++)
            {
                Console.WriteLine($"Round {round} of {repeat} (own process)");
                rounds.Add(await RunChildRoundAsync(work, rows, postgres is not null));
            }
            var results = Enumerable.Range(0, rounds[0].Count).Select(i =>
            {
                var phase = rounds.Select(r => r[i]).ToList();
                var best = phase.MinBy(p => p.Elapsed)!;
                var median = phase.Select(p => p.Elapsed).Order().ElementAt(phase.Count / 2);
                return best with { Median = median, PeakWorkingSet = phase.Max(p => p.PeakWorkingSet), PeakHeap = phase.Max(p => p.PeakHeap) };
            }).ToList();

            var report = Report(rows, repeat, new FileInfo(baseFile).Length, results, Process.GetCurrentProcess().PeakWorkingSet64, postgres is not null);
            Console.WriteLine();
            Console.WriteLine(report);
            if (write) BenchmarksFile.Update(postgres is null ? "feeds" : "feeds-postgres", report);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var ingest = results[1];
            var met = ingest.Elapsed.TotalSeconds <= TargetSeconds && results.Max(r => r.PeakWorkingSet) <= TargetBytes;
            Console.WriteLine(met ? "Targets met." : $"Targets MISSED (≤ {TargetSeconds} s, ≤ 256 MB).");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<List<PhaseResult>> RunChildRoundAsync(string work, int rows, bool postgres)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "feeds", RoundFlag, work, "--rows", rows.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
        if (postgres) start.ArgumentList.Add(PostgresFlag);
        if (_firstLoads > 0) { start.ArgumentList.Add(FirstLoadsFlag); start.ArgumentList.Add(_firstLoads.ToString(CultureInfo.InvariantCulture)); }
        using var child = Process.Start(start)!;
        List<PhaseResult>? results = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal)) results = JsonSerializer.Deserialize<List<PhaseResult>>(line[ResultPrefix.Length..]);
            else Console.WriteLine(line);
        }
        await child.WaitForExitAsync();
        return results ?? throw new InvalidOperationException($"the round exited with {child.ExitCode} and no results");
    }

    private static async Task<List<PhaseResult>> RunRoundAsync(string work, int rows, string? postgres, string baseFile, string changedFile, string[] warmUp)
    {
        if (postgres is null) return await RunRoundAsync(work, rows, new PersistenceOptions
        {
            ConnectionString = $"Data Source={Path.Combine(work, $"connector-{Environment.ProcessId}.db")}",
        }, baseFile, changedFile, warmUp);
        var database = $"erpconnector_bench_feeds_{Environment.ProcessId}";
        await AdminAsync(postgres, $"CREATE DATABASE {database}");
        try
        {
            return await RunRoundAsync(work, rows, new PersistenceOptions
            {
                Provider = PersistenceOptions.Postgres,
                ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString,
            }, baseFile, changedFile, warmUp);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await AdminAsync(postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private const string PostgresFlag = "--postgres";

    private static string PostgresServer() =>
        Environment.GetEnvironmentVariable("POSTGRES_CONNECTION_STRING") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres";

    private static async Task AdminAsync(string server, string sql)
    {
        await using var admin = new Npgsql.NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<PhaseResult>> RunRoundAsync(string work, int rows, PersistenceOptions persistence, string baseFile, string changedFile, string[] warmUp)
    {
        var results = new List<PhaseResult>();
        var feed = new PriceFeedOptions
        {
            Id = "bench", Name = "Benchmark feed", Adapter = "file", Schedule = "0 0 6 * * ?",
            File = new FileFeedOptions
            {
                Url = new Uri(baseFile).AbsoluteUri,
                Columns = new FileColumns { Sku = "sku", Price = "price", Currency = "currency", RetailPrice = "retail_price", Description = "description" },
            },
        };
        var options = new DistributorsOptions { Feeds = [feed] };
        await using var services = Build(options, persistence);
        services.GetRequiredService<DatabaseMigrator>().Migrate();
        var adapter = services.GetServices<IPriceFeedAdapter>().Single(a => a.Kind == "file");
        var runner = services.GetRequiredService<FeedRunner>();
        var runs = services.GetRequiredService<IFeedRunStore>();

        async Task<string> Ingest(string url)
        {
            feed.File!.Url = url;
            var (run, _) = await runs.StartOrJoinAsync(feed.Id, "benchmark", false, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), default);
            var done = (await runner.ExecuteAsync(run.RunId, default))!;
            if (done.Status != FeedRunStatus.Applied) throw new InvalidOperationException($"run {done.Status}: {done.Message}");
            return $"added {done.Added:N0}, changed {done.Changed:N0}, removed {done.Removed:N0}, unchanged {done.Unchanged:N0}";
        }

        if (warmUp.Length > 0)
        {
            // Warm-up on a separate feed, as BenchmarkDotNet would: the figures are for a running service, not for
            // the JIT's first pass over the code.
            // Three cycles (first load, 5% changed, back) on fresh feeds, then a first load with write-through off:
            // with one cycle, the writer's chunk loop was still being promoted to tier 1 (about 500 methods jitted,
            // ≈ 0.3 s of CPU) during the measured first load (DOTNET_JitDisasmSummary, issue 15).
            for (var cycle = 1; cycle <= WarmUpCycles; cycle++)
            {
                feed.Id = $"warm-up-{cycle}";
                foreach (var file in warmUp.Append(warmUp[0])) await Ingest(new Uri(file).AbsoluteUri);
            }
            feed.Id = "warm-up-spill";
            options.WriteThroughFirstLoad = false;
            await Ingest(new Uri(warmUp[0]).AbsoluteUri);
            options.WriteThroughFirstLoad = true;
            feed.Id = "bench";
            // Let the tiered JIT finish promoting the hot loops in the background before measuring.
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        feed.File!.Url = new Uri(baseFile).AbsoluteUri;
        results.Add(await MeasureAsync("Parse only (unzip + Sylvan + decimals, no diff, no DB)", rows, async () =>
        {
            var sink = new CountingSink();
            await adapter.ReadAsync(feed, sink, default);
            return $"{sink.Rows:N0} rows";
        }));
        if (_firstLoads > 0)
        {
            for (var i = 1; i <= _firstLoads; i++)
            {
                feed.Id = $"bench-{i}";
                results.Add(await MeasureAsync($"First load {i} (parse + diff + write-through apply)", rows, () => Ingest(new Uri(baseFile).AbsoluteUri)));
            }
            return results;
        }
        results.Add(await MeasureAsync("Full ingest, first load (parse + diff + write-through apply)", rows, () => Ingest(new Uri(baseFile).AbsoluteUri)));
        results.Add(await MeasureAsync("Re-fetch, unchanged (writes no price rows)", rows, () => Ingest(new Uri(baseFile).AbsoluteUri)));
        results.Add(await MeasureAsync("Re-fetch, 1% of prices changed", rows, () => Ingest(new Uri(changedFile).AbsoluteUri)));

        // The same first load with write-through off (Distributors:WriteThroughFirstLoad=false): staged to a
        // temp file, written only after the guards, as every REST feed and every later run is.
        feed.Id = "bench-spill";
        options.WriteThroughFirstLoad = false;
        results.Add(await MeasureAsync("First load, write-through off (stage to file, then apply)", rows, () => Ingest(new Uri(baseFile).AbsoluteUri)));
        return results;
    }

    private static ServiceProvider Build(DistributorsOptions options, PersistenceOptions persistence)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("ErpConnector.Distributors.Runs.FeedRunner", LogLevel.Information).AddSimpleConsole());
        services.AddSingleton(Options.Create(persistence));
        services.AddSingleton<ConnectionFactory>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<IOptionsMonitor<DistributorsOptions>>(new StaticOptionsMonitor(options));
        services.AddSingleton<IFeedEventPublisher, DiscardingPublisher>();
        services.AddSqlitePriceSnapshots();
        services.AddPriceFeedCore();
        return services.BuildServiceProvider();
    }

    private static async Task<PhaseResult> MeasureAsync(string name, int rows, Func<Task<string>> phase)
    {
        Collect();
        var gcBefore = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        string detail;
        TimeSpan elapsed;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var loadBefore = LoadAverage();
        long peakWs, peakHeap;
        await using (var sampler = new PeakMemorySampler())
        {
            var clock = Stopwatch.StartNew();
            detail = await phase();
            elapsed = clock.Elapsed;
            await Task.Delay(20);
            peakWs = sampler.PeakWorkingSet;
            peakHeap = sampler.PeakHeap;
        }
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var result = new PhaseResult(name, elapsed, cpu, loadBefore, rows / elapsed.TotalSeconds, peakWs, peakHeap,
            GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore,
            GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcBefore, detail);
        Console.WriteLine($"  {name}: {elapsed.TotalSeconds:0.00} s (CPU {cpu.TotalSeconds:0.00} s, load {loadBefore}), {result.RowsPerSecond:N0} rows/s, peak WS {Mb(peakWs)}, peak GC heap {Mb(peakHeap)} — {detail}");
        return result;
    }

    private static string Report(int rows, int repeat, long inputBytes, List<PhaseResult> results, long processPeak, bool postgres)
    {
        var parse = results[0].Elapsed.TotalSeconds;
        var lines = new List<string>
        {
            $"Command: `dotnet run -c Release --project tests/ErpConnector.Benchmarks -- feeds{(postgres ? " --postgres" : "")}`  ",
            $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {Mb(TotalMemory())} RAM, {RuntimeInformation.OSDescription}, " +
            $"{RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC (as the ASP.NET host).  ",
            $"Input: {rows:N0}-row zipped CSV (5 columns, UTF-8, {Mb(inputBytes)} zipped) read from a local file:// URL; " +
            (postgres ? "PostgreSQL on loopback (same machine, same 2 cores), binary COPY staging into a session TEMP table, one transaction to apply, a fresh database per round; "
                      : "SQLite in WAL mode on local disk; ") +
            $"after a warm-up of {WarmUpCycles * 3 + 1} runs on 200,000-row feeds and a 2 s pause (JIT tiering; a cold process pays about 1-1.5 s more on its first million-row run). " +
            $"{repeat} rounds, each on a fresh database: time is the fastest round (median beside it), memory the largest peak of all rounds (each round is its own process). The machine is shared: compare CPU time and the load average column when figures move.",
            "",
            "| Phase | Time (best) | Median | CPU time | Rows/s | × parse-only | Peak working set (max) | Peak GC heap (max) | Allocated | GCs | Load avg before | Outcome |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        };
        foreach (var r in results)
            lines.Add($"| {r.Name} | {r.Elapsed.TotalSeconds:0.00} s | {r.Median.TotalSeconds:0.00} s | {r.Cpu.TotalSeconds:0.00} s | {r.RowsPerSecond:N0} | {r.Elapsed.TotalSeconds / parse:0.0} | {Mb(r.PeakWorkingSet)} | {Mb(r.PeakHeap)} | {Mb(r.Allocated)} | {r.Collections} | {r.Load} | {r.Detail} |");
        lines.Add("");
        lines.Add($"Peak working set of the parent process (Process.PeakWorkingSet64: file generation only; each round ran in its own process): {Mb(processPeak)}.  ");
        lines.Add($"Target: 1M rows ingested in ≤ {TargetSeconds} s at ≤ 256 MB peak. First load: {results[1].Elapsed.TotalSeconds:0.00} s, {Mb(results[1].PeakWorkingSet)}.");
        return string.Join('\n', lines);
    }

    private static long TotalMemory()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:")) : null;
        return line is null ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes
            : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The machine is shared: the 1-minute load average says how much of the time was ours.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024:0} MB";

    private static void Collect()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    private static int? ReadInt(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
    }

    private sealed record PhaseResult(string Name, TimeSpan Elapsed, TimeSpan Cpu, string Load, double RowsPerSecond, long PeakWorkingSet, long PeakHeap, long Allocated, int Collections, string Detail)
    {
        public TimeSpan Median { get; init; } = Elapsed;
    }

    private sealed class StaticOptionsMonitor(DistributorsOptions value) : IOptionsMonitor<DistributorsOptions>
    {
        public DistributorsOptions CurrentValue => value;
        public DistributorsOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<DistributorsOptions, string?> listener) => null;
    }

    private sealed class DiscardingPublisher : IFeedEventPublisher
    {
        public Task PublishAsync<T>(T message, CancellationToken ct) where T : class => Task.CompletedTask;
    }
}
