using System.ComponentModel.DataAnnotations;

namespace ErpConnector.Service.Deals;

/// <summary>How deals are advanced and retried. Bound from "DealProcessing"; validated at start-up.</summary>
public sealed class DealProcessingOptions : IValidatableObject
{
    public const string SectionName = "DealProcessing";

    /// <summary>Wait after FaturarOS before the first StatusOS: cities take seconds to minutes.</summary>
    public TimeSpan FirstPollDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Between StatusOS polls of one order. Omie answers a second query of the same record within
    /// 60 s with a REDUNDANT fault, so the real service keeps this above 60 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(65);

    /// <summary>Durable retry schedule for transient failures; after the last one the deal fails.</summary>
    public TimeSpan[] RetrySchedule { get; set; } = [];

    /// <summary>How long a worker owns a deal; a crashed worker's deals are picked up after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the Quartz sweeper looks for due deals.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 10_000)]
    public int SweepBatchSize { get; set; } = 200;

    [Range(1, 256)]
    public int SweepParallelism { get; set; } = 8;

    /// <summary>A deal not issued, failed or rejected after this long is reported stuck.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How often the stuck-deal job looks.</summary>
    public TimeSpan StuckCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a Client-1880 style "try again shortly" waits when the text states no time.</summary>
    public TimeSpan ThrottleDefaultWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Omie's dDtPrevisao is the invoice's expected date; today in Brasília unless set.</summary>
    public string TimeZone { get; set; } = "America/Sao_Paulo";

    public IReadOnlyList<TimeSpan> EffectiveRetrySchedule => RetrySchedule.Length > 0
        ? RetrySchedule
        : [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (FirstPollDelay < TimeSpan.Zero)
            yield return new($"{SectionName}:FirstPollDelay must not be negative.", [nameof(FirstPollDelay)]);
        if (PollInterval <= TimeSpan.Zero)
            yield return new($"{SectionName}:PollInterval must be positive, e.g. \"00:01:05\".", [nameof(PollInterval)]);
        if (RetrySchedule.Any(t => t <= TimeSpan.Zero))
            yield return new($"{SectionName}:RetrySchedule entries must be positive durations, e.g. [\"00:01:00\", \"00:05:00\"].", [nameof(RetrySchedule)]);
        if (Lease < TimeSpan.FromSeconds(5))
            yield return new($"{SectionName}:Lease must be at least 5 seconds.", [nameof(Lease)]);
        if (SweepInterval < TimeSpan.FromMilliseconds(100))
            yield return new($"{SectionName}:SweepInterval must be at least 100 ms.", [nameof(SweepInterval)]);
        if (StuckAfter <= TimeSpan.Zero)
            yield return new($"{SectionName}:StuckAfter must be positive, e.g. \"04:00:00\".", [nameof(StuckAfter)]);
        if (StuckCheckInterval < TimeSpan.FromSeconds(1))
            yield return new($"{SectionName}:StuckCheckInterval must be at least 1 second.", [nameof(StuckCheckInterval)]);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
            yield return new($"{SectionName}:TimeZone '{TimeZone}' is not a known time zone id (e.g. America/Sao_Paulo).", [nameof(TimeZone)]);
    }
}
