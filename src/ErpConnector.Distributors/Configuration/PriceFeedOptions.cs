namespace ErpConnector.Distributors.Configuration;

/// <summary>One distributor price feed: where it comes from, when it is fetched, and what makes it unsafe to apply.</summary>
public sealed class PriceFeedOptions
{
    public const string DefaultTimeZone = "America/Sao_Paulo";

    /// <summary>Stable slug (a-z, 0-9, '-'); keys prices, runs, the Quartz job and the API route.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary><c>rest</c> (paged/batched price API with OAuth2) or <c>file</c> (flat price file over HTTPS).</summary>
    public string Adapter { get; set; } = "";
    public bool Enabled { get; set; } = true;
    /// <summary>Quartz cron expression (seconds first), e.g. <c>0 0 6 * * ?</c> for 06:00 every day.</summary>
    public string Schedule { get; set; } = "";
    /// <summary>IANA time zone the schedule is read in.</summary>
    public string TimeZone { get; set; } = DefaultTimeZone;
    /// <summary>Past this age since the last good run the feed is reported stale (API, /health/ready, metrics).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(26);
    /// <summary>Used when the feed carries no currency column.</summary>
    public string DefaultCurrency { get; set; } = "USD";
    public FeedThresholds Thresholds { get; set; } = new();
    /// <summary>Best price: the lower, the more preferred (0-1000). A cheaper distributor wins over the preferred one
    /// only when it is at least <see cref="DistributorsOptions.PreferCheaperBy"/> percent lower.</summary>
    public int Priority { get; set; } = 100;
    public RestFeedOptions? Rest { get; set; }
    public FileFeedOptions? File { get; set; }

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;
}
