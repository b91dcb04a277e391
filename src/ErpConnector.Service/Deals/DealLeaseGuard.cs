using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;

namespace ErpConnector.Service.Deals;

/// <summary>
/// Keeps a deal's lease while one pass works on it, and fences every Omie write.
/// <list type="bullet">
/// <item>A heartbeat renews the lease every third of its length (started by a timer when the first renewal is due),
/// so a pass that outlives it (Omie slower than the lease) is not taken over while it is still working.</item>
/// <item><see cref="ProveAsync"/> renews it immediately before each Omie write with the claim's fencing token: if
/// another worker took the deal over, the write is not sent. This holds across instances on one PostgreSQL database,
/// since the proof is a conditional UPDATE of the shared row.</item>
/// <item>When the heartbeat learns the lease is gone — or cannot reach the ledger until the lease has run out —
/// <see cref="Token"/> is cancelled and the pass stops.</item>
/// </list>
/// </summary>
public sealed partial class DealLeaseGuard : IAsyncDisposable
{
    private readonly Deal _deal;
    private readonly IDealLedger _ledger;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _firstBeat;
    private readonly Lock _gate = new();
    private Task? _heartbeat;
    private bool _stopped;
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    public DealLeaseGuard(Deal deal, IDealLedger ledger, TimeSpan lease, TimeProvider clock, ILogger logger)
    {
        _deal = deal;
        _ledger = ledger;
        _lease = lease;
        _clock = clock;
        _logger = logger;
        // The heartbeat starts only when the first renewal is due (a third into the lease): most passes end long before,
        // and then all a guard costs is one timer, never a task, a delay or a cancellation.
        var firstRenewal = deal.Lease is { } current ? current.Until - _lease + _lease / 3 - clock.GetUtcNow() : TimeSpan.Zero;
        _firstBeat = clock.CreateTimer(static guard => ((DealLeaseGuard)guard!).BeginHeartbeat(), this,
            firstRenewal > TimeSpan.Zero ? firstRenewal : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled when the lease is lost.</summary>
    public CancellationToken Token => _lost.Token;

    /// <summary>True once the lease is known lost.</summary>
    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>Proves this worker still holds the deal (and extends the lease); throws <see cref="DealLeaseLostException"/> when not.</summary>
    /// <remarks>A lease this worker was granted or renewed less than a third of its length ago is proved without asking
    /// the ledger: every claim (sweeper, consumer, retry, cancel, dismiss, push) takes only a deal whose lease has run
    /// out, so nobody else can hold it before <c>Until</c>, and the margin left (two thirds of the lease, 80 s by
    /// default) is far beyond the clock difference between instances. Past that point, or once the heartbeat has
    /// seen the lease lost, the proof is the ledger's conditional renewal. This saves a ledger write before each of a
    /// fresh deal's three Omie writes (the pipeline benchmark's evidence is in BENCHMARKS.md).</remarks>
    public async Task ProveAsync(CancellationToken ct)
    {
        if (!IsLost && _deal.Lease is { } held && held.Until - _clock.GetUtcNow() >= _lease - _lease / 3) return;
        if (!IsLost && await _ledger.RenewLeaseAsync(_deal, _clock.GetUtcNow(), _lease, ct)) return;
        await _lost.CancelAsync();
        throw new DealLeaseLostException(_deal.DealId);
    }

    /// <summary>Stops the heartbeat (before the save that releases the lease).</summary>
    public async Task StopAsync()
    {
        Task? running;
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            running = _heartbeat;
        }
        await _firstBeat.DisposeAsync();
        if (running is null) return;
        await _stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _lost.Dispose();
    }

    private void BeginHeartbeat()
    {
        lock (_gate)
        {
            if (_stopped) return;
            _heartbeat = Task.Run(HeartbeatAsync);
        }
    }

    private async Task HeartbeatAsync()
    {
        var every = _lease / 3;
        while (!_stop.IsCancellationRequested && !IsLost)
        {
            if (_deal.Lease is not { } current) return;
            // Renew a third into the current lease, counted from when it was granted, not from when this task got to
            // run: a busy thread pool must not eat the margin.
            var wait = current.Until - _lease + every - _clock.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, _clock, _stop.Token);
            try
            {
                if (await _ledger.RenewLeaseAsync(_deal, _clock.GetUtcNow(), _lease, _stop.Token)) continue;
                LogLost(_deal.DealId);
                await _lost.CancelAsync();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The ledger is unreachable: keep trying while the lease lasts; past it, another worker may own the deal.
                if (_deal.Lease is not { } held || _clock.GetUtcNow() >= held.Until - every)
                {
                    LogUnrenewable(ex, _deal.DealId);
                    await _lost.CancelAsync();
                    return;
                }
                await Task.Delay(RetryAfterFailure, _clock, _stop.Token);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deal {DealId}: lease taken over by another worker; this pass stops")]
    private partial void LogLost(string dealId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deal {DealId}: lease could not be renewed before it ran out; this pass stops")]
    private partial void LogUnrenewable(Exception ex, string dealId);
}
