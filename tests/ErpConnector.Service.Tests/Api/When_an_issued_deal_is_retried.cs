using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.TestSupport.Deals;

namespace ErpConnector.Service.Tests.Api;

/// <summary>
/// Issue #10, defect 3, through the HTTP API: an issued deal still flagged stuck (the row an earlier version left
/// behind) used to be accepted for retry (202), and the processor then threw "has no step to run" on every pass.
/// The row is written with plain SQL so the same test runs against any version of the ledger code.
/// </summary>
public sealed class When_an_issued_deal_is_retried(InProcessService service) : IClassFixture<InProcessService>
{
    [Fact]
    public async Task An_issued_deal_flagged_stuck_is_409_not_retryable_and_stays_issued()
    {
        var won = DealWonBuilder.AWonDeal().Build();
        await service.SeedIssuedDealAsync(won, stuck: true);

        using var retry = await service.Client.PostAsync($"/api/deals/{won.DealId}/retry", null);

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        var error = (await retry.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("deal.not_retryable", error["code"]!.GetValue<string>());
        Assert.NotNull(error["requestId"]);
        var deal = (await service.Client.GetFromJsonAsync<JsonObject>($"/api/deals/{won.DealId}"))!;
        Assert.Equal("issued", deal["state"]!.GetValue<string>());
        Assert.Equal("2026000123", deal["nfse"]!["number"]!.GetValue<string>());
    }
}
