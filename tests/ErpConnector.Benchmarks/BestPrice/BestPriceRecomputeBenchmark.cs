using System.Diagnostics;
using System.Globalization;
using System.Text;
using ErpConnector.Benchmarks.Feeds;
using ErpConnector.Contracts;
using ErpConnector.Distributors;
using ErpConnector.Distributors.BestPrice;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Events;
using ErpConnector.Distributors.Runs;
using ErpConnector.Persistence;
using ErpConnector.Persistence.Prices;
using ErpConnector.Sandbox.Distributors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErpConnector.Benchmarks.BestPrice;

/// <summary>The best-price recompute at scale: two distributors list the same N products (default 1,000,000, the
/// sandbox's <c>matched</c> layout: vendor, part number, EAN, stock), both loaded; then the preferred one re-runs with
/// 1% of its prices changed. Reported: products recomputed, choices changed, BestPriceChanged messages, and the time
/// of the recompute (timed around the store call) beside the whole run. Options: <c>--rows N</c>, <c>--no-write</c>.</summary>
internal static class BestPriceRecomputeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Contains("--rows") ? int.Parse(args[Array.IndexOf(args, "--rows") + 1], CultureInfo.InvariantCulture) : 1_000_000;
        var write = !args.Contains("--no-write");
        var work = Path.Combine(Path.GetTempPath(), $"erpconnector-bench-best-price-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            Console.WriteLine($"Generating two {rows:N0}-row catalogues (matched layout) in {work} ...");
            var a = Path.Combine(work, "a.csv.zip");
            var aChanged = Path.Combine(work, "a-1pct.csv.zip");
            var b = Path.Combine(work, "b.csv.zip");
            CatalogueFiles.Write(new CatalogueSpec { Rows = rows, Seed = 1, Layout = "matched", Zipped = true }, a);
            CatalogueFiles.Write(new CatalogueSpec { Rows = rows, Seed = 1, ChangedPercent = 1, Layout = "matched", Zipped = true }, aChanged);
            CatalogueFiles.Write(new CatalogueSpec { Rows = rows, Seed = 2, Layout = "matched", Zipped = true }, b);

            PriceFeedOptions Feed(string id, string file, int priority) => new()
            {
                Id = id, Name = id, Adapter = "file", Schedule = "0 0 6 * * ?", Priority = priority,
                Thresholds = new FeedThresholds { MaxRows = Math.Max(rows * 2, 10) },
                File = new FileFeedOptions
                {
                    Url = new Uri(file).AbsoluteUri,
                    Columns = new FileColumns
                    {
                        Sku = "sku", Price = "price", Currency = "currency", Vendor = "vendor", VendorPartNumber = "vendor_part_number",
                        Ean = "ean", Stock = "in_stock",
                    },
                },
            };
            var feedA = Feed("dist-a", a, 1);
            var options = new DistributorsOptions { Feeds = [feedA, Feed("dist-b", b, 2)], PreferCheaperBy = 5 };
            var published = new CountingPublisher();
            TimedStore? timed = null;
            await using var services = Build(options, Path.Combine(work, "connector.db"), published, s => timed = s);
            services.GetRequiredService<DatabaseMigrator>().Migrate();
            var runner = services.GetRequiredService<FeedRunner>();
            var runs = services.GetRequiredService<IFeedRunStore>();

            async Task<(FeedRun Run, TimeSpan Elapsed)> Run(string feedId)
            {
                var (run, _) = await runs.StartOrJoinAsync(feedId, "benchmark", false, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), default);
                var clock = Stopwatch.StartNew();
                var done = (await runner.ExecuteAsync(run.RunId, default))!;
                if (done.Status != FeedRunStatus.Applied) throw new InvalidOperationException($"run {done.Status}: {done.Message}");
                return (done, clock.Elapsed);
            }

            var report = new StringBuilder();
            report.AppendLine($"`BENCH_SUITES=best-price make bench` (or `dotnet run -c Release --project tests/ErpConnector.Benchmarks -- best-price --rows {rows}`), SQLite, {rows:N0} products in each of 2 feeds, `PreferCheaperBy` 5.");
            report.AppendLine();
            report.AppendLine("| phase | feed rows changed | products recomputed | choices changed | BestPriceChanged messages | recompute (wall) | recompute (CPU) | whole run (wall) |");
            report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (label, feedId, url) in new[] { ("first load of A (every product)", "dist-a", a), ("first load of B (every product)", "dist-b", b), ("A re-run, 1% of prices changed", "dist-a", aChanged) })
            {
                feedA.File!.Url = new Uri(url).AbsoluteUri;
                published.Reset();
                var (run, elapsed) = await Run(feedId);
                var line = $"| {label} | {run.Added + run.Changed + run.Removed:N0} | {timed!.LastRecount!.Recomputed:N0} | {timed.LastRecount.Changed:N0} | {published.Messages:N0} | {timed.LastElapsed.TotalMilliseconds:N0} ms | {timed.LastCpu.TotalMilliseconds:N0} ms | {elapsed.TotalSeconds:0.00} s |";
                Console.WriteLine(line);
                report.AppendLine(line);
            }
            report.AppendLine();
            report.AppendLine($"Load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores (wall times on a shared machine are mostly the neighbours'; the CPU column is this process's).");
            report.AppendLine("The re-run recomputes only the products its changed rows belong to (the run's queue of product keys), not the catalogue.");
            Console.WriteLine(report);
            if (write) BenchmarksFile.Update("best-price", report.ToString().TrimEnd());
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static ServiceProvider Build(DistributorsOptions options, string database, CountingPublisher published, Action<TimedStore> capture)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddSingleton(Options.Create(new PersistenceOptions { ConnectionString = $"Data Source={database}" }));
        services.AddSingleton<ConnectionFactory>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<IOptionsMonitor<DistributorsOptions>>(new StaticOptions(options));
        services.AddSingleton<IFeedEventPublisher>(published);
        services.AddSingleton<IBestPriceStore>(sp =>
        {
            var store = new TimedStore(ActivatorUtilities.CreateInstance<SqliteBestPriceStore>(sp));
            capture(store);
            return store;
        });
        services.AddSqlitePriceSnapshots();
        services.AddPriceFeedCore();
        return services.BuildServiceProvider();
    }

    /// <summary>Times the recompute itself, without the feed's parse and apply around it.</summary>
    private sealed class TimedStore(IBestPriceStore inner) : IBestPriceStore
    {
        public BestPriceRecount? LastRecount { get; private set; }
        public TimeSpan LastElapsed { get; private set; }
        /// <summary>Process CPU time over the recompute: on a shared, overloaded machine the wall time mostly measures the neighbours.</summary>
        public TimeSpan LastCpu { get; private set; }

        public async Task<BestPriceRecount> RecomputeAsync(string runId, string feedId, bool wholeFeed,
            Func<IReadOnlyList<StoredOffer>, StoredOffer?> choose, DateTimeOffset now, CancellationToken ct)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            LastRecount = await inner.RecomputeAsync(runId, feedId, wholeFeed, choose, now, ct);
            LastElapsed = clock.Elapsed;
            LastCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            return LastRecount;
        }

        public Task<IReadOnlyList<BestPriceChangeRecord>> ReadChangesAsync(string runId, long afterId, int limit, CancellationToken ct) =>
            inner.ReadChangesAsync(runId, afterId, limit, ct);
        public Task<long> CountChangesAsync(string runId, CancellationToken ct) => inner.CountChangesAsync(runId, ct);
        public Task<IReadOnlyList<StoredOffer>> GetOffersAsync(string productKey, CancellationToken ct) => inner.GetOffersAsync(productKey, ct);
    }

    private sealed class CountingPublisher : IFeedEventPublisher
    {
        public long Messages;
        public void Reset() => Messages = 0;

        public Task PublishAsync<T>(T message, CancellationToken ct) where T : class
        {
            if (message is BestPriceChanged) Interlocked.Increment(ref Messages);
            return Task.CompletedTask;
        }
    }

    private sealed class StaticOptions(DistributorsOptions value) : IOptionsMonitor<DistributorsOptions>
    {
        public DistributorsOptions CurrentValue => value;
        public DistributorsOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<DistributorsOptions, string?> listener) => null;
    }
}
