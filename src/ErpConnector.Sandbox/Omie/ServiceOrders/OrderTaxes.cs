using System.Text.Json;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary>
/// The tax values Omie computes on an order's service (<c>impostos.nBaseISS</c>, <c>nValorISS</c>, <c>nValorIRRF</c>,
/// <c>nValorPIS</c>, <c>nValorCOFINS</c>, <c>nValorCSLL</c>, <c>nValorINSS</c>), added to what ConsultarOS echoes so the
/// connector has Omie's figures to compare its own breakdown with. Computed only from rates the order carries (the
/// simulator does not model a service's registration): per service, base × rate / 100, rounded once to centavos half
/// away from zero; federal taxes on the whole amount, ISS on the amount less <c>nTotDeducao</c>.
/// UNCONFIRMED: Omie's own rounding (half away from zero or half to even) and whether it rounds per item; this is
/// the rule the connector's TaxRounding writes down, as a city computing per RPS item would.
/// </summary>
public static class OrderTaxes
{
    private static readonly (string Rate, string Value)[] Federal =
        [("nAliqIRRF", "nValorIRRF"), ("nAliqPIS", "nValorPIS"), ("nAliqCOFINS", "nValorCOFINS"), ("nAliqCSLL", "nValorCSLL"), ("nAliqINSS", "nValorINSS")];

    /// <summary><paramref name="service"/> (a copy, changed in place) with the values Omie computes in its <c>impostos</c>.</summary>
    public static JsonObject WithComputedValues(JsonObject service)
    {
        if (service.Section("impostos") is not { } taxes) return service;
        var amount = service.Amount("nValUnit") * service.Amount("nQtde");
        if (Rate(taxes, "nAliqISS") is { } iss)
        {
            var issBase = Math.Max(0m, amount - (Rate(taxes, "nTotDeducao") ?? 0m));
            taxes["nBaseISS"] = issBase;
            taxes["nValorISS"] = Tax(issBase, iss);
        }
        foreach (var (rate, value) in Federal)
            if (Rate(taxes, rate) is { } r) taxes[value] = Tax(amount, r);
        return service;
    }

    private static decimal Tax(decimal taxBase, decimal ratePercent) => Math.Round(taxBase * ratePercent / 100m, 2, MidpointRounding.AwayFromZero);

    private static decimal? Rate(JsonObject taxes, string tag) =>
        taxes[tag] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var rate) ? rate : null;
}
