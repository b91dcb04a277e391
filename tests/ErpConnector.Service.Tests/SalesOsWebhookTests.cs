using System.Text;
using System.Text.Json;
using ErpConnector.Service.Webhooks;

namespace ErpConnector.Service.Tests;

public sealed class SalesOsWebhookTests
{
    private const string Secret = "unit-test-webhook-secret";

    [Fact]
    public void the_signature_is_the_hex_hmac_sha256_of_the_raw_body()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":\"evt_1\"}");
        // printf '{"id":"evt_1"}' | openssl dgst -sha256 -hmac unit-test-webhook-secret
        var expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
        Assert.Equal(expected, SalesOsSignature.Sign(body, Secret));
        Assert.True(SalesOsSignature.Verify(body, expected, Secret));
        Assert.True(SalesOsSignature.Verify(body, expected.ToUpperInvariant().Replace("SHA256=", "sha256="), Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha1=abc")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    public void malformed_signatures_are_refused(string? header) =>
        Assert.False(SalesOsSignature.Verify("{}"u8, header, Secret));

    [Fact]
    public void a_changed_body_or_secret_fails()
    {
        var body = Encoding.UTF8.GetBytes("{\"amount\":100}");
        var signature = SalesOsSignature.Sign(body, Secret);
        Assert.False(SalesOsSignature.Verify(Encoding.UTF8.GetBytes("{\"amount\":101}"), signature, Secret));
        Assert.False(SalesOsSignature.Verify(body, signature, Secret + "x"));
    }

    [Fact]
    public void the_envelope_maps_every_field_to_deal_won()
    {
        const string json = """
            {"id":"evt_9","type":"deal.won","createdAt":"2026-11-22T17:30:00Z",
             "data":{"deal":{"id":"DEAL-9","wonAt":"2026-11-22T14:00:00-03:00","currency":"BRL","amount":2002.00,
               "company":{"legalName":"Padaria Ltda","tradeName":"Padaria","taxId":"11.222.333/0001-81","email":"f@p.com","phone":"(11) 9",
                 "address":{"street":"Av. Paulista","number":"1578","complement":"cj 4","district":"Bela Vista","city":"São Paulo","state":"SP","postalCode":"01310-200","ibgeCode":"3550308"}},
               "lineItems":[{"serviceCode":"01015","lc116Code":"1.07","description":"Suporte","quantity":4,"unitPrice":125.50}]}}}
            """;
        var deal = JsonSerializer.Deserialize<SalesOsEnvelope>(json, JsonSerializerOptions.Web)!.ToDealWon();
        Assert.Equal("evt_9", deal.EventId);
        Assert.Equal("DEAL-9", deal.DealId);
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T17:00:00Z"), deal.OccurredAt);
        Assert.Equal(("BRL", 2002.00m), (deal.Currency, deal.Total));
        Assert.Equal(("Padaria Ltda", "Padaria", "11.222.333/0001-81", "f@p.com", "(11) 9"),
            (deal.Customer!.LegalName, deal.Customer.TradeName, deal.Customer.Document, deal.Customer.Email, deal.Customer.Phone));
        var a = deal.Customer.Address!;
        Assert.Equal(("Av. Paulista", "1578", "cj 4", "Bela Vista", "São Paulo", "SP", "01310-200", "3550308"),
            (a.Street, a.Number, a.Complement, a.District, a.City, a.State, a.PostalCode, a.CityIbgeCode));
        var s = Assert.Single(deal.Services!);
        Assert.Equal(("01015", "1.07", "Suporte", 4m, 125.50m), (s.MunicipalCode, s.Lc116Code, s.Description, s.Quantity, s.UnitPrice));
    }

    [Fact]
    public void line_item_taxes_map_to_the_services_taxes_under_the_same_names()
    {
        const string json = """
            {"id":"evt_10","type":"deal.won","data":{"deal":{"id":"DEAL-10","currency":"BRL","amount":1500.00,
               "lineItems":[
                 {"serviceCode":"01015","lc116Code":"1.07","description":"Suporte","quantity":1,"unitPrice":1000.00,
                  "taxes":{"taxationCode":"01","issRate":2.5,"issWithheld":true,"deductions":100.00,
                    "withholdings":{"irrf":{"rate":1.5},"pis":{"rate":0.65},"cofins":{"rate":3},"csll":{"rate":1},"inss":{"rate":11}},
                    "ibsCbs":{"cst":"000","classification":"000001","ibsStateRate":0.1,"ibsCityRate":0,"cbsRate":0.9,"operationIndicator":"030101"},
                    "nbs":"115022000"}},
                 {"serviceCode":"01015","lc116Code":"1.07","description":"Horas","quantity":4,"unitPrice":125.00}]}}}
            """;
        var services = JsonSerializer.Deserialize<SalesOsEnvelope>(json, JsonSerializerOptions.Web)!.ToDealWon().Services!;

        var t = services[0].Taxes!;
        Assert.Equal(("01", 2.5m, true, 100.00m, "115022000"), (t.TaxationCode, t.IssRate, t.IssWithheld, t.Deductions, t.Nbs));
        var w = t.Withholdings!;
        Assert.Equal((1.5m, 0.65m, 3m, 1m, 11m), (w.Irrf!.Rate, w.Pis!.Rate, w.Cofins!.Rate, w.Csll!.Rate, w.Inss!.Rate));
        var r = t.IbsCbs!;
        Assert.Equal(("000", "000001", 0.1m, 0m, 0.9m, "030101"), (r.Cst, r.Classification, r.IbsStateRate, r.IbsCityRate, r.CbsRate, r.OperationIndicator));
        Assert.Null(services[1].Taxes);
    }

    [Fact]
    public void without_won_at_the_delivery_time_is_the_occurrence()
    {
        var envelope = new SalesOsEnvelope("evt", "deal.won", DateTimeOffset.Parse("2026-11-22T17:30:00Z"),
            new SalesOsData(new SalesOsDeal("D", null, "BRL", 1m, null, null)));
        Assert.Equal(envelope.CreatedAt, envelope.ToDealWon().OccurredAt);
    }

    [Fact]
    public void options_refuse_a_short_secret_and_a_bad_tolerance()
    {
        var validation = new SalesOsWebhookOptionsValidation();
        Assert.True(validation.Validate(null, new SalesOsWebhookOptions()).Succeeded);
        var failures = validation.Validate(null, new SalesOsWebhookOptions { Secret = "short", Tolerance = TimeSpan.Zero }).Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Webhooks:SalesOS:Secret", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Webhooks:SalesOS:Tolerance", StringComparison.Ordinal));
    }
}
