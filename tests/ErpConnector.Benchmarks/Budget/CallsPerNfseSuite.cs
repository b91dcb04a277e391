using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ErpConnector.Benchmarks.Feeds;
using ErpConnector.Benchmarks.Pipeline;
using ErpConnector.TestSupport.Deals;
using ErpConnector.TestSupport.TaxIds;

namespace ErpConnector.Benchmarks.Budget;

/// <summary>
/// `calls-per-nfse` (also run at the end of `budget`): Omie calls per issued NFS-e, with the simulator's pushes on and
/// off, for N deals of which 70% are repeat customers with unchanged data. The first 30% (new customers) go through
/// first, then the repeats, as a steady state would see them. Target (issue 11): ≤ 2.5 with pushes on (was 4).
/// </summary>
public static class CallsPerNfseSuite
{
    private const double Target = 2.5;
    private const string Token = "bench-omie-webhook-token-0123456789abcdef";

    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 && int.TryParse(args[0], out var parsed) ? parsed : 200;
        var rabbitUri = Environment.GetEnvironmentVariable("RABBITMQ_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
        var off = await MeasureAsync(rabbitUri, n, pushes: false);
        var on = await MeasureAsync(rabbitUri, n, pushes: true);

        var table = new StringBuilder();
        table.AppendLine("| pushes | deals issued | UpsertCliente | IncluirOS | FaturarOS | StatusOS | other | Omie calls per issued NFS-e |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in new[] { off, on })
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(r.Pushes ? "on" : "off")} | {r.Issued}{(r.Complete ? "" : " (INCOMPLETE)")} | {r.Count("UpsertCliente")} | {r.Count("IncluirOS")} | {r.Count("FaturarOS")} | {r.Count("StatusOS")} | {r.Other} | **{r.PerNfse:F2}** |"));
        table.AppendLine();
        table.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{n} deals, {n * 7 / 10} of them repeat customers with unchanged data. Target with pushes on: ≤ {Target:F1} (before issue 11: 4 per deal)."));
        Console.WriteLine(table);
        BenchmarksFile.Update("calls-per-nfse", $"Command: `dotnet run -c Release --project tests/ErpConnector.Benchmarks -- calls-per-nfse {n}` (also at the end of `budget`).\n"
            + "Counts every Omie call the simulator received (`/_sandbox/calls`, the municipal code list included) over the deals issued.\n\n" + table);
        return on.Complete && off.Complete && on.PerNfse <= Target ? 0 : 1;
    }

    private sealed record Result(bool Pushes, int Issued, bool Complete, IReadOnlyDictionary<string, long> Calls)
    {
        public long Count(string method) => Calls.GetValueOrDefault(method);
        public long Other => Calls.Where(c => c.Key is not ("UpsertCliente" or "IncluirOS" or "FaturarOS" or "StatusOS")).Sum(c => c.Value);
        public double PerNfse => Issued == 0 ? double.NaN : Calls.Values.Sum() / (double)Issued;
    }

    private static async Task<Result> MeasureAsync(string rabbitUri, int n, bool pushes)
    {
        var run = (pushes ? "P" : "Q") + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        await using var load = await ConnectorUnderLoad.StartAsync(rabbitUri,
            new Dictionary<string, string?> { ["Sandbox:NfseIssueDelay"] = "00:00:00.500" },
            new Dictionary<string, string?>
            {
                // The first poll waits longer than the city takes, so with pushes on a push always comes first.
                ["DealProcessing:FirstPollDelay"] = "00:00:03",
                ["DealProcessing:PollInterval"] = "00:00:03",
                ["DealProcessing:SweepInterval"] = "00:00:00.500",
                ["Webhooks:Omie:Token"] = Token,
            });
        if (pushes)
        {
            using var on = await load.SandboxHttp.PostAsJsonAsync("/_sandbox/omie/pushes", new { url = $"{load.ServiceUrl}/webhooks/omie/{Token}" });
            on.EnsureSuccessStatusCode();
        }
        var customers = Math.Max(1, n * 3 / 10);
        Console.WriteLine($"Calls per NFS-e, pushes {(pushes ? "on" : "off")}: {customers} new customers, then {n - customers} repeat deals...");
        for (var i = 1; i <= customers; i++) await PublishAsync(load, run, i, customer: i);
        var complete = await load.WaitForIssuedAsync(customers, TimeSpan.FromMinutes(3));
        for (var i = customers + 1; i <= n; i++) await PublishAsync(load, run, i, customer: (i - 1) % customers + 1);
        complete &= await load.WaitForIssuedAsync(n, TimeSpan.FromMinutes(5));

        var calls = (await load.SandboxHttp.GetFromJsonAsync<JsonObject>("/_sandbox/calls"))!;
        var byMethod = calls["calls"]!.AsObject().ToDictionary(c => c.Key, c => c.Value!.GetValue<long>());
        return new Result(pushes, load.IssuedCount, complete, byMethod);
    }

    private static Task PublishAsync(ConnectorUnderLoad load, string run, int n, int customer)
    {
        var dealId = $"C{run}-{n:D6}";
        var deal = DealWonBuilder.AWonDeal()
            .WithEventId($"{dealId}-e1")
            .WithDealId(dealId)
            .WithDocument(TaxIdGenerator.CnpjFor(customer + 20_000_000))
            .Build();
        return load.PublishAsync(dealId, DealWonJson.Bytes(deal));
    }
}
