using System.Globalization;

namespace ErpConnector.Benchmarks.Pipeline;

/// <summary>What every pipeline run gives the connector, in process or as processes, on either database: the
/// measured concurrency and prefetch, Omie's quotas lifted (the `budget` suite measures those), the first poll at
/// once and fast sweeps.</summary>
public static class PipelineSettings
{
    public static Dictionary<string, string?> Connector(int concurrency, int prefetch) => new()
    {
        ["Messaging:ConcurrentMessageLimit"] = concurrency.ToString(CultureInfo.InvariantCulture),
        ["Messaging:PrefetchCount"] = prefetch.ToString(CultureInfo.InvariantCulture),
        ["Omie:RequestsPerMinutePerIp"] = "100000000", ["Omie:BurstPerIp"] = "1000000",
        ["Omie:RequestsPerMinutePerMethod"] = "100000000", ["Omie:BurstPerMethod"] = "1000000",
        ["Omie:MaxConcurrentPerMethod"] = "256",
        ["DealProcessing:FirstPollDelay"] = "00:00:00",
        ["DealProcessing:PollInterval"] = "00:00:00.200",
        ["DealProcessing:SweepInterval"] = "00:00:00.200",
    };
}
