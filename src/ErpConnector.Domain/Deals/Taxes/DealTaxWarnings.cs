using System.Globalization;
using ErpConnector.Contracts;

namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>What finance should double-check about a deal's taxes. Pure: the same deal always gives the same warnings.</summary>
public static class DealTaxWarnings
{
    /// <summary>
    /// One warning per federal withholding whose rate is not one of <see cref="UsualWithholdingRates"/>, in service
    /// order. Tolerates a deal that failed validation (null services, customer or taxes give no warnings).
    /// </summary>
    public static IReadOnlyList<DealWarning> For(DealWon deal)
    {
        ArgumentNullException.ThrowIfNull(deal);
        if (deal.Services is null)
            return [];
        List<DealWarning>? warnings = null;
        for (var i = 0; i < deal.Services.Count; i++)
        {
            foreach (var (name, withholding) in WithheldTaxNames.Of(deal.Services[i]?.Taxes?.Withholdings))
            {
                var usual = UsualWithholdingRates.For(name);
                if (usual.Contains(withholding.Rate))
                    continue;
                var field = $"services[{i}].taxes.withholdings.{name}.rate";
                (warnings ??= []).Add(new DealWarning(field, string.Create(CultureInfo.InvariantCulture,
                    $"{field} is {withholding.Rate}%, not the usual {string.Join(" or ", usual.Select(r => r + "%"))} for {name.ToUpperInvariant()}: accepted as sent; confirm it with the customer's withholding statement or your accountant")));
            }
        }
        return warnings ?? [];
    }
}
