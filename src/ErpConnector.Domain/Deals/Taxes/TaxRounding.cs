namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>
/// The one rounding rule of tax amounts: each tax of each service is computed with full decimals
/// (base × rate / 100) and rounded once to centavos, half away from zero (0.005 → 0.01); totals add the rounded parts
/// and are never rounded again, so a total always equals the sum of the lines finance sees.
/// Source: the national NFS-e layout and Omie both carry the tax value per service item (<c>vISSQN</c>,
/// <c>nValorISS</c>, <c>nValorIR</c>… per <c>ServicosPrestados</c> entry) with two decimals; half away from zero is the
/// commercial rounding already used for the deal's total (<see cref="DealTotal"/>).
/// UNCONFIRMED: whether Omie and every city round half away from zero or half to even (ABNT NBR 5891) on an exact
/// midpoint; a difference shows up as one centavo per affected item when compared with Omie's order.
/// </summary>
public static class TaxRounding
{
    /// <summary>The amount rounded to centavos, half away from zero.</summary>
    public static decimal ToCents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>A tax of one service: <paramref name="taxBase"/> × <paramref name="ratePercent"/> / 100, rounded to centavos.</summary>
    public static decimal Tax(decimal taxBase, decimal ratePercent) => ToCents(taxBase * ratePercent / 100m);
}
