using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ErpConnector.Benchmarks.Pipeline.ScaleOut;

/// <summary>
/// One connector as production runs it: its own `dotnet ErpConnector.Service.dll` process (the Release build), so two
/// instances share only what two machines' instances would share (the database, the broker, Omie). In one process they
/// would also share Quartz's scheduler repository (a static keyed by the scheduler name every instance uses), Npgsql's
/// static pools, the thread pool and the GC heap. Ready at the first 200 of /health/ready (bus, Quartz, Omie checks).
/// </summary>
public sealed class ConnectorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private int _errorLines;

    private ConnectorProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: false) { AutoFlush = true };
    }

    /// <summary>Everything the process wrote (warnings and errors: Logging:LogLevel:Default=Warning).</summary>
    public string LogPath { get; }

    // A benchmark stopped with Ctrl+C or SIGTERM takes its connectors with it instead of leaving them consuming. Not
    // ProcessExit: the simulator's ASP.NET host in this process takes SIGTERM for itself and the process goes on.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> Live = new();
    private static readonly PosixSignalRegistration[] OnStop = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }
        .Select(signal => PosixSignalRegistration.Create(signal, _ => KillLive()))];

    private static void KillLive()
    {
        foreach (var process in Live.Values)
        {
            try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
        }
    }

    public string Name { get; }
    public int Id => _process.Id;
    public TimeSpan ReadyAfter { get; private set; }

    /// <summary>User + system CPU time the process has used so far.</summary>
    public TimeSpan CpuTime => ProcCpu.OfProcess(_process.Id);

    public static async Task<ConnectorProcess> StartAsync(string name, string serviceDll, string rabbitUri, IReadOnlyDictionary<string, string> settings, string logDirectory)
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(serviceDll)!,
        };
        start.ArgumentList.Add(serviceDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");
        // The bus reads RABBITMQ_URI before Messaging:RabbitMqUri: this run's vhost, whatever the shell exported.
        start.Environment["RABBITMQ_URI"] = rabbitUri;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        Directory.CreateDirectory(logDirectory);
        var connector = new ConnectorProcess(name, process, Path.Combine(logDirectory, $"{name}.log"));
        Live.TryAdd(process.Id, process);
        process.OutputDataReceived += (_, e) => connector.Echo(e.Data);
        process.ErrorDataReceived += (_, e) => connector.Echo(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (clock.Elapsed < TimeSpan.FromMinutes(3) && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    connector.ReadyAfter = clock.Elapsed;
                    return connector;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"connector {name} was not ready after {clock.Elapsed.TotalSeconds:F0} s (exited: {process.HasExited})");
    }

    // Warnings and errors only (Logging:LogLevel:Default=Warning): all of them to the log, the first few to the console.
    private void Echo(string? line)
    {
        if (line is not { Length: > 0 }) return;
        lock (_log) _log.WriteLine(line);
        if (Interlocked.Increment(ref _errorLines) <= 10) Console.Error.WriteLine($"  {Name}: {line}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first: the host stops the bus and Quartz, so the clustered store sees the node leave.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) term?.WaitForExit(2_000);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        Live.TryRemove(_process.Id, out _);
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
