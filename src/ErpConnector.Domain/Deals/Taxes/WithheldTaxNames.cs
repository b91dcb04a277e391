using ErpConnector.Contracts;

namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>The federal taxes a service withholds, by their contract names, in the contract's order.</summary>
internal static class WithheldTaxNames
{
    public static IEnumerable<(string Name, DealWithholding Withholding)> Of(DealWithholdings? withholdings)
    {
        if (withholdings is null)
            yield break;
        if (withholdings.Irrf is { } irrf) yield return ("irrf", irrf);
        if (withholdings.Pis is { } pis) yield return ("pis", pis);
        if (withholdings.Cofins is { } cofins) yield return ("cofins", cofins);
        if (withholdings.Csll is { } csll) yield return ("csll", csll);
        if (withholdings.Inss is { } inss) yield return ("inss", inss);
    }
}
