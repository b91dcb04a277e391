namespace ErpConnector.Domain.Deals;

/// <summary>Something accepted on a deal that finance should look at twice; never blocks the deal.</summary>
/// <param name="Field">JSON path of the field, as in validation errors (<c>services[0].taxes.withholdings.irrf.rate</c>).</param>
/// <param name="Message">What is unusual and what finance should check.</param>
public sealed record DealWarning(string Field, string Message);
