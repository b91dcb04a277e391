using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace ErpConnector.Chaos;

public sealed partial class Scenarios
{
    /// <summary>
    /// 10. SalesOS unreachable for a while: both instances write invoices back to the simulated SalesOS, which answers
    /// 503 to every token and API request while the deals are issued. Passes when every deal is issued during the
    /// outage (invoices do not wait for SalesOS), and once SalesOS is back every write-back lands, each deal showing
    /// "issued" on SalesOS.
    /// </summary>
    public async Task<ScenarioResult> SalesOsUnreachableAsync()
    {
        const string name = "10. SalesOS unreachable";
        const int count = 100;
        Log($"{name}: {count} deals issued while SalesOS answers 503 to everything, then SalesOS comes back");
        var deals = Enumerable.Range(0, count).Select(i => ChaosDeals.New("S10", i)).ToList();
        try
        {
            await run.ConfigureInstancesAsync(
            [
                $"--SalesOS:TokenUrl={run.SandboxUrl}/salesos/oauth/token",
                $"--SalesOS:BaseUrl={run.SandboxUrl}/salesos/v1/",
                "--SalesOS:ClientId=sandbox-salesos-client",
                "--SalesOS:ClientSecret=sandbox-salesos-secret",
                "--SalesOS:Timeout=00:00:03",
                "--SalesOS:MaxInlineRetryAfter=00:00:02",
                "--SalesOS:WriteBack:Enabled=true",
                "--SalesOS:WriteBack:SweepInterval=00:00:00.300",
                "--SalesOS:WriteBack:Lease=00:00:15",
                "--SalesOS:WriteBack:RetrySchedule:0=00:00:01",
                "--SalesOS:WriteBack:RetrySchedule:1=00:00:01",
                "--SalesOS:WriteBack:RetrySchedule:2=00:00:02",
                "--SalesOS:WriteBack:RetrySchedule:3=00:00:02",
                "--SalesOS:WriteBack:RetrySchedule:4=00:00:02",
                "--SalesOS:CatchUp:Enabled=false",
            ]);
            foreach (var deal in deals)
                using (var created = await run.Sandbox.PostAsJsonAsync("/_sandbox/salesos/deals", new { id = deal.DealId }))
                    created.EnsureSuccessStatusCode();
            using (var down = await run.Sandbox.PostAsJsonAsync("/_sandbox/salesos/faults", new { unreachable = true })) down.EnsureSuccessStatusCode();

            var clock = Stopwatch.StartNew();
            await run.Broker.PublishManyAsync(deals.Select(d => (ChaosDeals.Json(ChaosDeals.Body(d)), d.DealId)).ToList());
            var issued = await run.WaitForIssuedAsync("S10", count, TimeSpan.FromSeconds(90));
            var issuedIn = clock.Elapsed;
            // Positive signal that the outage was met: write-backs failed against it and are waiting.
            var failedMeanwhile = await WaitForWriteBacksAsync("last_error IS NOT NULL", 1, TimeSpan.FromSeconds(30));
            var deliveredDuringOutage = await CountWriteBacksAsync("status = 'delivered'");

            using (var up = await run.Sandbox.DeleteAsync("/_sandbox/salesos/faults")) up.EnsureSuccessStatusCode();
            var landed = await WaitForWriteBacksAsync("status = 'delivered'", count, TimeSpan.FromSeconds(90));
            clock.Stop();

            var shownIssued = 0;
            var issuedWrites = 0;
            foreach (var deal in deals)
            {
                var shown = await run.Sandbox.GetFromJsonAsync<JsonObject>($"/_sandbox/salesos/deals/{deal.DealId}");
                if (shown?["deal"]?["custom_fields"]?["invoice_status"]?.GetValue<string>() == "issued") shownIssued++;
                issuedWrites += shown?["writes"]?.AsArray().Count(w => w?["fields"]?["invoice_status"]?.GetValue<string>() == "issued") ?? 0;
            }
            var ok = issued && failedMeanwhile && deliveredDuringOutage == 0 && landed && shownIssued == count;
            return await FinishAsync(name, "S10", deals, clock,
                $"all issued in {issuedIn.TotalSeconds:F1} s during the outage{(issued ? "" : " (timed out)")}; write-backs delivered during it: {deliveredDuringOutage}; " +
                $"after SalesOS came back {shownIssued}/{count} SalesOS deals show 'issued' ({issuedWrites} writes){(landed ? "" : "; write-backs timed out")}",
                extraOk: ok);
        }
        finally
        {
            using (var up = await run.Sandbox.DeleteAsync("/_sandbox/salesos/faults")) { }
            await run.ConfigureInstancesAsync([]);
        }
    }

    private async Task<long> CountWriteBacksAsync(string condition)
    {
        await using var db = new NpgsqlConnection(run.LedgerConnectionString);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT COUNT(*) FROM salesos_writebacks WHERE deal_id LIKE 'S10-%' AND {condition}", db);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<bool> WaitForWriteBacksAsync(string condition, long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await CountWriteBacksAsync(condition) >= expected) return true;
            await Task.Delay(250);
        }
        return false;
    }
}
