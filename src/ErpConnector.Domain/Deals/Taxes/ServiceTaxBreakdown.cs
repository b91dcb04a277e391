using ErpConnector.Contracts;

namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>The taxes of one service line, in reais.</summary>
/// <param name="Amount">quantity × unitPrice with full decimals (the deal's gross rounds the sum, see <see cref="DealTotal"/>).</param>
/// <param name="IssBase">Amount − deductions: what the ISS rate applies to.</param>
/// <param name="IssAmount">ISS of the line rounded to centavos; null when the deal sends no ISS rate (Omie's
/// registration of the service decides it, so the connector does not know it).</param>
/// <param name="IssWithheld">Whether the buyer withholds this ISS.</param>
/// <param name="Withheld">Federal taxes withheld on this line.</param>
public sealed record ServiceTaxBreakdown(decimal Amount, decimal IssBase, decimal? IssAmount, bool IssWithheld, WithheldTaxes Withheld)
{
    /// <summary>The ISS the buyer withholds: the ISS when withheld, 0 when not, null when withheld at an unknown rate.</summary>
    public decimal? IssWithheldAmount => IssWithheld ? IssAmount : 0m;

    /// <summary>ISS withheld plus the federal withholdings; null when the withheld ISS is unknown.</summary>
    public decimal? TotalWithheld => IssWithheldAmount + Withheld.Total;

    /// <summary>One line's taxes. Federal withholdings apply to the whole amount; only the ISS base is reduced by the
    /// deductions (<c>nTotDeducao</c> is an ISS field). UNCONFIRMED: Omie's reduced bases (<c>nAliqRedBase…</c>) and the
    /// R$ 10 minimum below which federal withholdings are waived (Lei 10.833/2003 art. 31 §3; IRRF R$ 10) are not applied.</summary>
    public static ServiceTaxBreakdown For(DealService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var amount = service.Quantity * service.UnitPrice;
        var taxes = service.Taxes;
        var issBase = Math.Max(0m, amount - (taxes?.Deductions ?? 0m));
        var iss = taxes?.IssRate is { } issRate ? TaxRounding.Tax(issBase, issRate) : (decimal?)null;
        var w = taxes?.Withholdings;
        var withheld = w is null
            ? WithheldTaxes.None
            : new WithheldTaxes(Tax(amount, w.Irrf), Tax(amount, w.Pis), Tax(amount, w.Cofins), Tax(amount, w.Csll), Tax(amount, w.Inss));
        return new ServiceTaxBreakdown(amount, issBase, iss, taxes?.IssWithheld ?? false, withheld);
    }

    private static decimal Tax(decimal amount, DealWithholding? withholding) =>
        withholding is null ? 0m : TaxRounding.Tax(amount, withholding.Rate);
}
