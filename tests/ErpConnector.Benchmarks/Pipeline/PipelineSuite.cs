using System.Diagnostics;
using System.Globalization;
using ErpConnector.Benchmarks.Feeds;

namespace ErpConnector.Benchmarks.Pipeline;

/// <summary>
/// `pipeline`: N deals published to RabbitMQ as plain JSON, the simulator answering at once, until every
/// NfseIssued is observed; in the same run a do-nothing MassTransit consumer takes the same N bodies.
/// Targets: ≥ 500 deals/s and ≥ 40% of the bare baseline. Omie's rate limits are lifted here (the
/// `budget` suite measures those); everything else is the production path: validation, SQLite ledger,
/// four Omie HTTP calls per deal, outcome publishing.
/// </summary>
public static class PipelineSuite
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 && int.TryParse(args[0], out var parsed) ? parsed : 2000;
        var rabbitUri = Environment.GetEnvironmentVariable("RABBITMQ_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
        const int concurrency = 32, prefetch = 64;
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var deals = Enumerable.Range(1, n).Select(i => DealBodies.Create(run, i)).ToList();

        Console.WriteLine($"Baseline: bare MassTransit consumer, {n} messages...");
        var baseline = await BareConsumerBaseline.RunAsync(rabbitUri, deals.Select(d => d.Body).ToList(), concurrency, prefetch);

        Console.WriteLine($"Connector: {n} deals → NfseIssued...");
        await using var load = await ConnectorUnderLoad.StartAsync(rabbitUri,
            new Dictionary<string, string?> { ["Sandbox:NfseIssueDelay"] = "00:00:00" },
            new Dictionary<string, string?>
            {
                ["Messaging:ConcurrentMessageLimit"] = concurrency.ToString(CultureInfo.InvariantCulture),
                ["Messaging:PrefetchCount"] = prefetch.ToString(CultureInfo.InvariantCulture),
                ["Omie:RequestsPerMinutePerIp"] = "100000000", ["Omie:BurstPerIp"] = "1000000",
                ["Omie:RequestsPerMinutePerMethod"] = "100000000", ["Omie:BurstPerMethod"] = "1000000",
                ["Omie:MaxConcurrentPerMethod"] = "256",
                ["DealProcessing:FirstPollDelay"] = "00:00:00",
                ["DealProcessing:PollInterval"] = "00:00:00.200",
                ["DealProcessing:SweepInterval"] = "00:00:00.200",
            });
        var started = Stopwatch.StartNew();
        foreach (var (dealId, body) in deals) await load.PublishAsync(dealId, body);
        var complete = await load.WaitForIssuedAsync(n, TimeSpan.FromMinutes(5));
        var elapsed = started.Elapsed;
        var latencies = load.LatenciesMs();

        var dealsPerSecond = load.IssuedCount / elapsed.TotalSeconds;
        var baselinePerSecond = n / baseline.TotalSeconds;
        var table = string.Create(CultureInfo.InvariantCulture, $"""
            | measure | value |
            |---|---:|
            | deals | {n} (issued {load.IssuedCount}{(complete ? "" : ", INCOMPLETE")}) |
            | connector: deals/s (publish → every NfseIssued) | {dealsPerSecond:F0} |
            | connector: p50 / p99 end-to-end latency | {Percentile(latencies, 0.50):F0} ms / {Percentile(latencies, 0.99):F0} ms |
            | bare MassTransit consumer: messages/s | {baselinePerSecond:F0} |
            | ratio connector / bare | {dealsPerSecond / baselinePerSecond:P0} |
            """);
        Console.WriteLine(table);
        BenchmarksFile.Update("pipeline", $"Command: `make bench` (or `dotnet run -c Release --project tests/ErpConnector.Benchmarks -- pipeline {n}`), RabbitMQ on loopback.\n"
            + "Targets: ≥ 500 deals/s and ≥ 40% of the bare baseline.\n\n" + table);
        return complete ? 0 : 1;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
