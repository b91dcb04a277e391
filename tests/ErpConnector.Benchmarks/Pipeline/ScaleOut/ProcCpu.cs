using System.Globalization;

namespace ErpConnector.Benchmarks.Pipeline.ScaleOut;

/// <summary>
/// CPU time from /proc (Linux): one process's user+system time, the sum over every process of one program (PostgreSQL's
/// backends, RabbitMQ's Erlang VM), and the whole machine's busy time. Zero where /proc is not there.
/// </summary>
public static class ProcCpu
{
    // USER_HZ: /proc reports clock ticks of 1/100 s on every Linux the project runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan OfProcess(int pid) => TimeSpan.FromSeconds(Ticks(pid) / TicksPerSecond);

    /// <summary>Σ user+system of every live process whose command is <paramref name="command"/> (e.g. "postgres"), plus
    /// the time of their children already reaped (PostgreSQL's postmaster reaps a backend whose connection closed),
    /// so the sum does not drop when a pool closes idle connections in the middle of a round.</summary>
    public static TimeSpan OfCommand(string command)
    {
        if (!Directory.Exists("/proc")) return TimeSpan.Zero;
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd() == command) ticks += Ticks(pid, withReapedChildren: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The machine's busy CPU time (all cores: everything but idle and iowait) since boot.</summary>
    public static TimeSpan MachineBusy()
    {
        if (!File.Exists("/proc/stat")) return TimeSpan.Zero;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user)
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields.Length > 7 ? fields[7] : 0);
        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }

    private static long Ticks(int pid, bool withReapedChildren = false)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command may hold spaces and parentheses: the fields start after its last ')'. utime, stime: 14th,
            // 15th; cutime, cstime (children waited for): 16th, 17th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var own = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return withReapedChildren ? own + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture) : own;
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }
}
