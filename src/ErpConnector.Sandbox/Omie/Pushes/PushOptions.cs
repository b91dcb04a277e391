namespace ErpConnector.Sandbox.Omie.Pushes;

/// <summary>
/// <c>Sandbox:Omie:Pushes</c>: where the simulated Omie posts its webhook deliveries. Omie configures webhooks per app
/// in its developer portal; here it is configuration, or <c>POST /_sandbox/omie/pushes</c> at run time.
/// </summary>
public sealed class PushOptions
{
    public const string Section = "Sandbox:Omie:Pushes";

    /// <summary>The endpoint; empty = pushes off (nothing is queued).</summary>
    public string Url { get; set; } = "";

    /// <summary>The <c>appKey</c> the envelope carries; empty = <c>Sandbox:AppKey</c>.</summary>
    public string AppKey { get; set; } = "";

    /// <summary>Omie retries "until 2xx"; the simulator gives up after this many attempts and dead-letters the push.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed attempt; doubled after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one delivery may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the sender lets the city process what has fallen due, so pushes go out without anyone polling.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromMilliseconds(50);
}
