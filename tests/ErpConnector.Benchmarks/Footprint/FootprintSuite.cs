using System.Diagnostics;
using System.Globalization;
using System.Text;
using ErpConnector.Benchmarks.Feeds;
using ErpConnector.Benchmarks.Pipeline;
using ErpConnector.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace ErpConnector.Benchmarks.Footprint;

/// <summary>
/// `footprint [deals] [starts]`: the service as its own process (the Release build, `dotnet ErpConnector.Service.dll`,
/// embedded defaults: SQLite, in-memory bus, appsettings.json as shipped; only the Omie URL points at the simulator
/// in this process). Start-up is timed from process start to the first 200 of /health/ready; the idle working set
/// is VmRSS 10 s after ready; beside the wall time, the CPU time (user + sys) the process had used when it was
/// ready, which the machine's load inflates far less. Then the same service with RabbitMQ takes N deals and its peak
/// working set (VmHWM) is read. Targets: ≤ 2 s to ready, ≤ 150 MB idle. `--ready-to-run` adds the service published
/// with ReadyToRun (what `dotnet publish -p:PublishReadyToRun=true` would ship) as one more variant.
/// </summary>
public static class FootprintSuite
{
    private const string DealWonQueue = "erp-connector.deal-won.footprint";

    public static async Task<int> RunAsync(string[] args)
    {
        var deals = args.Length > 0 && int.TryParse(args[0], out var parsed) ? parsed : 1000;
        var starts = args.Length > 1 && int.TryParse(args[1], out var parsedStarts) ? parsedStarts : 3;
        var readyToRun = args.Contains("--ready-to-run");
        var rabbitUri = Environment.GetEnvironmentVariable("RABBITMQ_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
        // The service's own Release output (built with the benchmarks): its deps.json, runtimeconfig and appsettings.json.
        var serviceDll = Path.Combine(RepositoryRoot(), "src", "ErpConnector.Service", "bin", "Release", "net10.0", "ErpConnector.Service.dll");
        if (!File.Exists(serviceDll)) throw new FileNotFoundException("Build the service in Release first (make bench does).", serviceDll);

        await using var sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:NfseIssueDelay"] = "00:00:00" });
            b.Logging.ClearProviders();
        });
        await sandbox.StartAsync();
        var sandboxUrl = sandbox.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        // Runtime knobs tried without a rebuild (environment variables), alternating with the defaults so the
        // machine's load falls on all alike. Only the first is what ships (invariant globalization already does:
        // Directory.Build.props).
        var variants = new List<(string Name, string Dll, Dictionary<string, string> Environment)>
        {
            ("as shipped (server GC, DATAS, tiered PGO, W^X)", serviceDll, []),
            ("workstation GC (DOTNET_gcServer=0)", serviceDll, new() { ["DOTNET_gcServer"] = "0" }),
            ("tiered PGO off (DOTNET_TieredPGO=0)", serviceDll, new() { ["DOTNET_TieredPGO"] = "0" }),
            ("W^X off (DOTNET_EnableWriteXorExecute=0)", serviceDll, new() { ["DOTNET_EnableWriteXorExecute"] = "0" }),
        };
        if (readyToRun) variants.Add(("ReadyToRun (published, every assembly of the app)", PublishReadyToRun(), []));
        var rows = new List<string>();
        var readyTimes = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var readyCpu = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var idleSets = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (var i = 0; i < starts; i++)
        foreach (var (name, dll, environment) in variants)
        {
            await using var service = await ServiceProcess.StartAsync(dll, sandboxUrl, rabbitUri: null, environment);
            readyTimes[name].Add(service.ReadyAfter.TotalMilliseconds);
            readyCpu[name].Add(service.CpuAtReady.TotalMilliseconds);
            await Task.Delay(TimeSpan.FromSeconds(10));
            var idle = service.Memory();
            idleSets[name].Add(idle.Rss);
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {i + 1}: {name} | {service.ReadyAfter.TotalMilliseconds:F0} ms | {service.CpuAtReady.TotalMilliseconds:F0} ms | {Mb(idle.Rss)} ({Mb(idle.Anonymous)} anonymous, {Mb(idle.Files)} files, {Mb(idle.Shared)} shared) | {Mb(idle.Peak)} | {service.LoadBefore} |"));
        }

        Console.WriteLine($"Pipeline peak: {deals} deals through the service with RabbitMQ...");
        string peakRow;
        await using (var service = await ServiceProcess.StartAsync(serviceDll, sandboxUrl, rabbitUri, []))
        {
            var load = LoadAverage();
            var issued = await PublishAndWaitAsync(rabbitUri, deals);
            var memory = service.Memory();
            peakRow = string.Create(CultureInfo.InvariantCulture,
                $"| {deals} deals via RabbitMQ (issued {issued}) | {service.ReadyAfter.TotalMilliseconds:F0} ms | {service.CpuAtReady.TotalMilliseconds:F0} ms | {Mb(memory.Rss)} after ({Mb(memory.Anonymous)} anonymous, {Mb(memory.Files)} files, {Mb(memory.Shared)} shared) | **{Mb(memory.Peak)} peak** | {load} |");
        }
        await RemoveServiceQueueAsync(rabbitUri);

        var table = new StringBuilder();
        table.AppendLine("| run | process start → /health/ready 200 | CPU (user+sys) at ready | working set (VmRSS) 10 s after ready | peak (VmHWM) | load avg before |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in rows) table.AppendLine(row);
        table.AppendLine(peakRow);
        table.AppendLine();
        table.AppendLine("| variant (medians of the starts above) | to ready | CPU at ready | idle working set |");
        table.AppendLine("|---|---:|---:|---:|");
        foreach (var (name, _, _) in variants)
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Median(readyTimes[name]):F0} ms | {Median(readyCpu[name]):F0} ms | {Mb((long)Median(idleSets[name]))} |"));
        table.AppendLine();
        table.Append("Targets (as shipped): ≤ 2000 ms to ready, ≤ 150 MB idle.");
        Console.WriteLine(table);
        BenchmarksFile.Update("footprint",
            $"Command: `make bench` (or `dotnet run -c Release --project tests/ErpConnector.Benchmarks -- footprint {deals} {starts}{(readyToRun ? " --ready-to-run" : "")}`), "
            + $"{Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. The service is its own process "
            + "(`dotnet ErpConnector.Service.dll`, Release, embedded defaults: SQLite, in-memory bus; the last row with RabbitMQ); "
            + "the Omie simulator runs in the benchmark's process.\n\n" + table);
        return 0;
    }

    private static async Task<int> PublishAndWaitAsync(string rabbitUri, int deals)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbitUri) };
        await using var connection = await factory.CreateConnectionAsync("footprint");
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(Contracts.ExchangeNames.NfseIssued, ExchangeType.Fanout, durable: true);
        var queue = await channel.QueueDeclareAsync();
        await channel.QueueBindAsync(queue.QueueName, Contracts.ExchangeNames.NfseIssued, "");
        var run = "F" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        // Straight to the service's own endpoint exchange, not deal.won: every other queue bound to deal.won in this
        // vhost (tests, earlier runs) would get a persisted copy of each deal and tax RabbitMQ during the measurement.
        for (var i = 1; i <= deals; i++)
        {
            var (_, body) = DealBodies.Create(run, i);
            await channel.BasicPublishAsync(DealWonQueue, "", mandatory: false,
                new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent }, body);
        }
        var deadline = Stopwatch.StartNew();
        uint issued = 0;
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            issued = await channel.MessageCountAsync(queue.QueueName);
            if (issued >= deals) break;
            await Task.Delay(200);
        }
        return (int)issued;
    }

    /// <summary>Removes the service's queue and exchange once the suite is done: left bound to deal.won, the queue
    /// kept a persisted copy of every deal anyone published in the vhost afterwards (found holding 494,500 of the
    /// pipeline suite's deals, each one extra work for RabbitMQ on the connector's side only).</summary>
    private static async Task RemoveServiceQueueAsync(string rabbitUri)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbitUri) };
        await using var connection = await factory.CreateConnectionAsync("footprint-clean-up");
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(DealWonQueue);
        await channel.ExchangeDeleteAsync(DealWonQueue);
    }

    /// <summary>The service published with ReadyToRun into a scratch folder (the build output stays as it is).</summary>
    private static string PublishReadyToRun()
    {
        var output = Path.Combine(Path.GetTempPath(), "erpconnector-footprint-r2r");
        var project = Path.Combine(RepositoryRoot(), "src", "ErpConnector.Service", "ErpConnector.Service.csproj");
        Console.WriteLine($"Publishing the service with ReadyToRun into {output}...");
        var publish = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier,
                     "--self-contained", "false", "-p:PublishReadyToRun=true", "-p:UseAppHost=false", "-o", output, "-nologo", "-v", "q" })
            publish.ArgumentList.Add(arg);
        using var process = Process.Start(publish)!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("dotnet publish -p:PublishReadyToRun=true failed");
        return Path.Combine(output, "ErpConnector.Service.dll");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ErpConnector.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("ErpConnector.sln not found above " + AppContext.BaseDirectory);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024:0} MB";

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <summary>The service launched as production would launch it, on a free port and a fresh database.</summary>
    private sealed class ServiceProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _database;

        private ServiceProcess(Process process, string database, TimeSpan readyAfter, TimeSpan cpuAtReady, string loadBefore)
        {
            _process = process;
            _database = database;
            ReadyAfter = readyAfter;
            CpuAtReady = cpuAtReady;
            LoadBefore = loadBefore;
        }

        public TimeSpan ReadyAfter { get; }
        /// <summary>User + system CPU time of the service when /health/ready first answered 200.</summary>
        public TimeSpan CpuAtReady { get; }
        public string LoadBefore { get; }

        public static async Task<ServiceProcess> StartAsync(string dll, string sandboxUrl, string? rabbitUri, Dictionary<string, string> environment)
        {
            var port = LoopbackPort.Free();
            var database = Path.Combine(Path.GetTempPath(), $"erpconnector-footprint-{Guid.NewGuid():N}.db");
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
            foreach (var arg in new[]
                     {
                         dll, "--urls", $"http://127.0.0.1:{port}", "--Omie:BaseUrl", $"{sandboxUrl}/api/v1/",
                         "--Omie:AppKey", "sandbox-app-key", "--Omie:AppSecret", "sandbox-app-secret",
                         "--Persistence:ConnectionString", $"Data Source={database}",
                         "--Logging:LogLevel:Default", "Warning",
                     })
                start.ArgumentList.Add(arg);
            start.Environment["RABBITMQ_URI"] = rabbitUri ?? "";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            foreach (var (key, value) in environment) start.Environment[key] = value;
            if (rabbitUri is not null)
            {
                start.ArgumentList.Add("--Messaging:DealWonQueue");
                start.ArgumentList.Add(DealWonQueue);
                start.ArgumentList.Add("--Messaging:PurgeOnStartup");
                start.ArgumentList.Add("true");
                // The budget is the budget suite's subject; here the peak under the fastest flow is what counts.
                foreach (var (key, value) in new[] { ("RequestsPerMinutePerIp", "100000000"), ("BurstPerIp", "1000000"), ("RequestsPerMinutePerMethod", "100000000"), ("BurstPerMethod", "1000000"), ("MaxConcurrentPerMethod", "256") })
                {
                    start.ArgumentList.Add($"--Omie:{key}");
                    start.ArgumentList.Add(value);
                }
                start.ArgumentList.Add("--DealProcessing:FirstPollDelay");
                start.ArgumentList.Add("00:00:00");
            }
            var load = LoadAverage();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
            var clock = Stopwatch.StartNew();
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"  service: {e.Data}"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            while (clock.Elapsed < TimeSpan.FromMinutes(2) && !process.HasExited)
            {
                try
                {
                    using var response = await http.GetAsync("/health/ready");
                    if (response.IsSuccessStatusCode)
                    {
                        var readyAfter = clock.Elapsed;
                        process.Refresh();
                        return new ServiceProcess(process, database, readyAfter, process.TotalProcessorTime, load);
                    }
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(10);
            }
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the service was not ready after {clock.Elapsed.TotalSeconds:F0} s (exited: {process.HasExited})");
        }

        /// <summary>VmRSS (the working set now), VmHWM (its peak), and of VmRSS what is anonymous memory (GC heap, native
        /// allocations), mapped files (the assemblies and native libraries) and shared memory (with W^X, the runtime's
        /// double-mapped executable memory: JIT'd code, stubs and type data), from /proc.</summary>
        public (long Rss, long Peak, long Anonymous, long Files, long Shared) Memory()
        {
            long Read(string field) => File.ReadLines($"/proc/{_process.Id}/status")
                .Where(l => l.StartsWith(field, StringComparison.Ordinal))
                .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024)
                .First();
            return (Read("VmRSS:"), Read("VmHWM:"), Read("RssAnon:"), Read("RssFile:"), Read("RssShmem:"));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_database + suffix);
                File.Delete(Path.ChangeExtension(_database, ".quartz.db") + suffix);
            }
        }
    }
}
