using System.Globalization;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ErpConnector.Benchmarks.Feeds;

namespace ErpConnector.Benchmarks.Micro;

/// <summary>`micro`: BenchmarkDotNet over the hot paths. In-process toolchain and short runs keep `make bench`
/// to minutes; the figures are means with BenchmarkDotNet's own error bars in its console output.</summary>
public static class MicroSuite
{
    public static Task<int> RunAsync(string[] args)
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run([typeof(TaxIdBenchmarks), typeof(ErrorClassificationBenchmarks), typeof(OmieEnvelopeBenchmarks)], config, args);

        var table = new StringBuilder();
        table.AppendLine("| benchmark | mean | ops/s | allocated/op |");
        table.AppendLine("|---|---:|---:|---:|");
        var failed = 0;
        foreach (var s in summary)
        foreach (var report in s.Reports)
        {
            var name = $"{report.BenchmarkCase.Descriptor.Type.Name}.{report.BenchmarkCase.Descriptor.WorkloadMethod.Name}";
            if (report.ResultStatistics is not { } stats) { failed++; table.AppendLine($"| {name} | failed | | |"); continue; }
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Format(stats.Mean)} | {1e9 / stats.Mean:N0} | {bytes} B |"));
        }
        Console.WriteLine(table);
        BenchmarksFile.Update("micro", "Command: `make bench` (or `dotnet run -c Release --project tests/ErpConnector.Benchmarks -- micro`).\n"
            + "Targets: CNPJ ≥ 20 M checks/s and 0 B allocated on the valid path.\n\n" + table);
        return Task.FromResult(failed == 0 ? 0 : 1);
    }

    private static string Format(double ns) => ns switch
    {
        < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{ns:F1} ns"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000:F2} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000_000:F2} ms"),
    };
}
