using System.Globalization;
using ErpConnector.Contracts;

namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>
/// Compares the connector's <see cref="TaxBreakdown"/> with the amounts Omie computed for the order, service by
/// service and tax by tax. A difference is a warning for finance, never an error: Omie and the city compute the taxes
/// that count, and the connector's rounding (<see cref="TaxRounding"/>) is UNCONFIRMED on an exact midpoint. Pure.
/// </summary>
public static class OrderTaxCheck
{
    /// <summary>Differences up to one centavo per tax are tolerated: a midpoint rounded the other way (half to even,
    /// ABNT NBR 5891) gives exactly that, and is not worth finance's attention.</summary>
    public const decimal Tolerance = 0.01m;

    /// <summary>True when the deal states a tax the connector computes (an ISS rate or a withholding), so Omie's
    /// order is worth reading to compare; false for a deal that leaves every tax to Omie's registration.</summary>
    public static bool HasAnythingToCompare(DealWon deal)
    {
        ArgumentNullException.ThrowIfNull(deal);
        return deal.Services?.Any(s => s?.Taxes is { } t && (t.IssRate.HasValue || WithheldTaxNames.Of(t.Withholdings).Any())) ?? false;
    }

    /// <summary>
    /// One warning per tax of a service whose amount differs from Omie's by more than <see cref="Tolerance"/>, in
    /// service order. Only taxes the deal states are compared (the ISS when it sends a rate, each withholding it
    /// sends), and only where Omie gives a value. When Omie's order has another number of services than the deal, a
    /// single warning says so and nothing is compared. No warnings when the deal's breakdown cannot be computed.
    /// </summary>
    public static IReadOnlyList<DealWarning> Compare(DealWon deal, IReadOnlyList<OrderTaxAmounts> omie)
    {
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentNullException.ThrowIfNull(omie);
        if (omie.Count == 0 || TaxBreakdown.TryCompute(deal) is not { } ours)
            return [];
        if (omie.Count != ours.Services.Count)
            return [new DealWarning("services", Invariant(
                $"Omie's order has {omie.Count} services and the deal {ours.Services.Count}: their taxes were not compared; check the order in Omie."))];

        var warnings = new List<DealWarning>();
        for (var i = 0; i < omie.Count; i++)
        {
            var line = ours.Services[i];
            var theirs = omie[i];
            var taxes = deal.Services![i]!.Taxes; // TryCompute returned a breakdown: no null service
            if (taxes?.IssRate is { } issRate && line.IssAmount is { } iss)
                Check(warnings, $"services[{i}].taxes.issRate", "ISS", iss, theirs.Iss, issRate, line.IssBase);
            foreach (var (name, withholding) in WithheldTaxNames.Of(taxes?.Withholdings))
                Check(warnings, $"services[{i}].taxes.withholdings.{name}", name.ToUpperInvariant(),
                    Withheld(line.Withheld, name), Omie(theirs, name), withholding.Rate, line.Amount);
        }
        return warnings;
    }

    private static void Check(List<DealWarning> warnings, string field, string tax, decimal ours, decimal? theirs, decimal rate, decimal taxBase)
    {
        if (theirs is not { } omie || Math.Abs(omie - ours) <= Tolerance)
            return;
        var service = field[..field.IndexOf(".taxes", StringComparison.Ordinal)];
        var apart = Math.Abs(omie - ours);
        warnings.Add(new DealWarning(field, Invariant(
            $"Omie computed {tax} R$ {omie:0.00} for {service}, the connector R$ {ours:0.00} ({rate}% of R$ {TaxRounding.ToCents(taxBase):0.00}, rounded per service to centavos): R$ {apart:0.00} apart.")
            + " The deal goes on (Omie and the city decide the amount); check the order's taxes in Omie against the customer's withholding before booking it."));
    }

    private static decimal Withheld(WithheldTaxes w, string name) => name switch
    {
        "irrf" => w.Irrf,
        "pis" => w.Pis,
        "cofins" => w.Cofins,
        "csll" => w.Csll,
        _ => w.Inss,
    };

    private static decimal? Omie(OrderTaxAmounts o, string name) => name switch
    {
        "irrf" => o.Irrf,
        "pis" => o.Pis,
        "cofins" => o.Cofins,
        "csll" => o.Csll,
        _ => o.Inss,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
