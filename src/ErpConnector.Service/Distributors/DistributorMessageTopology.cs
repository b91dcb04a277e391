using ErpConnector.Contracts;
using MassTransit;

namespace ErpConnector.Service.Distributors;

public static class DistributorMessageTopology
{
    /// <summary>Pins the exchanges of the distributor events to the names in <see cref="ExchangeNames"/>.</summary>
    public static void ConfigureDistributorMessageTopology(this IBusFactoryConfigurator cfg)
    {
        cfg.Message<DistributorPricesRefreshed>(m => m.SetEntityName(ExchangeNames.DistributorPricesRefreshed));
        cfg.Message<DistributorPricesChanged>(m => m.SetEntityName(ExchangeNames.DistributorPricesChanged));
        cfg.Message<DistributorFeedRejected>(m => m.SetEntityName(ExchangeNames.DistributorFeedRejected));
        cfg.Message<BestPriceChanged>(m => m.SetEntityName(ExchangeNames.BestPriceChanged));
    }
}
