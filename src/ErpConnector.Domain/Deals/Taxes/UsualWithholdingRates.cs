namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>
/// The federal withholding rates most B2B services carry (percentages). Any other rate in 0–100 is accepted, since
/// special regimes exist, but noted as a warning because a wrong withholding is finance's most frequent correction.
/// </summary>
public static class UsualWithholdingRates
{
    /// <summary>IRRF: 1.5% (professional services, RIR/2018 art. 714) or 1% (cleaning, security, art. 716).</summary>
    public static IReadOnlyList<decimal> Irrf { get; } = [1.5m, 1m];

    /// <summary>PIS: 0.65% (Lei 10.833/2003 art. 31).</summary>
    public static IReadOnlyList<decimal> Pis { get; } = [0.65m];

    /// <summary>COFINS: 3% (Lei 10.833/2003 art. 31).</summary>
    public static IReadOnlyList<decimal> Cofins { get; } = [3m];

    /// <summary>CSLL: 1% (Lei 10.833/2003 art. 31).</summary>
    public static IReadOnlyList<decimal> Csll { get; } = [1m];

    /// <summary>INSS: 11% (Lei 8.212/1991 art. 31) or 3.5% (companies under the payroll tax relief, Lei 12.546/2011).</summary>
    public static IReadOnlyList<decimal> Inss { get; } = [11m, 3.5m];

    /// <summary>The usual rates of a tax by its contract name (irrf, pis, cofins, csll, inss).</summary>
    public static IReadOnlyList<decimal> For(string tax) => tax switch
    {
        "irrf" => Irrf,
        "pis" => Pis,
        "cofins" => Cofins,
        "csll" => Csll,
        "inss" => Inss,
        _ => throw new ArgumentOutOfRangeException(nameof(tax), tax, "Not a federal withholding."),
    };
}
