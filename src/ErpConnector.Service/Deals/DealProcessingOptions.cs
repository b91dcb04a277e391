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

    /// <summary>An invoiced deal whose city has not answered for this long moves to awaiting-city (a person acts in
    /// Omie, e.g. a city that only accepts a TXT import). Not a failure.</summary>
    public TimeSpan AwaitingCityAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often a deal awaiting the city is still polled (a push may also issue it at any time).</summary>
    public TimeSpan AwaitingCityPollInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after CancelarOS the connector waits for Omie to confirm the cancellation; after that the
    /// deal goes back to issued with an "unconfirmed" error for a person to check in Omie.</summary>
    public TimeSpan CancellationConfirmWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Customers whose registration data did not change since their last UpsertCliente are not sent again
    /// (their stored Omie id is used). Off: every deal upserts its customer, as before.</summary>
    public bool SkipUnchangedCustomers { get; set; } = true;

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
        if (AwaitingCityAfter <= PollInterval)
            yield return new($"{SectionName}:AwaitingCityAfter must be longer than PollInterval ({PollInterval}), e.g. \"1.00:00:00\".", [nameof(AwaitingCityAfter)]);
        if (AwaitingCityPollInterval < PollInterval)
            yield return new($"{SectionName}:AwaitingCityPollInterval must be at least PollInterval ({PollInterval}), e.g. \"01:00:00\".", [nameof(AwaitingCityPollInterval)]);
        if (CancellationConfirmWithin <= PollInterval)
            yield return new($"{SectionName}:CancellationConfirmWithin must be longer than PollInterval ({PollInterval}), e.g. \"1.00:00:00\".", [nameof(CancellationConfirmWithin)]);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
            yield return new($"{SectionName}:TimeZone '{TimeZone}' is not a known time zone id (e.g. America/Sao_Paulo).", [nameof(TimeZone)]);
    }
}
