namespace ErpConnector.Distributors.Configuration;

/// <summary>The "Distributors" configuration section: every price feed the connector keeps in sync.</summary>
public sealed class DistributorsOptions
{
    public const string SectionName = "Distributors";

    public List<PriceFeedOptions> Feeds { get; set; } = [];

    /// <summary>A queued or running run whose heartbeat is older than this is taken as dead (its process
    /// crashed) so a new run may start; the heartbeat is written every few seconds while a run lives.</summary>
    public TimeSpan AbandonRunAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a run writes its progress (rows, bytes) for GET .../runs/{runId}.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A feed's first load from a local file is written while it is parsed, inside one transaction that the
    /// guards commit or roll back: about twice as fast, but the database's write lock is held during the parse
    /// (≈ 2 s per million rows). False: always stage to a temp file and write only after the guards.</summary>
    public bool WriteThroughFirstLoad { get; set; } = true;

    /// <summary>How products are matched across feeds for the best price: <c>vendor-part</c> (vendor + vendor part
    /// number) or <c>ean</c> (EAN/UPC where a row carries one, else vendor + vendor part number).</summary>
    public string MatchBy { get; set; } = "vendor-part";

    /// <summary>A cheaper distributor is chosen over the preferred one (by priority) only when it is at least this
    /// many percent lower; 0 = the cheapest always wins, priority only breaks ties.</summary>
    public decimal PreferCheaperBy { get; set; }

    /// <summary>Prices of a feed whose last good run is older than this are left out of the best price.</summary>
    public TimeSpan IgnoreOlderThan { get; set; } = TimeSpan.FromDays(7);

    public BestPrice.MatchBy ParsedMatchBy => string.Equals(MatchBy, "ean", StringComparison.OrdinalIgnoreCase)
        ? BestPrice.MatchBy.Ean : BestPrice.MatchBy.VendorPart;

    /// <summary>The configuration path of <paramref name="feed"/>, e.g. <c>Distributors:Feeds:2</c>, for messages
    /// that tell an operator which key to change.</summary>
    public string KeyOf(PriceFeedOptions feed) => $"{SectionName}:Feeds:{Feeds.IndexOf(feed)}";

    public PriceFeedOptions? Find(string feedId) =>
        Feeds.FirstOrDefault(f => string.Equals(f.Id, feedId, StringComparison.OrdinalIgnoreCase));
}
