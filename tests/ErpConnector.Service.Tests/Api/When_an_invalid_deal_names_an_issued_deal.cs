using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.TestSupport.Deals;

namespace ErpConnector.Service.Tests.Api;

/// <summary>
/// Issue #10, defect 4, through the HTTP API: an invalid deal.won carrying the dealId of an issued deal used to be
/// accepted (202) and then announced as DealRejected, telling finance "rejected" about a deal that has its NFS-e.
/// The issued row is written with plain SQL so the same test runs against any version of the ledger code.
/// </summary>
public sealed class When_an_invalid_deal_names_an_issued_deal(InProcessService service) : IClassFixture<InProcessService>
{
    [Fact]
    public async Task It_is_409_conflict_noted_in_the_deals_history_and_the_deal_stays_issued()
    {
        var issued = DealWonBuilder.AWonDeal().Build();
        await service.SeedIssuedDealAsync(issued, stuck: false);
        var invalid = DealWonBuilder.AWonDeal().WithDealId(issued.DealId).WithDocument("11.111.111/1111-11").Build();

        using var response = await service.Client.PostAsJsonAsync("/api/deals", invalid);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("deal.conflict", error["code"]!.GetValue<string>());
        Assert.NotEmpty(error["details"]!["errors"]!.AsArray());
        var deal = (await service.Client.GetFromJsonAsync<JsonObject>($"/api/deals/{issued.DealId}"))!;
        Assert.Equal("issued", deal["state"]!.GetValue<string>());
        Assert.Equal(issued.EventId, deal["eventId"]!.GetValue<string>());
        Assert.Contains(deal["history"]!.AsArray(), h => h!["note"]!.GetValue<string>().Contains(invalid.EventId, StringComparison.Ordinal));
    }
}
