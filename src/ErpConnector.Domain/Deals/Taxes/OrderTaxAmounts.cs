namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>The tax amounts Omie computed for one service of the deal's order (ConsultarOS
/// <c>ServicosPrestados[].impostos.nValor…</c>), in reais; null when Omie's answer does not give the value.</summary>
/// <param name="Iss">nValorISS.</param>
/// <param name="Irrf">nValorIRRF.</param>
/// <param name="Pis">nValorPIS.</param>
/// <param name="Cofins">nValorCOFINS.</param>
/// <param name="Csll">nValorCSLL.</param>
/// <param name="Inss">nValorINSS.</param>
public sealed record OrderTaxAmounts(decimal? Iss, decimal? Irrf, decimal? Pis, decimal? Cofins, decimal? Csll, decimal? Inss);
