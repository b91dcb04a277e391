namespace ErpConnector.Sandbox.Distributors;

/// <summary>"Sandbox:Distributors": defaults for every simulated distributor; per-feed settings posted to
/// /_sandbox/distributors/{feedId}/catalogue and query parameters on file URLs override them.</summary>
public sealed class DistributorSandboxOptions
{
    public const string Section = "Sandbox:Distributors";

    public string ClientId { get; set; } = "sandbox-client";
    public string ClientSecret { get; set; } = "sandbox-secret";
    public int TokenLifetimeSeconds { get; set; } = 3600;
    public int Rows { get; set; } = 1000;
    public int Seed { get; set; } = 42;
    public double ChangedPercent { get; set; }
    public double RemovedPercent { get; set; }
    /// <summary>Calls a minute per feed before 429 (0: unlimited). X-RateLimit-* headers are sent either way.</summary>
    public int RequestsPerMinute { get; set; }
    /// <summary>Where generated files are cached (one per distinct catalogue and format); default under the temp folder.</summary>
    public string? CacheDirectory { get; set; }
    /// <summary>Pause between 64 KB chunks (and before each API answer) while the "slow" fault is armed.</summary>
    public int SlowDelayMs { get; set; } = 200;
}
