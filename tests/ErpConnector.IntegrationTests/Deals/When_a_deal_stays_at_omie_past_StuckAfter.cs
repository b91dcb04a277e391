using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.Contracts;
using ErpConnector.IntegrationTests.Fixtures;

namespace ErpConnector.IntegrationTests.Deals;

/// <summary>
/// Issue #10, defect 5, on the bus: a worker's save wrote back the stale "not stuck" it had loaded, so the stuck job
/// marked the same deal again and published DealStuck a second time. The fixture's StuckAfter is 3 s, checked every
/// second; three slow Omie calls in a row (each below Omie:Timeout) keep the deal open for about 11 s, so the job
/// marks it during one call and the worker saves after it while the deal still has a long way to go.
/// </summary>
[Collection(ConnectorCollection.Name)]
public sealed class When_a_deal_stays_at_omie_past_StuckAfter(ConnectorFixture fixture)
{
    [Fact]
    public async Task It_is_announced_stuck_once_and_is_not_stuck_once_issued()
    {
        var won = DealWonBuilder.AWonDeal().Build();
        await fixture.Sandbox.InjectAsync(new { kind = "slow", method = "IncluirOS", milliseconds = 4000, count = 1 });
        await fixture.Sandbox.InjectAsync(new { kind = "slow", method = "FaturarOS", milliseconds = 4000, count = 1 });
        await fixture.Sandbox.InjectAsync(new { kind = "slow", method = "StatusOS", milliseconds = 3000, count = 1 });
        try
        {
            await fixture.Bus.PublishRawAsync(won);

            await fixture.Bus.WaitForAsync(ExchangeNames.DealStuck, won.DealId);
            await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, won.DealId, TimeSpan.FromSeconds(60));
        }
        finally
        {
            await fixture.Sandbox.ClearFaultsAsync();
        }

        // The ledger writes each mark with its history line in one transaction, before the deal could be issued.
        var deal = (await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{won.DealId}"))!;
        var marks = deal["history"]!.AsArray().Count(h => h!["note"]!.GetValue<string>().StartsWith("Marked stuck", StringComparison.Ordinal));
        Assert.Equal(1, marks);
        Assert.Single(fixture.Bus.Received(ExchangeNames.DealStuck, won.DealId));
        Assert.Equal("issued", deal["state"]!.GetValue<string>());
        Assert.False(deal["stuck"]!.GetValue<bool>());
    }
}
