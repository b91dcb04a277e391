using System.Collections.Concurrent;
using ErpConnector.Domain.Errors;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Domain.Tests.Errors;

/// <summary>Issue #10, defect 6: the classifier's WaitUntil honours Omie:MaxStatedWait and says when it caps.</summary>
public class StatedWaitLimitTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 15, 0, 0, TimeSpan.FromHours(-3));

    private static ErrorObservation Block(string seconds) => new(ErrorSource.OmieFault, "MISUSE_API_PROCESS",
        $"ERROR: API bloqueada por consumo indevido. Tente novamente em {seconds} segundos.", 425);

    [Fact]
    public void A_block_stating_999999999_seconds_is_capped_at_24_hours_with_a_warning()
    {
        var log = new CapturingLogger();
        var classifier = ErrorClassifier.LoadDefault(new StatedWaitLimit(StatedWaitLimit.DefaultLongest, log));

        var verdict = classifier.Classify(Block("999999999"), Now);

        Assert.Equal(ErrorAction.PauseAppKey, verdict.Action);
        Assert.Equal(Now.AddHours(24), verdict.WaitUntil);
        var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(TimeSpan.FromSeconds(999_999_999), warning.Values["StatedWait"]);
        Assert.Equal(TimeSpan.FromHours(24), warning.Values["MaxStatedWait"]);
    }

    [Fact]
    public void The_configured_maximum_is_honoured()
    {
        var log = new CapturingLogger();
        var classifier = ErrorClassifier.LoadDefault(new StatedWaitLimit(TimeSpan.FromMinutes(20), log));

        Assert.Equal(Now.AddMinutes(20), classifier.Classify(Block("1678"), Now).WaitUntil);
        Assert.Equal(Now.AddMinutes(20), classifier.Classify(Block("999999999"), Now).WaitUntil);
        Assert.Equal(2, log.Entries.Count(e => e.Level == LogLevel.Warning));
        Assert.Equal(TimeSpan.FromMinutes(20), classifier.MaxStatedWait);
    }

    [Fact]
    public void A_wait_within_the_maximum_is_kept_and_not_logged()
    {
        var log = new CapturingLogger();
        var classifier = ErrorClassifier.LoadDefault(new StatedWaitLimit(StatedWaitLimit.DefaultLongest, log));

        Assert.Equal(Now.AddSeconds(1678), classifier.Classify(Block("1678"), Now).WaitUntil);
        Assert.Empty(log.Entries);
    }

    [Fact]
    public void The_parser_reads_every_stated_time_the_cap_is_a_separate_decision()
    {
        Assert.Equal(Now.AddSeconds(999_999_999), StatedWait.FromMessage("Tente novamente em 999999999 segundos", Now));
        Assert.Equal(DateTimeOffset.MaxValue, StatedWait.FromMessage("Aguarde 999999999 minutos", DateTimeOffset.MaxValue.AddYears(-1)));
        Assert.Null(StatedWait.FromMessage("sem horário", Now));
    }

    private sealed record Entry(LogLevel Level, IReadOnlyDictionary<string, object?> Values);

    private sealed class CapturingLogger : ILogger
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = (state as IEnumerable<KeyValuePair<string, object?>> ?? []).ToDictionary(kv => kv.Key, kv => kv.Value);
            Entries.Enqueue(new Entry(logLevel, values));
        }
    }
}
