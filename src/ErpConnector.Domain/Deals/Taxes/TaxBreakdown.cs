using ErpConnector.Contracts;

namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>
/// Gross, withheld and net of a deal, in reais. Every tax is rounded per service line (<see cref="TaxRounding"/>) and
/// the totals add those rounded parts, so they match the lines exactly. Gross is the deal's <c>total</c>.
/// </summary>
/// <param name="Gross">Σ quantity × unitPrice rounded once to centavos: the deal's total (<see cref="DealTotal"/>).</param>
/// <param name="IssAmount">Σ ISS of the lines; null when a line has no ISS rate (Omie's registration decides it).</param>
/// <param name="IssWithheld">Σ ISS the buyer withholds; null when a withheld line has no ISS rate.</param>
/// <param name="Withheld">Σ federal withholdings, tax by tax.</param>
/// <param name="TotalWithheld">IssWithheld + Σ federal withholdings; null when IssWithheld is unknown.</param>
/// <param name="Net">Gross − TotalWithheld: what the customer pays; null when TotalWithheld is unknown.</param>
/// <param name="Services">The lines, in the deal's order.</param>
public sealed record TaxBreakdown(
    decimal Gross, decimal? IssAmount, decimal? IssWithheld, WithheldTaxes Withheld, decimal? TotalWithheld, decimal? Net,
    IReadOnlyList<ServiceTaxBreakdown> Services)
{
    /// <summary>
    /// The breakdown of a deal, or null when it cannot be computed: no services, an empty entry, or amounts that do not
    /// fit a decimal. Meant for deals that passed <see cref="DealValidation"/>; an invalid deal may give a meaningless
    /// (but never a throwing) result.
    /// </summary>
    public static TaxBreakdown? TryCompute(DealWon deal)
    {
        ArgumentNullException.ThrowIfNull(deal);
        if (deal.Services is not { Count: > 0 } services || services.Any(s => s is null))
            return null;
        try
        {
            if (!DealTotal.TryCompute(services, out var gross))
                return null;
            var lines = new ServiceTaxBreakdown[services.Count];
            decimal? iss = 0m, issWithheld = 0m;
            var withheld = WithheldTaxes.None;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i] = ServiceTaxBreakdown.For(services[i]);
                iss += line.IssAmount;
                issWithheld += line.IssWithheldAmount;
                withheld = withheld.Plus(line.Withheld);
            }
            var totalWithheld = issWithheld + withheld.Total;
            return new TaxBreakdown(gross, iss, issWithheld, withheld, totalWithheld, gross - totalWithheld, lines);
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
