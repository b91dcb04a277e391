using System.Text.Json;
using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Service.Api;
using ErpConnector.Service.Deals;
using ErpConnector.TestSupport.Deals;
using ErpConnector.TestSupport.TaxIds;

namespace ErpConnector.Service.Tests.Api;

public sealed class DealViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static DealView ViewOf(string payload, string state = DealState.Issued) =>
        DealView.From(Deal.Restore(new DealSnapshot { DealId = "D-1", EventId = "E-1", State = state, Payload = payload, Total = 1500.50m }), null);

    private static DealView ViewOf(DealWon won, string state = DealState.Issued) => ViewOf(DealPayload.Serialize(won), state);

    [Fact]
    public void shows_gross_withheld_and_net_of_the_stored_deal()
    {
        var view = ViewOf(DealWonBuilder.AWonDeal().WithTaxes(DealSamples.WithheldTaxes()).Build());

        Assert.Equal(new DealTaxesView(1500.50m, 30.01m, 30.01m, new DealWithheldView(22.51m, 9.75m, 45.02m, 15.01m, 0m), 122.30m, 1378.20m),
            view.Taxes);
        Assert.Empty(view.Warnings);
    }

    [Fact]
    public void the_documented_sample_with_taxes_is_valid_and_adds_up_as_the_contracts_readme_says()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "ErpConnector.sln"))) root = root.Parent!;
        var won = DealPayload.Deserialize(File.ReadAllText(Path.Combine(root.FullName, "contracts", "samples", "deal-won-taxes.json")));

        Assert.Empty(DealValidation.Validate(won));
        Assert.Equal(new DealTaxesView(2002.00m, 40.04m, 30.00m, new DealWithheldView(22.50m, 9.75m, 45.00m, 15.00m, 0m), 122.25m, 1879.75m),
            ViewOf(won).Taxes);
    }

    [Fact]
    public void a_tax_check_note_in_the_history_is_a_warning_shown_once_after_the_deals_own()
    {
        var won = DealWonBuilder.AWonDeal().WithTaxes(DealSamples.WithheldTaxes() with
        {
            Withholdings = new DealWithholdings { Irrf = new DealWithholding { Rate = 2m } }, // unusual: the deal's own warning
        }).Build();
        var deal = Deal.Restore(new DealSnapshot { DealId = "D-1", EventId = "E-1", State = DealState.Issued, Payload = DealPayload.Serialize(won), Total = 1500.50m });
        var check = new DealWarning("services[0].taxes.issRate", "Omie computed ISS R$ 30.03 for services[0], the connector R$ 30.01.");
        var note = ErpConnector.Domain.Deals.Taxes.TaxCheckNote.Format(check);
        var history = new[] { "Received.", note, "Service order created in Omie.", note }.Select(n => new DealHistoryEntry(T0, DealState.OrderCreated, n)).ToArray();

        var view = DealView.From(deal, history);

        Assert.Equal(["services[0].taxes.withholdings.irrf.rate", "services[0].taxes.issRate"], view.Warnings.Select(w => w.Field));
        Assert.Equal(check, view.Warnings[1]);
        Assert.Equal(["services[0].taxes.withholdings.irrf.rate"], DealView.From(deal, null).Warnings.Select(w => w.Field));
    }

    [Fact]
    public void the_json_has_the_documented_names()
    {
        var view = ViewOf(DealWonBuilder.AWonDeal().WithTaxes(DealSamples.WithheldTaxes()).Build());
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(view, JsonSerializerOptions.Web));

        var taxes = json.RootElement.GetProperty("taxes");
        Assert.Equal(["gross", "issAmount", "issWithheld", "withheld", "totalWithheld", "net"], taxes.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["irrf", "pis", "cofins", "csll", "inss"], taxes.GetProperty("withheld").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("warnings").ValueKind);
    }

    [Fact]
    public void shows_the_warnings_finance_should_check()
    {
        var taxes = new DealServiceTaxes { Withholdings = new DealWithholdings { Inss = new DealWithholding { Rate = 5m } } };
        var view = ViewOf(DealWonBuilder.AWonDeal().WithTaxes(taxes).Build());

        var warning = Assert.Single(view.Warnings);
        Assert.Equal("services[0].taxes.withholdings.inss.rate", warning.Field);
        Assert.StartsWith("services[0].taxes.withholdings.inss.rate is 5%, not the usual 11% or 3.5% for INSS", warning.Message);
        Assert.Equal(75.03m, view.Taxes!.Withheld.Inss);
    }

    [Fact]
    public void a_deal_without_taxes_nets_its_gross()
    {
        var view = ViewOf(DealWonBuilder.AWonDeal().Build());
        Assert.Equal((1500.50m, (decimal?)null, 0m, 1500.50m), (view.Taxes!.Gross, view.Taxes.IssAmount, view.Taxes.TotalWithheld, view.Taxes.Net));
    }

    [Fact]
    public void an_oversized_deals_summary_has_no_breakdown()
    {
        var summary = DealPayload.Summary(DealWonBuilder.AWonDeal().WithTaxes(DealSamples.WithheldTaxes()).Build(), 2_000_000);
        var view = ViewOf(summary, DealState.Rejected);
        Assert.Null(view.Taxes);
        Assert.Empty(view.Warnings);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("not json")]
    public void an_unreadable_payload_has_no_breakdown(string payload)
    {
        var view = ViewOf(payload, DealState.Rejected);
        Assert.Null(view.Taxes);
        Assert.Empty(view.Warnings);
    }

    [Fact]
    public void a_rejected_deal_shows_its_warnings_but_no_breakdown()
    {
        var taxes = new DealServiceTaxes { Withholdings = new DealWithholdings { Irrf = new DealWithholding { Rate = 2m } } };
        var won = DealWonBuilder.AWonDeal().WithDocument(TaxIdGenerator.NextCpf()).WithTaxes(taxes).Build();

        var view = ViewOf(won, DealState.Rejected);

        Assert.Null(view.Taxes);
        Assert.Equal(["services[0].taxes.withholdings.irrf.rate"], view.Warnings.Select(w => w.Field));
    }
}
