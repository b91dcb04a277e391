using System.Threading.RateLimiting;

namespace ErpConnector.Omie;

/// <summary>
/// Throttling shared by every Omie caller in the process (register as a singleton). Per call, in order:
/// <list type="number">
/// <item>wait while the app is paused (<see cref="PauseUntil"/>; Omie's "consumo indevido" block);</item>
/// <item>a concurrency slot for the method (<see cref="OmieOptions.MaxConcurrentPerMethod"/>, overridable per method),
/// held until the answer is read;</item>
/// <item>a token from the per-method bucket (<see cref="OmieOptions.RequestsPerMinutePerMethod"/>), then from the
/// per-IP bucket (<see cref="OmieOptions.RequestsPerMinutePerIp"/>).</item>
/// </list>
/// Writes to one record additionally hold that record's lock (<see cref="OmieRecordLocks"/>), taken before the limiter.
/// <para>
/// Why token buckets, not sliding windows: the bucket starts with <c>burst</c> tokens and refills continuously
/// (the partitioned limiter replenishes every 100 ms in proportion to elapsed time) at (limit − burst) per minute, so
/// ANY 60-second window holds at most burst + (limit − burst) = limit calls. A fixed or segmented sliding window
/// can pass up to twice its limit across a window boundary, and Omie does not say how it aligns its minute.
/// The price is throughput of (limit − burst)/min instead of limit/min (232 and 928 with the defaults).
/// </para>
/// The limits are per process: several connector instances behind one IP share Omie's budget and must split it
/// through configuration.
/// </summary>
public sealed class OmieRateLimiter : IDisposable, IAsyncDisposable
{
    private const string IpPartition = "ip";
    private static readonly TimeSpan MaxPauseWaitSlice = TimeSpan.FromHours(1);

    private readonly PartitionedRateLimiter<string> _concurrency;
    private readonly PartitionedRateLimiter<string> _perMethod;
    private readonly PartitionedRateLimiter<string> _perIp;
    private readonly Lock _pauseGate = new();
    private PauseState? _pause;
    private TaskCompletionSource _pauseChanged = NewSignal();

    private sealed record PauseState(DateTimeOffset Until, string Reason);

    public OmieRateLimiter(OmieOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        TimeProvider = timeProvider ?? TimeProvider.System;
        Options = options;
        var queueLimit = options.QueueLimit;

        _concurrency = PartitionedRateLimiter.Create<string, string>(method =>
            RateLimitPartition.GetConcurrencyLimiter(method, m => new ConcurrencyLimiterOptions
            {
                PermitLimit = options.GetMaxConcurrent(m),
                QueueLimit = queueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
        _perMethod = PartitionedRateLimiter.Create<string, string>(method =>
            RateLimitPartition.GetTokenBucketLimiter(method, _ =>
                Bucket(options.RequestsPerMinutePerMethod, options.BurstPerMethod, queueLimit)));
        _perIp = PartitionedRateLimiter.Create<string, string>(_ =>
            RateLimitPartition.GetTokenBucketLimiter(IpPartition, _ =>
                Bucket(options.RequestsPerMinutePerIp, options.BurstPerIp, queueLimit)));
    }

    internal OmieOptions Options { get; }

    /// <summary>The clock used for pauses (and by <see cref="OmieTransport"/> for waits and stated times).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>True while calls are held back (for /health/ready).</summary>
    public bool IsPaused => CurrentPause() is not null;

    /// <summary>Until when calls are held back; null when not paused.</summary>
    public DateTimeOffset? PausedUntil => CurrentPause()?.Until;

    /// <summary>Why calls are held back (the fault that caused it); null when not paused.</summary>
    public string? PauseReason => CurrentPause()?.Reason;

    /// <summary>How much of the per-IP burst is in use right now (tokens taken out of <see cref="OmieOptions.BurstPerIp"/>),
    /// for the console's "Omie budget in use"; the bucket refills continuously at RequestsPerMinutePerIp.</summary>
    public (long InUse, int Capacity, int PerMinute) IpBudget()
    {
        var capacity = Math.Max(1, Options.BurstPerIp);
        var available = _perIp.GetStatistics(IpPartition)?.CurrentAvailablePermits ?? capacity;
        return (Math.Clamp(capacity - available, 0, capacity), capacity, Options.RequestsPerMinutePerIp);
    }

    /// <summary>Holds back every call (all methods) until <paramref name="until"/>. Waiting calls honour their
    /// cancellation token. A pause only ever extends: an earlier <paramref name="until"/> than the current one is ignored
    /// (use <see cref="Resume"/> to lift it).</summary>
    public void PauseUntil(DateTimeOffset until, string reason)
    {
        TaskCompletionSource signal;
        lock (_pauseGate)
        {
            if (until <= TimeProvider.GetUtcNow()) return;
            if (_pause is { } current && current.Until >= until) return;
            _pause = new PauseState(until, reason ?? "");
            signal = _pauseChanged;
            _pauseChanged = NewSignal();
        }
        signal.TrySetResult();
    }

    /// <summary>Lifts a pause at once (e.g. an operator after fixing the cause).</summary>
    public void Resume()
    {
        TaskCompletionSource signal;
        lock (_pauseGate)
        {
            _pause = null;
            signal = _pauseChanged;
            _pauseChanged = NewSignal();
        }
        signal.TrySetResult();
    }

    /// <summary>Returns when no pause is in force (immediately if none).</summary>
    public async Task WaitWhilePausedAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PauseState? pause;
            Task changed;
            lock (_pauseGate)
            {
                pause = _pause;
                changed = _pauseChanged.Task;
            }
            if (pause is null) return;
            var remaining = pause.Until - TimeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                lock (_pauseGate)
                    if (ReferenceEquals(_pause, pause)) _pause = null;
                return;
            }
            if (remaining > MaxPauseWaitSlice) remaining = MaxPauseWaitSlice;

            using var delayCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(remaining, TimeProvider, delayCts.Token);
            await Task.WhenAny(delay, changed).ConfigureAwait(false);
            delayCts.Cancel(); // stop the timer if the pause changed first
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Waits for the pause to end, a concurrency slot and rate tokens for <paramref name="method"/>. Dispose the
    /// result when the answer has been read (it frees the concurrency slot).
    /// </summary>
    /// <exception cref="OmieThrottledException">A local queue is full (<see cref="OmieOptions.QueueLimit"/>).</exception>
    /// <exception cref="OperationCanceledException">The token fired while waiting.</exception>
    public async ValueTask<IDisposable> AcquireAsync(string method, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        while (true)
        {
            await WaitWhilePausedAsync(cancellationToken).ConfigureAwait(false);

            var slot = await _concurrency.AcquireAsync(method, 1, cancellationToken).ConfigureAwait(false);
            if (!slot.IsAcquired)
            {
                slot.Dispose();
                throw new OmieThrottledException(method, "local concurrency queue is full; the call was not sent.");
            }
            try
            {
                using (var token = await _perMethod.AcquireAsync(method, 1, cancellationToken).ConfigureAwait(false))
                    if (!token.IsAcquired)
                        throw new OmieThrottledException(method, "local per-method rate-limit queue is full; the call was not sent.");
                using (var token = await _perIp.AcquireAsync(IpPartition, 1, cancellationToken).ConfigureAwait(false))
                    if (!token.IsAcquired)
                        throw new OmieThrottledException(method, "local per-IP rate-limit queue is full; the call was not sent.");
            }
            catch
            {
                slot.Dispose();
                throw;
            }

            // A pause may have begun while this call waited for its slot/tokens: honour it before sending.
            if (CurrentPause() is not null)
            {
                slot.Dispose();
                continue;
            }
            return slot;
        }
    }

    /// <summary>
    /// The turn at once when nothing stands in the way: no pause, a free concurrency slot, a token in both buckets and
    /// nobody queued for them (a call never overtakes one that waits). Null, with nothing held, when the call has to
    /// wait: then <see cref="AcquireAsync"/> waits as before. Spares the usual call the deadline timer and linked token
    /// that only a wait needs. In the rare race where another call takes the last per-IP token between the check and
    /// this call's attempt, the per-method token this call took is spent without a call: the limiter then runs a
    /// little under its configured rate, never over it.
    /// </summary>
    public IDisposable? TryAcquireNow(string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        // AttemptAcquire itself refuses when the limiter is spent or someone is queued (oldest first), taking nothing.
        // Only the per-IP bucket is looked at first: it is asked last, after a per-method token is already taken.
        if (CurrentPause() is not null || !PerIpHasFreeToken()) return null;
        var slot = _concurrency.AttemptAcquire(method, 1);
        if (slot.IsAcquired)
        {
            using var perMethod = _perMethod.AttemptAcquire(method, 1);
            if (perMethod.IsAcquired)
            {
                using var perIp = _perIp.AttemptAcquire(IpPartition, 1);
                // As in AcquireAsync: a pause that began meanwhile is honoured before anything is sent.
                if (perIp.IsAcquired && CurrentPause() is null) return slot;
            }
        }
        slot.Dispose();
        return null;
    }

    private bool PerIpHasFreeToken() =>
        _perIp.GetStatistics(IpPartition) is not { } stats || stats.CurrentAvailablePermits > 0 && stats.CurrentQueuedCount == 0;

    /// <summary>Concurrency permits currently free for <paramref name="method"/> (diagnostics).</summary>
    public long AvailableConcurrency(string method)
        => _concurrency.GetStatistics(method)?.CurrentAvailablePermits ?? Options.GetMaxConcurrent(method);

    public void Dispose()
    {
        _concurrency.Dispose();
        _perMethod.Dispose();
        _perIp.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _concurrency.DisposeAsync().ConfigureAwait(false);
        await _perMethod.DisposeAsync().ConfigureAwait(false);
        await _perIp.DisposeAsync().ConfigureAwait(false);
    }

    private PauseState? CurrentPause()
    {
        var pause = Volatile.Read(ref _pause);
        return pause is not null && pause.Until > TimeProvider.GetUtcNow() ? pause : null;
    }

    private static TokenBucketRateLimiterOptions Bucket(int perMinute, int burst, int queueLimit) => new()
    {
        TokenLimit = Math.Max(1, burst),
        // Continuous refill (AutoReplenishment = false: the partitioned limiter's 100 ms heartbeat adds
        // tokens in proportion to the time elapsed).
        TokensPerPeriod = Math.Max(1, perMinute - burst),
        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
        AutoReplenishment = false,
        QueueLimit = queueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
