using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.Contracts;
using ErpConnector.IntegrationTests.Fixtures;

namespace ErpConnector.IntegrationTests.Deals;

/// <summary>
/// Issue #10, defect 4, on the bus: an invalid deal.won carrying the dealId of an issued deal used to publish
/// DealRejected, so finance heard "rejected" about a deal that has its NFS-e. The issued row is written with plain
/// SQL, so the same spec runs against any version of the connector.
/// </summary>
[Collection(ConnectorCollection.Name)]
public sealed class When_an_invalid_deal_names_an_issued_deal(ConnectorFixture fixture)
{
    [Fact]
    public async Task No_rejection_is_announced_and_the_event_goes_into_the_deals_history()
    {
        var issued = DealWonBuilder.AWonDeal().Build();
        await using (var db = await fixture.LedgerDatabase.OpenAsync())
            await IssuedDealRow.InsertAsync(db, issued, stuck: false, DateTimeOffset.UtcNow.AddHours(-1));
        var invalid = DealWonBuilder.AWonDeal().WithDealId(issued.DealId).WithDocument("11.111.111/1111-11").Build();

        await fixture.Bus.PublishRawAsync(invalid);

        // Decided either way: the event noted in the deal's history, or (the defect) a rejection announced.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonObject deal;
        while (!Mentions(deal = await DealAsync(issued.DealId), invalid.EventId)
               && fixture.Bus.Received(ExchangeNames.DealRejected, issued.DealId).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Event {invalid.EventId} was neither noted nor rejected within 30 s.");
            await Task.Delay(50);
        }
        Assert.Empty(fixture.Bus.Received(ExchangeNames.DealRejected, issued.DealId));
        Assert.Equal("issued", deal["state"]!.GetValue<string>());
        Assert.Equal(issued.EventId, deal["eventId"]!.GetValue<string>());
    }

    private async Task<JsonObject> DealAsync(string dealId) =>
        (await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}"))!;

    private static bool Mentions(JsonObject deal, string eventId) =>
        deal["history"]!.AsArray().Any(h => h!["note"]!.GetValue<string>().Contains(eventId, StringComparison.Ordinal));
}
