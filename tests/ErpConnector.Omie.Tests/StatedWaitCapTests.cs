using Microsoft.Extensions.Logging;

namespace ErpConnector.Omie.Tests;

/// <summary>Issue #10, defect 6: a stated wait Omie misstates must not stop every call for decades.</summary>
public sealed class StatedWaitCapTests
{
    private const string DecadesBlock = "ERROR: API bloqueada por consumo indevido. Tente novamente em 999999999 segundos.";
    private static readonly DateTimeOffset Start = new(2026, 3, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_block_stating_999999999_seconds_pauses_the_app_key_at_most_24_hours()
    {
        var clock = new ManualTimeProvider(Start);
        using var t = TestClient.Answering(_ => FakeHandler.Fault(425, "MISUSE_API_PROCESS", DecadesBlock), time: clock);

        await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Equal(clock.GetUtcNow().AddHours(24), t.Limiter.PausedUntil);
    }

    [Fact]
    public async Task Capping_a_stated_wait_logs_a_warning_with_the_stated_wait_and_the_limit()
    {
        var clock = new ManualTimeProvider(Start);
        using var t = TestClient.Answering(_ => FakeHandler.Fault(425, "MISUSE_API_PROCESS", DecadesBlock), time: clock);

        await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        var capped = Assert.Single(t.Logger.Entries, e => e.EventId.Name == "StatedWaitCapped");
        Assert.Equal(LogLevel.Warning, capped.Level);
        var values = capped.State.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(TimeSpan.FromSeconds(999_999_999), values["StatedWait"]);
        Assert.Equal(TimeSpan.FromHours(24), values["MaxStatedWait"]);
    }

    [Fact]
    public async Task The_configured_maximum_is_honoured()
    {
        var clock = new ManualTimeProvider(Start);
        using var t = TestClient.Answering(_ => FakeHandler.Fault(425, "MISUSE_API_PROCESS",
            "ERROR: API bloqueada por consumo indevido. Tente novamente em 1678 segundos."),
            o => { o.MaxStatedWait = TimeSpan.FromMinutes(20); o.DefaultBlockDuration = TimeSpan.FromMinutes(10); }, clock);

        await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Equal(clock.GetUtcNow().AddMinutes(20), t.Limiter.PausedUntil);
    }

    [Fact]
    public async Task A_Retry_After_header_on_a_block_is_capped_like_a_stated_wait()
    {
        var clock = new ManualTimeProvider(Start);
        using var t = TestClient.Answering(_ =>
        {
            var response = FakeHandler.Text(425, "Too Early");
            response.Headers.Add("Retry-After", "2000000000");
            return response;
        }, time: clock);

        await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Equal(clock.GetUtcNow().AddHours(24), t.Limiter.PausedUntil);
    }

    [Fact]
    public async Task A_wait_within_the_maximum_is_kept_and_nothing_is_logged_about_it()
    {
        var clock = new ManualTimeProvider(Start);
        using var t = TestClient.Answering(_ => FakeHandler.Fault(425, "MISUSE_API_PROCESS",
            "ERROR: API bloqueada por consumo indevido. Tente novamente em 1678 segundos."), time: clock);

        await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Equal(clock.GetUtcNow().AddSeconds(1678), t.Limiter.PausedUntil);
        Assert.DoesNotContain(t.Logger.Entries, e => e.EventId.Name == "StatedWaitCapped");
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:01:00")]
    public void MaxStatedWait_must_be_positive(string value)
        => Assert.Contains(OmieOptions.Validate(new OmieOptions { AppKey = "k", AppSecret = "s", MaxStatedWait = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) }),
            e => e.Contains("MaxStatedWait"));

    [Fact]
    public void The_default_block_must_fit_within_MaxStatedWait()
        => Assert.Contains(OmieOptions.Validate(new OmieOptions { AppKey = "k", AppSecret = "s", MaxStatedWait = TimeSpan.FromMinutes(5) }),
            e => e.Contains("DefaultBlockDuration"));
}
