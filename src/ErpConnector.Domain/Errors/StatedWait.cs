using System.Text.RegularExpressions;

namespace ErpConnector.Domain.Errors;

/// <summary>
/// Reads the wait Omie states in its messages: the one parser of stated waits, used by the error classifier
/// (a deal's next attempt) and by the Omie transport (how long the app_key is paused).
/// It reads what the text says, however long; <see cref="StatedWaitLimit"/> decides how much of it to honour.
/// </summary>
public static partial class StatedWait
{
    /// <summary>A stated clock time already past by less than this is a late message or clock skew, not tomorrow.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromHours(12);

    [GeneratedRegex(@"\d{1,9}\s*(?:seg|sec|min)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\b(?:[àa]s|at)\s+(?:[01]?\d|2[0-3])[:h][0-5]\d(?::[0-5]\d)?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ClockTime();

    /// <summary>"Aguarde 37 segundos" → now + 37 s; "Tente novamente em 2 minutos" → now + 2 min.</summary>
    public static DateTimeOffset? FromDuration(string message, DateTimeOffset now)
    {
        // EnumerateMatches and span parsing instead of Match: no allocation on the throttling path.
        foreach (var match in Duration().EnumerateMatches(message))
        {
            var text = message.AsSpan(match.Index, match.Length);
            var amount = Digits(text[..DigitCount(text)]);
            var inMinutes = (text[^3] | 0x20) == 'm';
            // At most 9 digits: 999 999 999 minutes is about 1 900 years, a valid TimeSpan; only the sum may overflow.
            var wait = inMinutes ? TimeSpan.FromMinutes(amount) : TimeSpan.FromSeconds(amount);
            return wait >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + wait;
        }
        return null;
    }

    /// <summary>The first time the message states: a duration ("Aguarde 37 segundos") or else a clock time
    /// ("tente novamente às 19:04:08"); null when it states none.</summary>
    public static DateTimeOffset? FromMessage(string message, DateTimeOffset now)
        => FromDuration(message, now) ?? FromClockTime(message, now);

    /// <summary>
    /// "… tente novamente às 19:04:08" → that time today in America/Sao_Paulo; tomorrow when it is more than
    /// 12 hours past (23:59 now, 00:01 stated); now when it is only just past (or more than 12 hours ahead: 00:00 now,
    /// 23:59 stated, i.e. yesterday's), since a late answer must not turn a seconds-long wait into a day.
    /// </summary>
    public static DateTimeOffset? FromClockTime(string message, DateTimeOffset now)
    {
        foreach (var match in ClockTime().EnumerateMatches(message))
        {
            // The match is "às 19:04:08", "as 19h04" or "at 9:05"; the digits start after the white space.
            var text = message.AsSpan(match.Index, match.Length);
            while (!char.IsAsciiDigit(text[0]))
                text = text[1..];
            var hourLength = DigitCount(text);
            var hour = Digits(text[..hourLength]);
            var minute = Digits(text.Slice(hourLength + 1, 2));
            var second = text.Length > hourLength + 3 ? Digits(text[(hourLength + 4)..]) : 0;
            return Resolve(new TimeOnly((int)hour, (int)minute, (int)second), now);
        }
        return null;
    }

    private static DateTimeOffset Resolve(TimeOnly time, DateTimeOffset now)
    {
        var zone = SaoPauloTime.Zone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var stated = At(today, time, zone);
        if (stated < now - Skew)
            return At(today.AddDays(1), time, zone);
        // "às 23:59:59" read at 00:00:05 was yesterday's time, already reached: not a day's wait.
        if (stated > now + Skew)
            return now;
        return stated < now ? now : stated;
    }

    // Plain loops: the span search helpers (IndexOfAnyExceptInRange) allocated here without dynamic PGO.
    private static int DigitCount(ReadOnlySpan<char> text)
    {
        var count = 0;
        while (count < text.Length && char.IsAsciiDigit(text[count]))
            count++;
        return count;
    }

    private static long Digits(ReadOnlySpan<char> digits)
    {
        var value = 0L;
        foreach (var c in digits)
            value = value * 10 + (c - '0');
        return value;
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
