using System.Text.Json;
using ErpConnector.Domain.Deals;
using ErpConnector.Domain.Deals.Taxes;
using ErpConnector.Service.Deals;

namespace ErpConnector.Service.Api;

/// <summary>The deal's tax breakdown as finance reads it, in reais (see <see cref="TaxBreakdown"/> for the rounding rule).</summary>
/// <param name="Gross">The deal's total: Σ quantity × unitPrice.</param>
/// <param name="IssAmount">ISS of the services; null when a service has no ISS rate (Omie's registration decides it).</param>
/// <param name="IssWithheld">The part of the ISS the customer withholds; 0 when none, null when withheld at an unknown rate.</param>
/// <param name="Withheld">Federal taxes the customer withholds.</param>
/// <param name="TotalWithheld">IssWithheld + federal withholdings.</param>
/// <param name="Net">Gross − TotalWithheld: what the customer pays.</param>
public sealed record DealTaxesView(
    decimal Gross, decimal? IssAmount, decimal? IssWithheld, DealWithheldView Withheld, decimal? TotalWithheld, decimal? Net)
{
    /// <summary>
    /// The breakdown and warnings of a stored deal. The ledger's payload is not always a deal: a rejected oversized
    /// deal.won is kept as a summary, and a rejected deal may be too broken to add up, so both give no breakdown
    /// rather than an error (a rejected deal shows its errors instead).
    /// </summary>
    public static (DealTaxesView? Taxes, IReadOnlyList<DealWarning> Warnings) FromPayload(string? payload)
    {
        if (string.IsNullOrWhiteSpace(payload))
            return (null, []);
        Contracts.DealWon won;
        try
        {
            won = DealPayload.Deserialize(payload);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            return (null, []);
        }
        var warnings = DealTaxWarnings.For(won);
        if (DealValidation.Validate(won).Count > 0 || TaxBreakdown.TryCompute(won) is not { } b)
            return (null, warnings);
        var w = b.Withheld;
        return (new DealTaxesView(b.Gross, b.IssAmount, b.IssWithheld, new DealWithheldView(w.Irrf, w.Pis, w.Cofins, w.Csll, w.Inss),
            b.TotalWithheld, b.Net), warnings);
    }
}

/// <summary>Federal taxes the customer withholds, in reais (0 when not withheld).</summary>
public sealed record DealWithheldView(decimal Irrf, decimal Pis, decimal Cofins, decimal Csll, decimal Inss);
