namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>Federal taxes withheld by the buyer, in reais, each already rounded to centavos (<see cref="TaxRounding"/>).
/// A tax not withheld is 0.</summary>
/// <param name="Irrf">IRRF withheld.</param>
/// <param name="Pis">PIS withheld.</param>
/// <param name="Cofins">COFINS withheld.</param>
/// <param name="Csll">CSLL withheld.</param>
/// <param name="Inss">INSS withheld.</param>
public sealed record WithheldTaxes(decimal Irrf, decimal Pis, decimal Cofins, decimal Csll, decimal Inss)
{
    /// <summary>Nothing withheld.</summary>
    public static WithheldTaxes None { get; } = new(0m, 0m, 0m, 0m, 0m);

    /// <summary>The sum of the five taxes.</summary>
    public decimal Total => Irrf + Pis + Cofins + Csll + Inss;

    /// <summary>Tax by tax sum of this and <paramref name="other"/> (adding rounded parts: no rounding here).</summary>
    public WithheldTaxes Plus(WithheldTaxes other) => new(
        Irrf + other.Irrf, Pis + other.Pis, Cofins + other.Cofins, Csll + other.Csll, Inss + other.Inss);
}
