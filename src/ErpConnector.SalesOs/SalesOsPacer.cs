using System.Globalization;

namespace ErpConnector.SalesOs;

/// <summary>
/// Keeps the process inside SalesOS's plan limit (100, 500 or 2,000 requests a minute): every response's
/// <c>X-RateLimit-Remaining</c>/<c>X-RateLimit-Reset</c> is remembered, and once the window has nothing left the
/// next call waits for its reset instead of earning a 429. A 429's <c>Retry-After</c> holds every call of the
/// process until then, so none is made before it. One per process (singleton).
/// </summary>
public sealed class SalesOsPacer(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private int? _remaining;
    private DateTimeOffset _resetAt = DateTimeOffset.MinValue;

    public TimeProvider Clock => clock;

    /// <summary>No call before this (a 429's Retry-After).</summary>
    public DateTimeOffset PausedUntil { get { lock (_gate) return _pausedUntil; } }

    /// <summary>Waits until a call may be made, and counts it against the window.</summary>
    public async Task WaitTurnAsync(CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = clock.GetUtcNow();
                if (now < _pausedUntil) wait = _pausedUntil - now;
                else if (_remaining is <= 0 && now < _resetAt) wait = _resetAt - now;
                else
                {
                    if (_remaining is { } r) _remaining = r - 1; // calls in flight count before their answers arrive
                    return;
                }
            }
            await Task.Delay(wait, clock, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Remembers a response's <c>X-RateLimit-*</c> headers (reset in epoch seconds, or seconds from now
    /// when small: UNCONFIRMED which SalesOS sends).</summary>
    public void Observe(string? remaining, string? reset)
    {
        if (!int.TryParse(remaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out var left)) return;
        var now = clock.GetUtcNow();
        var resetAt = ParseReset(reset, now) ?? now + TimeSpan.FromMinutes(1);
        lock (_gate)
        {
            // A newer window replaces the old one; within a window the smaller count is the truer one.
            if (resetAt > _resetAt + TimeSpan.FromSeconds(1) || _remaining is null || left < _remaining) _remaining = left;
            _resetAt = resetAt;
        }
    }

    /// <summary>Holds every call until <paramref name="until"/> (a 429's Retry-After).</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        lock (_gate)
            if (until > _pausedUntil) _pausedUntil = until;
    }

    /// <summary><c>Retry-After</c> as seconds or an HTTP date; a missing or unreadable one means a second.</summary>
    public static TimeSpan ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(Math.Min(seconds, 24 * 3600));
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at > now ? at - now : TimeSpan.Zero;
        return TimeSpan.FromSeconds(1);
    }

    private static DateTimeOffset? ParseReset(string? value, DateTimeOffset now)
    {
        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0) return null;
        return n > 1_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(n) : now + TimeSpan.FromSeconds(Math.Min(n, 3600));
    }
}
