using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace ErpConnector.Omie.Tests;

/// <summary>
/// The shared limiter. No "took less than X ms" assertions: the tests hold calls at a gate, wait (with a generous
/// timeout) for the state they expect, and give a broken limiter time to misbehave before checking it did not.
/// </summary>
public sealed class LimiterTests
{
    /// <summary>Handler that counts calls in flight (overall and per cCodIntOS) and holds them until released.</summary>
    private sealed class Gate
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<string, int> _perKey = new();
        private int _inFlight;
        private int _max;
        private int _total;

        public int InFlight => Volatile.Read(ref _inFlight);
        public int Max => Volatile.Read(ref _max);
        public int Total => Volatile.Read(ref _total);
        public ConcurrentDictionary<string, int> MaxPerKey { get; } = new();

        public void Open() => _open.TrySetResult();

        public async Task<HttpResponseMessage> Handle(CapturedRequest request, CancellationToken ct)
        {
            var key = Regex.Match(request.Body, "\"cCodIntOS\":\"([^\"]+)\"").Groups[1].Value;
            Interlocked.Increment(ref _total);
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref _max)) < now && Interlocked.CompareExchange(ref _max, now, seen) != seen) { }
            var forKey = _perKey.AddOrUpdate(key, 1, (_, n) => n + 1);
            MaxPerKey.AddOrUpdate(key, forKey, (_, m) => Math.Max(m, forKey));
            try
            {
                await _open.Task.WaitAsync(ct);
                return FakeHandler.Json(200, request.Body.Contains("StatusOS") ? Samples.StatusOsOk : Samples.OsStatusOk);
            }
            finally
            {
                _perKey.AddOrUpdate(key, 0, (_, n) => n - 1);
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    [Fact]
    public async Task Never_more_than_4_concurrent_calls_per_method_under_50_parallel_calls()
    {
        var gate = new Gate();
        using var t = new TestClient(gate.Handle);

        var calls = Enumerable.Range(0, 50).Select(i => Task.Run(() => t.Client.GetInvoiceStatusAsync($"deal-{i}"))).ToArray();
        await Samples.Eventually(() => gate.InFlight == 4, "4 calls in flight");
        await Task.Delay(300); // a broken limiter would let the other 46 in meanwhile
        Assert.Equal(4, gate.InFlight);

        gate.Open();
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(50, gate.Total);
        Assert.Equal(4, gate.Max);
    }

    [Fact]
    public async Task Concurrency_is_per_method_and_overridable()
    {
        var gate = new Gate();
        using var t = new TestClient(gate.Handle, o => o.MaxConcurrentByMethod["StatusOS"] = 1);

        var status = Enumerable.Range(0, 10).Select(i => Task.Run(() => t.Client.GetInvoiceStatusAsync($"s-{i}"))).ToArray();
        var invoices = Enumerable.Range(0, 10).Select(i => Task.Run(() => t.Client.InvoiceServiceOrderAsync($"f-{i}"))).ToArray();
        await Samples.Eventually(() => gate.InFlight == 5, "1 StatusOS + 4 FaturarOS in flight");
        await Task.Delay(300);
        Assert.Equal(5, gate.InFlight);

        gate.Open();
        await Task.WhenAll(status.Cast<Task>().Concat(invoices)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(20, gate.Total);
    }

    [Fact]
    public async Task Writes_to_the_same_order_are_never_concurrent_but_other_orders_are()
    {
        var gate = new Gate();
        using var t = new TestClient(gate.Handle);

        var sameA = Task.Run(() => t.Client.CreateServiceOrderAsync(Samples.Order("deal-A")));
        var sameB = Task.Run(() => t.Client.InvoiceServiceOrderAsync("deal-A"));
        var sameC = Task.Run(() => t.Client.ResendInvoiceAsync("deal-A"));
        var other = Task.Run(() => t.Client.CreateServiceOrderAsync(Samples.Order("deal-B")));
        await Samples.Eventually(() => gate.InFlight == 2, "deal-A and deal-B in flight together");
        await Task.Delay(300);
        Assert.Equal(2, gate.InFlight);

        gate.Open();
        await Task.WhenAll(sameA, sameB, sameC, other).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, gate.MaxPerKey["deal-A"]);
        Assert.Equal(4, gate.Total);
    }

    [Fact]
    public async Task Record_locks_are_released_and_forgotten()
    {
        var locks = new OmieRecordLocks();
        var first = await locks.LockAsync("os:1");
        var second = locks.LockAsync("os:1").AsTask();
        Assert.False(second.IsCompleted);

        using var cts = new CancellationTokenSource();
        var cancelled = locks.LockAsync("os:1", cts.Token).AsTask();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        first.Dispose();
        first.Dispose(); // idempotent
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task The_per_method_rate_limit_queues_calls_and_honours_cancellation()
    {
        // 3/minute with a burst of 2: two calls go at once, the third needs a token ~60 s later.
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.StatusOsOk),
            o => { o.RequestsPerMinutePerMethod = 3; o.BurstPerMethod = 2; });

        await t.Client.GetInvoiceStatusAsync("a");
        await t.Client.GetInvoiceStatusAsync("b");
        using var cts = new CancellationTokenSource();
        var third = t.Client.GetInvoiceStatusAsync("c", cts.Token);
        await Task.Delay(300);
        Assert.False(third.IsCompleted);

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
        Assert.Equal(2, t.Handler.Requests.Count);

        // Other methods have their own bucket.
        await t.Client.InvoiceServiceOrderAsync("d").WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Spent_tokens_are_replenished()
    {
        // 600/minute with a burst of 1: after the first call each token takes ~0.1 s to come back.
        // Only a limiter that never replenishes fails this (the timeout is generous, not a speed claim).
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.StatusOsOk),
            o => { o.RequestsPerMinutePerMethod = 600; o.BurstPerMethod = 1; o.RequestsPerMinutePerIp = 600; o.BurstPerIp = 1; });

        for (var i = 0; i < 5; i++)
            await t.Client.GetInvoiceStatusAsync($"deal-{i}").WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(5, t.Handler.Requests.Count);
    }

    [Fact]
    public async Task A_full_queue_fails_fast_without_sending()
    {
        var gate = new Gate();
        using var t = new TestClient(gate.Handle, o => { o.MaxConcurrentPerMethod = 1; o.QueueLimit = 1; });

        var first = t.Client.GetInvoiceStatusAsync("a");
        await Samples.Eventually(() => gate.InFlight == 1, "first call in flight");
        var second = t.Client.GetInvoiceStatusAsync("b"); // queued

        var error = await Assert.ThrowsAsync<OmieThrottledException>(() => t.Client.GetInvoiceStatusAsync("c"));
        Assert.Equal("StatusOS", error.Method);

        gate.Open();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, gate.Total);
    }

    [Fact]
    public async Task A_pause_holds_every_call_until_the_time_then_lets_them_through()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero));
        // A wait longer than the default MaxQueueWait (30 s) would give up: this test is about the pause itself.
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.StatusOsOk), o => o.MaxQueueWait = TimeSpan.FromHours(1), clock);
        var until = clock.GetUtcNow().AddMinutes(10);

        t.Limiter.PauseUntil(until, "test pause");
        Assert.True(t.Limiter.IsPaused);
        Assert.Equal(until, t.Limiter.PausedUntil);
        Assert.Equal("test pause", t.Limiter.PauseReason);

        var call = t.Client.GetInvoiceStatusAsync("deal-42");
        await Samples.Eventually(() => clock.ActiveTimers > 1, "the call waits on the pause (its MaxQueueWait timer and the pause's)");
        clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(300);
        Assert.False(call.IsCompleted);
        Assert.Empty(t.Handler.Requests);

        clock.Advance(TimeSpan.FromMinutes(1));
        await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(t.Handler.Requests);
        Assert.False(t.Limiter.IsPaused);
        Assert.Null(t.Limiter.PausedUntil);
    }

    [Fact]
    public async Task A_paused_call_can_be_cancelled_and_a_pause_can_be_lifted()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero));
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.StatusOsOk), time: clock);
        t.Limiter.PauseUntil(clock.GetUtcNow().AddHours(2), "blocked");
        t.Limiter.PauseUntil(clock.GetUtcNow().AddMinutes(1), "shorter pauses never shorten a longer one");
        Assert.Equal("blocked", t.Limiter.PauseReason);

        using var cts = new CancellationTokenSource();
        var cancelled = t.Client.GetInvoiceStatusAsync("a", cts.Token);
        var resumed = t.Client.GetInvoiceStatusAsync("b");
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        t.Limiter.Resume();
        await resumed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(t.Handler.Requests);
    }

    [Fact]
    public async Task Misuse_fault_pauses_every_method_for_the_seconds_Omie_names()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero));
        var blocked = true;
        using var t = TestClient.Answering(_ => blocked
            ? FakeHandler.Fault(425, "MISUSE_API_PROCESS", "ERROR: API bloqueada por consumo indevido. Tente novamente em 1678 segundos.")
            : FakeHandler.Json(200, Samples.OsStatusOk), o => o.MaxQueueWait = TimeSpan.FromHours(1), clock);

        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));
        blocked = false;

        Assert.Equal(OmieFaultKind.Blocked, fault.Kind);
        Assert.True(t.Limiter.IsPaused);
        Assert.Equal(clock.GetUtcNow().AddSeconds(1678), t.Limiter.PausedUntil);
        Assert.Contains("consumo indevido", t.Limiter.PauseReason);

        var other = t.Client.InvoiceServiceOrderAsync("deal-42"); // another method: paused too
        await Samples.Eventually(() => clock.ActiveTimers > 1, "the call waits on the pause (its MaxQueueWait timer and the pause's)");
        await Task.Delay(200);
        Assert.False(other.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1678));
        await other.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, t.Handler.Requests.Count);
    }

    [Fact]
    public async Task Misuse_fault_without_seconds_pauses_for_the_default_block()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero));
        using var t = TestClient.Answering(_ => FakeHandler.Text(425, "Too Early"), time: clock);

        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Equal(("HTTP-425", OmieFaultKind.Blocked), (fault.FaultCode, fault.Kind));
        Assert.Equal(clock.GetUtcNow().AddMinutes(30), t.Limiter.PausedUntil);
    }
}
