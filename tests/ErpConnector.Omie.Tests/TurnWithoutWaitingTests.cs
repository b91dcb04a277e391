namespace ErpConnector.Omie.Tests;

/// <summary>
/// The turn taken at once (no deadline timer, no linked token) when nothing stands in the way. It must give exactly
/// what a wait would have given: never a turn past a pause, a full concurrency limit, an empty bucket or a queued
/// waiter, and nothing kept when it says "wait".
/// </summary>
public sealed class TurnWithoutWaitingTests
{
    private static OmieRateLimiter Limiter(Action<OmieOptions>? configure = null)
    {
        var options = new OmieOptions
        {
            AppKey = TestClient.AppKey, AppSecret = TestClient.AppSecret,
            RequestsPerMinutePerIp = 1_000_000, BurstPerIp = 100_000,
            RequestsPerMinutePerMethod = 1_000_000, BurstPerMethod = 100_000,
            MaxConcurrentPerMethod = 2,
        };
        configure?.Invoke(options);
        return new OmieRateLimiter(options);
    }

    [Fact]
    public void A_free_limiter_gives_the_turn_and_a_full_one_gives_nothing_and_keeps_nothing()
    {
        using var limiter = Limiter();

        var first = limiter.TryAcquireNow("StatusOS");
        var second = limiter.TryAcquireNow("StatusOS");
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(limiter.TryAcquireNow("StatusOS"));
        Assert.Equal(0, limiter.AvailableConcurrency("StatusOS"));
        Assert.NotNull(limiter.TryAcquireNow("FaturarOS")); // its own slots

        first!.Dispose();
        Assert.Equal(1, limiter.AvailableConcurrency("StatusOS"));
        using var third = limiter.TryAcquireNow("StatusOS");
        Assert.NotNull(third);
        second!.Dispose();
    }

    [Fact]
    public void Nothing_is_given_while_Omie_calls_are_paused()
    {
        using var limiter = Limiter();
        limiter.PauseUntil(DateTimeOffset.UtcNow.AddMinutes(5), "test");

        Assert.Null(limiter.TryAcquireNow("StatusOS"));
        Assert.Equal(2, limiter.AvailableConcurrency("StatusOS"));

        limiter.Resume();
        using var turn = limiter.TryAcquireNow("StatusOS");
        Assert.NotNull(turn);
    }

    [Fact]
    public async Task An_empty_bucket_gives_nothing_and_does_not_overtake_the_call_queued_for_it()
    {
        // 3/minute with a burst of 1: one token now, the next ~30 s later.
        using var limiter = Limiter(o => { o.RequestsPerMinutePerMethod = 3; o.BurstPerMethod = 1; });
        (await limiter.AcquireAsync("StatusOS")).Dispose();
        using var cts = new CancellationTokenSource();
        var queued = limiter.AcquireAsync("StatusOS", cts.Token).AsTask();
        Assert.False(queued.IsCompleted);

        Assert.Null(limiter.TryAcquireNow("StatusOS"));
        Assert.Equal(1, limiter.AvailableConcurrency("StatusOS")); // the queued call holds its slot, the attempt none

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
    }

    [Fact]
    public async Task A_record_lock_is_only_taken_at_once_when_nobody_holds_or_awaits_it()
    {
        var locks = new OmieRecordLocks();
        var held = await locks.LockAsync("os:1");
        Assert.Null(locks.TryLockNow("os:1"));
        Assert.Equal(1, locks.Count); // the failed attempt left no entry of its own

        var waiter = locks.LockAsync("os:1").AsTask();
        held.Dispose();
        var handedOver = await waiter.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(locks.TryLockNow("os:1")); // the waiter got it first

        handedOver.Dispose();
        var now = locks.TryLockNow("os:1");
        Assert.NotNull(now);
        var late = locks.LockAsync("os:1").AsTask();
        await Task.Delay(200); // a lock taken "at once" that was not exclusive would let it in meanwhile
        Assert.False(late.IsCompleted);
        now!.Dispose();
        (await late.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        await Samples.Eventually(() => locks.Count == 0, "the entry forgotten once nobody holds or awaits it");
    }
}
