using System.Diagnostics;
using System.Globalization;

namespace ErpConnector.Benchmarks.Pipeline.ScaleOut;

/// <summary>
/// `dotnet-trace collect --profile dotnet-sampled-thread-time` attached to a connector process for one round; stopped
/// with SIGINT (what Ctrl+C does), which makes it finish the file. Read it with `dotnet-trace report FILE topN`.
/// </summary>
public sealed class Tracer : IAsyncDisposable
{
    private readonly Process _process;

    private Tracer(Process process) => _process = process;

    public static async Task<Tracer?> StartAsync(int pid, string output)
    {
        var tool = new[] { Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace"), "dotnet-trace" }
            .FirstOrDefault(t => t.Contains('/') ? File.Exists(t) : true)!;
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time", "-o", output })
            start.ArgumentList.Add(arg);
        try
        {
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"  dotnet-trace: {e.Data}"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            // The session needs a moment to attach before the round's first deal.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Console.WriteLine($"  tracing process {pid} into {output}");
            return new Tracer(process);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"dotnet-trace not started ({e.Message}); the round runs untraced");
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)])) interrupt?.WaitForExit(2_000);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(); }
        }
        _process.Dispose();
    }
}
