namespace ErpConnector.Sandbox.SalesOs;

/// <summary>The "Sandbox:SalesOS" section: the simulated SalesOS tenant (API client, plan, webhook subscription).</summary>
public sealed class SalesOsSandboxOptions
{
    public const string Section = "Sandbox:SalesOS";

    public string ClientId { get; set; } = "sandbox-salesos-client";
    public string ClientSecret { get; set; } = "sandbox-salesos-secret";

    /// <summary>The audience the API accepts; a token issued for another one is refused with 401, as SalesOS does.</summary>
    public string Audience { get; set; } = "https://api.play2sell.com";

    /// <summary>Scopes granted to the API client.</summary>
    public string[] Scopes { get; set; } = ["deals:read", "deals:write"];

    /// <summary>Token lifetime (SalesOS: 24 h); short in specs that expire it mid-run.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The plan's limit per minute (Starter 100, Professional 500, Enterprise 2,000); 0 = no limit.</summary>
    public int RequestsPerMinute { get; set; } = 500;

    /// <summary>The rate-limit window (a minute in SalesOS; shorter in specs).</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where deal.won is delivered; empty: no webhook subscription.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>The webhook's signing secret (the connector's Webhooks:SalesOS:Secret).</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Also deliver deal.updated after an API write (SalesOS echoing the connector's own write).</summary>
    public bool SendDealUpdated { get; set; }

    /// <summary>SalesOS's retry delays (1 min, 5 min, 30 min, 2 h, 12 h), multiplied by <see cref="RetryScale"/>.</summary>
    public TimeSpan[] RetrySchedule { get; set; } =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];

    /// <summary>Scales the retry delays down for tests (0.001: 1 min → 60 ms).</summary>
    public double RetryScale { get; set; } = 1.0;

    /// <summary>Consecutive failed deliveries (any events) after which the webhook is deactivated.</summary>
    public int DeactivateAfter { get; set; } = 10;

    /// <summary>A delivery not answered 2xx within this counts as failed (SalesOS: 10 s).</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
