using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox.Omie.Limits;

/// <summary>
/// Omie's 60-second rule: the same record queried twice within the window returns data only the first time;
/// the second gets REDUNDANT with the seconds left. Only answers that returned data start the window
/// (UNCONFIRMED: Omie may count any request; flip by calling <see cref="Served"/> on faults too).
/// </summary>
public sealed class RedundancyRule(IOptions<SandboxOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _servedAt = [];

    public void ThrowIfRedundant(string appKey, OmieMethod method, JsonObject param, DateTimeOffset now)
    {
        if (Key(appKey, method, param) is not { } key) return;
        lock (_gate)
        {
            if (_servedAt.TryGetValue(key, out var servedAt) && now - servedAt < options.Value.RedundancyWindow)
            {
                throw Faults.Redundant(Faults.WholeSeconds(servedAt + options.Value.RedundancyWindow - now));
            }
        }
    }

    public void Served(string appKey, OmieMethod method, JsonObject param, DateTimeOffset now)
    {
        if (Key(appKey, method, param) is not { } key) return;
        lock (_gate) _servedAt[key] = now;
    }

    public void Clear()
    {
        lock (_gate) _servedAt.Clear();
    }

    private string? Key(string appKey, OmieMethod method, JsonObject param) =>
        options.Value.EnforceSixtySecondRule && method.Kind == CallKind.Query && method.RecordKey(param) is { } record
            ? $"{appKey}|{method.Service}|{method.Call}|{record}"
            : null;
}
