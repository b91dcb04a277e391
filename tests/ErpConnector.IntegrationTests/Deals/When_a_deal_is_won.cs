using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.IntegrationTests.Fixtures;

namespace ErpConnector.IntegrationTests.Deals;

[Collection(ConnectorCollection.Name)]
public sealed class When_a_deal_is_won(ConnectorFixture fixture)
{
    [Fact]
    public async Task A_plain_json_deal_published_on_the_exchange_ends_with_an_issued_nfse()
    {
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;
        var document = deal.Customer!.Document;

        await fixture.Bus.PublishRawAsync(deal);

        var issued = await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, dealId);
        Assert.False(string.IsNullOrEmpty(issued["nfseNumber"]?.ToString()));
        Assert.Equal(document, issued["customerDocument"]?.ToString());
        Assert.Equal(1500.50m, decimal.Parse(issued["total"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture));

        var orders = await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId));
        var order = Assert.Single(orders);
        Assert.True(order["faturada"]!.GetValue<bool>());
        Assert.Single(await fixture.Sandbox.CustomersAsync(document));

        var view = await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}");
        Assert.Equal("issued", view!["state"]!.GetValue<string>());
        Assert.Equal(issued["nfseNumber"]!.ToString(), view["nfse"]!["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_invalid_deal_is_rejected_with_every_error_and_never_reaches_omie()
    {
        var deal = DealWonBuilder.AWonDeal()
            .WithDocument("11.222.333/0001-82")
            .WithCustomer(c => c with { LegalName = "", Address = c.Address! with { PostalCode = "123" } })
            .WithTotal(10m)
            .Build();
        var dealId = deal.DealId;

        await fixture.Bus.PublishRawAsync(deal);

        var rejected = await fixture.Bus.WaitForAsync(ExchangeNames.DealRejected, dealId);
        var fields = rejected["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("customer.document", fields);
        Assert.Contains("customer.legalName", fields);
        Assert.Contains("customer.address.postalCode", fields);
        Assert.Contains("total", fields);

        Assert.Empty(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId)));
        Assert.Empty(await fixture.Sandbox.CustomersAsync("11222333000182"));
        var view = await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}");
        Assert.Equal("rejected", view!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deal_with_missing_fields_is_rejected_naming_each_one()
    {
        var dealId = $"IT-missing-{Guid.NewGuid():N}"[..24];
        await fixture.Bus.PublishRawAsync(new { eventId = Guid.NewGuid().ToString(), dealId, currency = "BRL" });

        var rejected = await fixture.Bus.WaitForAsync(ExchangeNames.DealRejected, dealId);
        var fields = rejected["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("customer", fields);
        Assert.Contains("services", fields);
        Assert.Contains("total", fields);
        Assert.Empty(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId)));
    }

    [Fact]
    public async Task The_same_deal_delivered_twice_creates_one_order()
    {
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;
        var second = deal with { EventId = Guid.NewGuid().ToString() };

        await Task.WhenAll(fixture.Bus.PublishRawAsync(deal), fixture.Bus.PublishRawAsync(second));
        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, dealId);
        // A late third delivery after the NFS-e was issued changes nothing either.
        var third = deal with { EventId = Guid.NewGuid().ToString() };
        await fixture.Bus.PublishRawAsync(third);
        // Every event recorded as processed: both duplicates were consumed and decided on, nothing is in flight.
        foreach (var eventId in new[] { deal.EventId, second.EventId, third.EventId })
            await fixture.LedgerDatabase.WaitForProcessedEventAsync(eventId);

        Assert.Single(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId)));
        Assert.Single(fixture.Bus.Received(ExchangeNames.NfseIssued, dealId));
    }

    [Fact]
    public async Task A_city_rejection_fails_the_deal_with_the_citys_message()
    {
        const string cityMessage = "A atividade informada não está cadastrada para este prestador";
        await fixture.Sandbox.InjectAsync(new { kind = "city-rejects", code = "E0310", message = cityMessage, correction = "Cadastre a atividade", count = 1 });
        try
        {
            var deal = DealWonBuilder.AWonDeal().Build();
            var dealId = deal.DealId;
            await fixture.Bus.PublishRawAsync(deal);

            var failed = await fixture.Bus.WaitForAsync(ExchangeNames.NfseFailed, dealId);
            Assert.Equal(cityMessage, failed["message"]!.GetValue<string>());
            Assert.Equal("E0310", failed["code"]!.GetValue<string>());
            Assert.Equal("invalid-service-code", failed["category"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(failed["correctiveAction"]!.GetValue<string>()));

            var view = await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}");
            Assert.Equal("failed", view!["state"]!.GetValue<string>());
            Assert.Equal(cityMessage, view["lastError"]!["message"]!.GetValue<string>());
        }
        finally
        {
            await fixture.Sandbox.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task A_deal_posted_over_http_is_published_and_issued()
    {
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;

        using var response = await fixture.Api.PostAsJsonAsync("/api/deals", deal);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, dealId);
    }
}
