using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.TestSupport.Deals;

namespace ErpConnector.Service.Tests.Api;

/// <summary>POST /api/deals/{id}/dismiss: a reason is required; a finished deal is refused with 409.</summary>
public sealed class When_a_deal_is_dismissed_over_the_api : IAsyncLifetime
{
    private readonly InProcessService _service = new();

    public Task InitializeAsync() => _service.InitializeAsync();

    public Task DisposeAsync() => _service.DisposeAsync();

    [Fact]
    public async Task Without_a_reason_it_names_the_field()
    {
        using var response = await _service.Client.PostAsJsonAsync("/api/deals/any/dismiss", new { reason = " " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("dismiss.reason_required", body!["code"]!.GetValue<string>());
        Assert.Equal("reason", body["details"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_issued_deal_is_refused_and_stays_issued()
    {
        var won = DealWonBuilder.AWonDeal().Build();
        await _service.SeedIssuedDealAsync(won, stuck: false);

        using var response = await _service.Client.PostAsJsonAsync($"/api/deals/{won.DealId}/dismiss", new { reason = "done by hand" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("deal.not_dismissable", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        var deal = await _service.Client.GetFromJsonAsync<JsonObject>($"/api/deals/{won.DealId}");
        Assert.Equal("issued", deal!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_deal_is_not_found()
    {
        using var response = await _service.Client.PostAsJsonAsync("/api/deals/NO-SUCH-DEAL/dismiss", new { reason = "x" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
