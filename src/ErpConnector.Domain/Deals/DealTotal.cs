using ErpConnector.Contracts;

namespace ErpConnector.Domain.Deals;

/// <summary>What a deal's total must be: Σ quantity × unitPrice, rounded once to centavos.</summary>
public static class DealTotal
{
    /// <summary>
    /// Rounds the sum, not each line, and half away from zero (the commercial rounding people check by hand).
    /// Whether Omie rounds per line for multi-line orders with fractional quantities is UNCONFIRMED.
    /// False when the amounts overflow <see cref="decimal"/>.
    /// </summary>
    public static bool TryCompute(IEnumerable<DealService> services, out decimal total)
    {
        total = 0m;
        try
        {
            var sum = 0m;
            foreach (var service in services)
                sum += service.Quantity * service.UnitPrice;
            total = Math.Round(sum, 2, MidpointRounding.AwayFromZero);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
