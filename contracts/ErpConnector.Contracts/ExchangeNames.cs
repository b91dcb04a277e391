namespace ErpConnector.Contracts;

/// <summary>
/// RabbitMQ exchange names (fanout, durable) that publishers and subscribers in any
/// language rely on. Pinned here so a rename is a visible contract change.
/// </summary>
public static class ExchangeNames
{
    /// <summary>Input: <see cref="Contracts.DealWon"/>.</summary>
    public const string DealWon = "deal.won";
    /// <summary>Output: <see cref="Contracts.NfseIssued"/>.</summary>
    public const string NfseIssued = "nfse.issued";
    /// <summary>Output: <see cref="Contracts.DealRejected"/>.</summary>
    public const string DealRejected = "deal.rejected";
    /// <summary>Output: <see cref="Contracts.NfseFailed"/>.</summary>
    public const string NfseFailed = "nfse.failed";
    /// <summary>Output: <see cref="Contracts.DealStuck"/>.</summary>
    public const string DealStuck = "deal.stuck";
    /// <summary>Output: <see cref="Contracts.DistributorPricesRefreshed"/>.</summary>
    public const string DistributorPricesRefreshed = "distributor.prices-refreshed";
    /// <summary>Output: <see cref="Contracts.DistributorPricesChanged"/>.</summary>
    public const string DistributorPricesChanged = "distributor.prices-changed";
    /// <summary>Output: <see cref="Contracts.DistributorFeedRejected"/>.</summary>
    public const string DistributorFeedRejected = "distributor.feed-rejected";
    /// <summary>Output: <see cref="Contracts.BestPriceChanged"/>.</summary>
    public const string BestPriceChanged = "distributor.best-price-changed";
}
