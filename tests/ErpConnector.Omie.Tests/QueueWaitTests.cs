namespace ErpConnector.Omie.Tests;

/// <summary>
/// Issue #10, defect 2 (bounded limiter waits): a call waits at most Omie:MaxQueueWait for its turn — record lock,
/// pause, concurrency slot, tokens — then gives up without sending anything, so it can never be sent after the
/// deal's lease has passed to another worker. The clock is moved by hand; nothing here measures speed.
/// </summary>
public sealed class QueueWaitTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_call_waiting_on_a_pause_longer_than_MaxQueueWait_gives_up_without_sending()
    {
        var clock = new ManualTimeProvider(Start);
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.StatusOsOk), time: clock);
        t.Limiter.PauseUntil(Start.AddHours(1), "blocked");

        var call = t.Client.InvoiceServiceOrderAsync("deal-42");
        await Samples.Eventually(() => clock.ActiveTimers > 0, "the call waits");
        clock.Advance(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<OmieThrottledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("FaturarOS", error.Method);
        Assert.Empty(t.Handler.Requests);
        Assert.Contains(t.Logger.Entries, e => e.EventId.Id == 7 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task A_call_waiting_for_its_record_lock_longer_than_MaxQueueWait_gives_up_without_sending()
    {
        var clock = new ManualTimeProvider(Start);
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.OsStatusOk),
            o => o.MaxQueueWait = TimeSpan.FromSeconds(5), clock);
        using var held = await t.Records.LockAsync("os:deal-42"); // another write to the same order

        var call = t.Client.InvoiceServiceOrderAsync("deal-42");
        await Samples.Eventually(() => clock.ActiveTimers > 0, "the call waits");
        clock.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<OmieThrottledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(t.Handler.Requests);
    }

    [Fact]
    public async Task A_call_waiting_for_a_concurrency_slot_longer_than_MaxQueueWait_gives_up_without_sending()
    {
        var clock = new ManualTimeProvider(Start);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var t = new TestClient(async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return FakeHandler.Json(200, Samples.StatusOsOk);
        }, o => o.MaxConcurrentPerMethod = 1, clock);

        var first = t.Client.GetInvoiceStatusAsync("a");
        await Samples.Eventually(() => t.Handler.Requests.Count == 1, "the first call holds the only slot");
        var second = t.Client.GetInvoiceStatusAsync("b");
        await Samples.Eventually(() => clock.ActiveTimers > 0, "the second call waits");
        clock.Advance(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<OmieThrottledException>(() => second.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(t.Handler.Requests);

        release.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_callers_cancellation_is_still_a_cancellation_not_a_throttle()
    {
        var clock = new ManualTimeProvider(Start);
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.StatusOsOk), time: clock);
        t.Limiter.PauseUntil(Start.AddHours(1), "blocked");
        using var cts = new CancellationTokenSource();

        var call = t.Client.GetInvoiceStatusAsync("deal-42", cts.Token);
        cts.Cancel();

        var error = await Record.ExceptionAsync(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Empty(t.Handler.Requests);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void MaxQueueWait_must_be_positive(string value)
        => Assert.Contains(OmieOptions.Validate(new OmieOptions
        {
            AppKey = "k", AppSecret = "s",
            MaxQueueWait = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
        }), e => e.Contains("MaxQueueWait"));

    [Fact]
    public void MaxQueueWait_defaults_to_30_seconds()
        => Assert.Equal(TimeSpan.FromSeconds(30), new OmieOptions().MaxQueueWait);
}
