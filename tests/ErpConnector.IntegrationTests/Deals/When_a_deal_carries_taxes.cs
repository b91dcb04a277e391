using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.IntegrationTests.Fixtures;

namespace ErpConnector.IntegrationTests.Deals;

/// <summary>Issue #14 end to end on the real broker: taxes reach Omie exactly as the deal states them, an unknown
/// municipal code stops at intake, and what only the city can refuse fails with the table's corrective action.</summary>
[Collection(ConnectorCollection.Name)]
public sealed class When_a_deal_carries_taxes(ConnectorFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.Sandbox.ClearFaultsAsync();
    public Task DisposeAsync() => fixture.Sandbox.ClearFaultsAsync();

    private static DealService Service(string municipalCode, DealServiceTaxes taxes) => DealSamples.Support(municipalCode) with { Taxes = taxes };

    [Fact]
    public async Task Iss_withheld_and_federal_withholdings_are_issued_and_the_order_carries_exactly_those_fields()
    {
        var deal = DealWonBuilder.AWonDeal().WithServices(Service("01015", new DealServiceTaxes
        {
            IssRate = 2m,
            IssWithheld = true,
            Withholdings = new DealWithholdings
            {
                Irrf = new DealWithholding { Rate = 1.5m },
                Pis = new DealWithholding { Rate = 0.65m },
                Cofins = new DealWithholding { Rate = 3m },
                Csll = new DealWithholding { Rate = 1m },
            },
        })).Build();
        var readsBefore = await fixture.Sandbox.CallsAsync("ConsultarOS");

        await fixture.Bus.PublishRawAsync(deal);

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, deal.DealId);
        var order = Assert.Single(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(deal.DealId)));
        var service = Assert.Single(order["ServicosPrestados"]!.AsArray())!.AsObject();
        Assert.Equal("S", service["cRetemISS"]!.GetValue<string>());
        Assert.Equal("01", service["cTribServ"]!.GetValue<string>());
        Assert.Null(service["cNbs"]);
        var taxes = service["impostos"]!.AsObject();
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["nAliqISS"] = "2", ["nAliqIRRF"] = "1.5", ["cRetemIRRF"] = "\"S\"", ["nAliqPIS"] = "0.65", ["cRetemPIS"] = "\"S\"",
                ["nAliqCOFINS"] = "3", ["cRetemCOFINS"] = "\"S\"", ["nAliqCSLL"] = "1", ["cRetemCSLL"] = "\"S\"",
            },
            taxes.ToDictionary(p => p.Key, p => p.Value!.ToJsonString()));

        // The connector read Omie's computed taxes back (ConsultarOS) and found them as it computed them: no warning.
        // 2 × 750.25 = 1,500.50; withheld ISS 30.01 + IRRF 22.51 + PIS 9.75 + COFINS 45.02 + CSLL 15.01 = 122.30.
        Assert.True(await fixture.Sandbox.CallsAsync("ConsultarOS") > readsBefore);
        var view = await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{deal.DealId}");
        Assert.Equal((1500.50m, 122.30m, 1378.20m), (view!["taxes"]!["gross"]!.GetValue<decimal>(),
            view["taxes"]!["totalWithheld"]!.GetValue<decimal>(), view["taxes"]!["net"]!.GetValue<decimal>()));
        Assert.Empty(view["warnings"]!.AsArray());
    }

    [Fact]
    public async Task An_unknown_service_code_is_rejected_at_intake_and_no_omie_order_exists()
    {
        var deal = DealWonBuilder.AWonDeal().WithMunicipalCode("99999").Build();

        await fixture.Bus.PublishRawAsync(deal);

        var rejected = await fixture.Bus.WaitForAsync(ExchangeNames.DealRejected, deal.DealId);
        var error = Assert.Single(rejected["errors"]!.AsArray())!;
        Assert.Equal("services[0].municipalCode", error["field"]!.GetValue<string>());
        Assert.Equal("services.municipalCode.unknown_for_city", error["code"]!.GetValue<string>());
        Assert.Contains("register this code", error["message"]!.GetValue<string>());
        Assert.Empty(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(deal.DealId)));
        Assert.Empty(await fixture.Sandbox.CustomersAsync(deal.Customer!.Document));
        var view = await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{deal.DealId}");
        Assert.Equal("rejected", view!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rate_the_city_refuses_fails_with_the_tables_corrective_action()
    {
        // Within LC 116's 2–5%, so intake accepts it; the simulated city fixes this code's rate at 2.9%.
        var deal = DealWonBuilder.AWonDeal().WithServices(Service("02881", new DealServiceTaxes { IssRate = 5m })).Build();

        await fixture.Bus.PublishRawAsync(deal);

        var failed = await fixture.Bus.WaitForAsync(ExchangeNames.NfseFailed, deal.DealId);
        Assert.Equal("invalid-tax-configuration", failed["category"]!.GetValue<string>());
        Assert.Equal("E0595", failed["code"]!.GetValue<string>());
        var action = failed["correctiveAction"]!.GetValue<string>();
        Assert.Contains("services[].taxes.issRate", action);
        Assert.Contains("with your accountant", action);
        Assert.Equal(1, failed["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_withholding_on_a_cpf_is_rejected_at_intake_and_no_omie_order_exists()
    {
        var deal = DealWonBuilder.AWonDeal()
            .WithDocument(ErpConnector.TestSupport.TaxIds.TaxIdGenerator.NextCpf())
            .WithServices(Service("01015", new DealServiceTaxes { Withholdings = new DealWithholdings { Irrf = new DealWithholding { Rate = 1.5m } } }))
            .Build();

        await fixture.Bus.PublishRawAsync(deal);

        var rejected = await fixture.Bus.WaitForAsync(ExchangeNames.DealRejected, deal.DealId);
        var error = Assert.Single(rejected["errors"]!.AsArray())!;
        Assert.Equal("services[0].taxes.withholdings", error["field"]!.GetValue<string>());
        Assert.Equal("services.taxes.withholdings.cpf_customer", error["code"]!.GetValue<string>());
        Assert.Contains("IRRF", error["message"]!.GetValue<string>());
        Assert.Empty(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(deal.DealId)));
        Assert.Empty(await fixture.Sandbox.CustomersAsync(deal.Customer!.Document));
        var view = await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{deal.DealId}");
        Assert.Equal("rejected", view!["state"]!.GetValue<string>());
    }
}
