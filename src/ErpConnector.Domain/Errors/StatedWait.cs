using System.Globalization;
using System.Text.RegularExpressions;

namespace ErpConnector.Domain.Errors;

/// <summary>Reads the wait Omie states in its messages.</summary>
internal static partial class StatedWait
{
    /// <summary>A misread number must not park a deal for years; the stuck-deal alarm covers anything longer.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    /// <summary>A stated clock time already past by less than this is a late message or clock skew, not tomorrow.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromHours(12);

    [GeneratedRegex(@"(?<n>\d{1,9})\s*(?<unit>seg|sec|min)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\b(?:[àa]s|at)\s+(?<h>[01]?\d|2[0-3])[:h](?<m>[0-5]\d)(?::(?<s>[0-5]\d))?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ClockTime();

    /// <summary>"Aguarde 37 segundos" → now + 37 s; "Tente novamente em 2 minutos" → now + 2 min.</summary>
    public static DateTimeOffset? FromDuration(string message, DateTimeOffset now)
    {
        var match = Duration().Match(message);
        if (!match.Success)
            return null;
        var amount = long.Parse(match.Groups["n"].ValueSpan, CultureInfo.InvariantCulture);
        var wait = char.ToLowerInvariant(match.Groups["unit"].ValueSpan[0]) == 'm'
            ? TimeSpan.FromMinutes(Math.Min(amount, (long)Longest.TotalMinutes))
            : TimeSpan.FromSeconds(Math.Min(amount, (long)Longest.TotalSeconds));
        return now + wait;
    }

    /// <summary>
    /// "… tente novamente às 19:04:08" → that time today in America/Sao_Paulo; tomorrow when it is more than
    /// 12 hours past (23:59 now, 00:01 stated); now when it is only just past, since a late answer must not
    /// turn a seconds-long wait into a day.
    /// </summary>
    public static DateTimeOffset? FromClockTime(string message, DateTimeOffset now)
    {
        var match = ClockTime().Match(message);
        if (!match.Success)
            return null;
        var time = new TimeOnly(
            int.Parse(match.Groups["h"].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["m"].ValueSpan, CultureInfo.InvariantCulture),
            match.Groups["s"].Success ? int.Parse(match.Groups["s"].ValueSpan, CultureInfo.InvariantCulture) : 0);

        var zone = SaoPauloTime.Zone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var stated = At(today, time, zone);
        if (stated < now - Skew)
            return At(today.AddDays(1), time, zone);
        return stated < now ? now : stated;
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
