using System.Diagnostics;
using System.Net.Sockets;

namespace ErpConnector.Chaos;

/// <summary>One real connector process (`dotnet ErpConnector.Service.dll ...`), killable with SIGKILL.</summary>
public sealed class ServiceInstance(string name, string serviceDll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string logDirectory)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? _process;
    private StreamWriter? _log;
    private readonly object _logLock = new();

    public string Name { get; } = name;
    public int Port { get; } = FreePort();
    public string Url => $"http://127.0.0.1:{Port}";
    public int Starts { get; private set; }
    public int Kills { get; private set; }
    public bool Running => _process is { HasExited: false };
    public string LogPath => Path.Combine(logDirectory, $"{Name}.log");

    /// <summary>
    /// Settings of one scenario (e.g. "--DealProcessing:Lease=00:00:04"), passed after the shared ones: on a
    /// command line the last value of a key wins, and command-line settings win over the environment.
    /// </summary>
    public List<string> Overrides { get; } = [];

    public async Task StartAsync(TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(serviceDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(serviceDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(Url);
        foreach (var argument in arguments.Concat(Overrides)) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;

        lock (_logLock)
        {
            _log ??= new StreamWriter(LogPath, append: true) { AutoFlush = true };
            _log.WriteLine($"===== {DateTimeOffset.UtcNow:O} start #{Starts + 1} of {Name} on {Url}");
        }
        _process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Starts++;

        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} during start-up; see {LogPath}");
            try
            {
                using var response = await Http.GetAsync($"{Url}/health/live");
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} did not answer /health/live within the start-up timeout; see {LogPath}");
    }

    /// <summary>kill -9 of the whole process tree: no shutdown hooks, leases and unacked messages left behind.</summary>
    public void Kill()
    {
        if (_process is not { HasExited: false } p) return;
        p.Kill(entireProcessTree: true);
        p.WaitForExit(10_000);
        Kills++;
        Write($"===== {DateTimeOffset.UtcNow:O} killed (SIGKILL)");
    }

    public void Stop()
    {
        if (_process is not { HasExited: false } p) return;
        // SIGTERM lets the host stop gracefully; fall back to SIGKILL.
        using (var term = Process.Start("kill", ["-TERM", p.Id.ToString()])) term?.WaitForExit(2_000);
        if (!p.WaitForExit(15_000)) p.Kill(entireProcessTree: true);
        lock (_logLock) { _log?.Dispose(); _log = null; }
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_logLock) _log?.WriteLine(line);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
