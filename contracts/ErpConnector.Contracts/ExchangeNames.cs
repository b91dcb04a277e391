namespace ErpConnector.Contracts;

/// <summary>
/// RabbitMQ exchange names (fanout, durable) that publishers and subscribers in any
/// language rely on. Pinned here so a rename is a visible contract change.
/// </summary>
public static class ExchangeNames
{
    public const string DealWon = "deal.won";
    public const string NfseIssued = "nfse.issued";
    public const string DealRejected = "deal.rejected";
    public const string NfseFailed = "nfse.failed";
    public const string DealStuck = "deal.stuck";
    public const string DistributorPricesRefreshed = "distributor.prices-refreshed";
    public const string DistributorPricesChanged = "distributor.prices-changed";
    public const string DistributorFeedRejected = "distributor.feed-rejected";
}
