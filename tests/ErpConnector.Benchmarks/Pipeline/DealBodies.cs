using ErpConnector.TestSupport.Deals;
using ErpConnector.TestSupport.TaxIds;

namespace ErpConnector.Benchmarks.Pipeline;

/// <summary>Plain-JSON deal.won bodies with distinct deals and customers (deterministic numeric CNPJs per n).</summary>
public static class DealBodies
{
    public static (string DealId, byte[] Body) Create(string run, int n)
    {
        var dealId = $"B{run}-{n:D6}";
        var deal = DealWonBuilder.AWonDeal()
            .WithEventId($"{dealId}-e1")
            .WithDealId(dealId)
            .WithDocument(TaxIdGenerator.CnpjFor((n % 90_000_000) + 10_000_000))
            .Build();
        return (dealId, DealWonJson.Bytes(deal));
    }
}
