using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ErpConnector.Benchmarks.Feeds;
using ErpConnector.Benchmarks.Pipeline;

namespace ErpConnector.Benchmarks.Budget;

/// <summary>
/// `budget`: the simulator enforces Omie's real limits (240/min per method, 4 concurrent, 960/min per IP,
/// the 60-second rule); M deals go through with the connector's default limiter. Reports the achieved call
/// rate against the allowed rate and the throttle faults received. Targets: ≥ 95% of the budget, zero faults.
/// </summary>
public static class BudgetSuite
{
    private const double AllowedPerMethod = 240, AllowedPerIp = 960;

    public static async Task<int> RunAsync(string[] args)
    {
        var m = args.Length > 0 && int.TryParse(args[0], out var parsed) ? parsed : 600;
        var rabbitUri = Environment.GetEnvironmentVariable("RABBITMQ_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
        var run = "G" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

        await using var load = await ConnectorUnderLoad.StartAsync(rabbitUri,
            new Dictionary<string, string?>
            {
                ["Sandbox:NfseIssueDelay"] = "00:00:01",
                ["Sandbox:EnforceRateLimits"] = "true",
                ["Sandbox:EnforceSixtySecondRule"] = "true",
            },
            new Dictionary<string, string?>
            {
                // Production defaults for the limiter; only the NFS-e timing is shortened.
                ["DealProcessing:FirstPollDelay"] = "00:00:02",
                ["DealProcessing:PollInterval"] = "00:01:01",
                ["DealProcessing:SweepInterval"] = "00:00:01",
            });
        Console.WriteLine($"Budget: {m} deals through the simulator's Omie limits (about {m / 232.0:F1} minutes)...");
        var started = Stopwatch.StartNew();
        for (var i = 1; i <= m; i++)
        {
            var (dealId, body) = DealBodies.Create(run, i);
            await load.PublishAsync(dealId, body);
        }
        var complete = await load.WaitForIssuedAsync(m, TimeSpan.FromMinutes(m / 200.0 + 3));
        var minutes = started.Elapsed.TotalMinutes;

        var calls = (await load.SandboxHttp.GetFromJsonAsync<JsonObject>("/_sandbox/calls"))!;
        var byMethod = calls["calls"]!.AsObject().ToDictionary(c => c.Key, c => c.Value!.GetValue<long>());
        var faults = calls["throttleFaults"]!.GetValue<long>();
        var total = byMethod.Values.Sum();

        var table = new StringBuilder();
        table.AppendLine("| Omie method | calls | calls/min | allowed/min | used |");
        table.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (method, count) in byMethod.OrderBy(c => c.Key))
            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {method} | {count} | {count / minutes:F0} | {AllowedPerMethod:F0} | {count / minutes / AllowedPerMethod:P1} |"));
        table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| all (per IP) | {total} | {total / minutes:F0} | {AllowedPerIp:F0} | {total / minutes / AllowedPerIp:P1} |"));
        table.AppendLine();
        table.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Deals: {m}, issued {load.IssuedCount}{(complete ? "" : " (INCOMPLETE)")} in {started.Elapsed.TotalSeconds:F0} s; throttle faults received: **{faults}**."));
        Console.WriteLine(table);
        BenchmarksFile.Update("budget", $"Command: `make bench` (or `dotnet run -c Release --project tests/ErpConnector.Benchmarks -- budget {m}`).\n"
            + "The simulator enforces 240/min per method, 4 concurrent per method, 960/min per IP and the 60-second rule.\n"
            + "Targets: ≥ 95% of the budget used and zero throttle faults. The window runs from the first publish to the last NfseIssued, ramp-up and tail included.\n\n" + table);
        // Issue 11: the Omie-call budget per NFS-e, pushes on and off (its own section of BENCHMARKS.md).
        var perNfse = await CallsPerNfseSuite.RunAsync([]);
        return complete && faults == 0 && perNfse == 0 ? 0 : 1;
    }
}
