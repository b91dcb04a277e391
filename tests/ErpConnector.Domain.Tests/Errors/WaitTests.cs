using ErpConnector.Domain.Errors;

namespace ErpConnector.Domain.Tests.Errors;

public class WaitTests
{
    private static readonly ErrorClassifier Classifier = ErrorClassifier.LoadDefault();
    private static readonly TimeSpan Brasilia = TimeSpan.FromHours(-3);

    [Fact]
    public void Seconds_stated_in_the_message()
    {
        var now = new DateTimeOffset(2026, 3, 10, 15, 0, 0, Brasilia);
        var verdict = Classifier.Classify(new ErrorObservation(ErrorSource.OmieFault, "REDUNDANT", "Consumo redundante detectado. Aguarde 37 segundos"), now);
        Assert.Equal(now.AddSeconds(37), verdict.WaitUntil);
    }

    [Fact]
    public void Misuse_block_pauses_the_app_key_for_the_stated_seconds()
    {
        var now = new DateTimeOffset(2026, 3, 10, 15, 0, 0, Brasilia);
        var verdict = Classifier.Classify(new ErrorObservation(ErrorSource.OmieFault, "MISUSE_API_PROCESS",
            "ERROR: API bloqueada por consumo indevido. Tente novamente em 1678 segundos.", 425), now);
        Assert.Equal(ErrorAction.PauseAppKey, verdict.Action);
        Assert.Equal(now.AddSeconds(1678), verdict.WaitUntil);
    }

    [Fact]
    public void Clock_time_later_today_in_Sao_Paulo()
    {
        var now = new DateTimeOffset(2026, 3, 10, 18, 0, 0, Brasilia);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 19, 4, 8, Brasilia), InFlight("às 19:04:08", now));
    }

    [Fact]
    public void Clock_time_is_read_in_Sao_Paulo_whatever_the_callers_offset()
    {
        var now = new DateTimeOffset(2026, 3, 10, 22, 0, 0, TimeSpan.Zero); // 19:00 in São Paulo
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 22, 4, 8, TimeSpan.Zero), InFlight("às 19:04:08", now));
    }

    [Fact]
    public void Clock_time_after_midnight_is_tomorrow()
    {
        var now = new DateTimeOffset(2026, 3, 10, 23, 59, 50, Brasilia);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 0, 10, Brasilia), InFlight("às 00:00:10", now));
    }

    [Fact]
    public void Clock_time_far_in_the_past_is_tomorrow()
    {
        var now = new DateTimeOffset(2026, 3, 10, 20, 0, 0, Brasilia);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 7, 30, 0, Brasilia), InFlight("às 07:30:00", now));
    }

    [Fact]
    public void Clock_time_just_past_means_now_not_tomorrow()
    {
        // A late answer or clock skew must not turn a seconds-long wait into a day.
        var now = new DateTimeOffset(2026, 3, 10, 19, 4, 10, Brasilia);
        Assert.Equal(now, InFlight("às 19:04:08", now));
    }

    [Fact]
    public void Clock_time_just_before_midnight_read_just_after_is_reached_not_tomorrow()
    {
        // Read at 00:00:05, "às 23:59:59" was yesterday's time: the answer was late, not a 24-hour wait.
        var now = new DateTimeOffset(2026, 3, 11, 0, 0, 5, Brasilia);
        Assert.Equal(now, InFlight("às 23:59:59", now));
    }

    [Fact]
    public void Clock_time_crossing_the_UTC_date_line()
    {
        // 22:30 in São Paulo is already the 11th in UTC; "today" is São Paulo's 10th.
        var now = new DateTimeOffset(2026, 3, 11, 1, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 23, 0, 0, Brasilia), InFlight("às 23:00:00", now));
    }

    [Fact]
    public void Without_a_stated_time_the_rows_default_applies()
    {
        var now = new DateTimeOffset(2026, 3, 10, 15, 0, 0, Brasilia);
        Assert.Equal(now.AddSeconds(60), InFlight("sem horário", now));
        var busy = Classifier.Classify(new ErrorObservation(ErrorSource.OmieFault, "SOAP-ENV:Client-1880",
            "ERROR: Já existe uma requisição desse método sendo executada e você pode tentar novamente em alguns instantes. (1)"), now);
        Assert.Equal(now.AddSeconds(5), busy.WaitUntil);
        var limited = Classifier.Classify(new ErrorObservation(ErrorSource.Http, "HTTP 429", "Too many Requests", 429), now);
        Assert.Equal(now.AddSeconds(60), limited.WaitUntil);
    }

    [Fact]
    public void Rows_without_a_wait_leave_it_empty()
    {
        var verdict = Classifier.Classify(new ErrorObservation(ErrorSource.CityMessage, "E92", "Aguarde 30 segundos"), DateTimeOffset.UnixEpoch);
        Assert.Null(verdict.WaitUntil);
    }

    [Theory]
    [InlineData("Aguarde 37 segundos", 37)]
    [InlineData("Tente novamente em 1678 segundos.", 1678)]
    [InlineData("aguarde 1 segundo", 1)]
    [InlineData("Tente novamente em 2 minutos", 120)]
    [InlineData("retry in 30 seconds", 30)]
    [InlineData("Aguarde 999999999 segundos", 999_999_999)] // read as stated; StatedWaitLimit caps it (StatedWaitLimitTests)
    public void Durations(string message, int seconds)
    {
        var now = DateTimeOffset.UnixEpoch;
        Assert.Equal(now.AddSeconds(seconds), StatedWait.FromDuration(message, now));
    }

    [Theory]
    [InlineData("tente novamente as 19:04:08", 19, 4, 8)] // accent lost on the way
    [InlineData("tente novamente às 19h04", 19, 4, 0)]
    [InlineData("Tente novamente às 9:05:00", 9, 5, 0)]
    public void Clock_time_spellings(string message, int hour, int minute, int second)
    {
        var now = new DateTimeOffset(2026, 3, 10, 8, 0, 0, Brasilia);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, hour, minute, second, Brasilia), StatedWait.FromClockTime(message, now));
    }

    [Theory]
    [InlineData("nenhum horário")]
    [InlineData("às 25:00:00")]
    [InlineData("às 12:60")]
    public void No_clock_time(string message) => Assert.Null(StatedWait.FromClockTime(message, DateTimeOffset.UnixEpoch));

    private static DateTimeOffset? InFlight(string when, DateTimeOffset now) =>
        Classifier.Classify(new ErrorObservation(ErrorSource.OmieFault, "SOAP-ENV:Client-1100",
            $"ERROR: Esta requisição já foi processada ou está sendo processada e você pode tentar novamente {when}. (1)"), now).WaitUntil;
}
