using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ErpConnector.Domain.Errors;

/// <summary>
/// The longest wait the connector honours from a message (configuration <c>Omie:MaxStatedWait</c>). A misread or
/// absurd number ("Tente novamente em 999999999 segundos") must neither park a deal nor pause every Omie call for
/// years; past this limit the stuck-deal alarm and an operator take over. The same limit applies to the classifier's
/// <see cref="ErrorClassification.WaitUntil"/> and to the Omie transport's pause of the app_key.
/// </summary>
public sealed partial class StatedWaitLimit
{
    /// <summary>A day: Omie's longest documented block is about 30 minutes, so anything near this is a misreading.</summary>
    public static readonly TimeSpan DefaultLongest = TimeSpan.FromHours(24);

    private readonly ILogger _logger;

    /// <param name="longest">Positive; validated at start-up with the Omie options.</param>
    /// <param name="logger">Receives a Warning each time a wait is capped.</param>
    public StatedWaitLimit(TimeSpan longest, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(longest, TimeSpan.Zero);
        Longest = longest;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary><see cref="DefaultLongest"/>, logging nowhere (tests, benchmarks, tools).</summary>
    public static StatedWaitLimit Default { get; } = new(DefaultLongest, NullLogger.Instance);

    /// <summary>The longest wait honoured.</summary>
    public TimeSpan Longest { get; }

    /// <summary><paramref name="until"/>, or <paramref name="now"/> + <see cref="Longest"/> when it lies further
    /// ahead; a capped wait is logged as a Warning with the stated wait and the limit.</summary>
    /// <param name="until">When the stated wait ends.</param>
    /// <param name="now">The moment the wait is counted from.</param>
    /// <param name="source">What stated the wait (e.g. the Omie fault code or the table row), for the log.</param>
    public DateTimeOffset Apply(DateTimeOffset until, DateTimeOffset now, string source)
    {
        var stated = until - now;
        if (stated <= Longest)
            return until;
        var capped = now + Longest;
        LogCapped(_logger, source, stated, until, Longest, capped);
        return capped;
    }

    [LoggerMessage(EventId = 1, EventName = "StatedWaitCapped", Level = LogLevel.Warning,
        Message = "{Source} stated a wait of {StatedWait} (until {StatedUntil:O}), longer than the {MaxStatedWait} allowed (Omie:MaxStatedWait); waiting until {WaitUntil:O} instead")]
    private static partial void LogCapped(ILogger logger, string source, TimeSpan statedWait, DateTimeOffset statedUntil, TimeSpan maxStatedWait, DateTimeOffset waitUntil);
}
