using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie;

/// <summary>What the limits need to know about a call besides its name.</summary>
public enum CallKind
{
    /// <summary>Reads a record: subject to the 60-second rule.</summary>
    Query,

    /// <summary>Creates or changes a record: two at once for the same record are refused (Client-1100).</summary>
    Write,
}

/// <param name="Service">"module/service", e.g. "geral/clientes".</param>
/// <param name="RecordKey">Identifies the record a call is about, for the per-record rules; null when it cannot tell.</param>
public sealed record OmieMethod(string Service, string Call, CallKind Kind, Func<OmieCall, JsonNode> Handle, Func<JsonObject, string?> RecordKey);

/// <summary>What a method handler gets: it runs inside <see cref="OmieAccount.Transact{T}"/>, so it may touch state freely.</summary>
public sealed record OmieCall(JsonObject Param, OmieAccount Account, DateTimeOffset Now);

/// <summary>The simulated part of Omie's API surface, looked up the way Omie's PHP layer does: case-insensitively.</summary>
public sealed class OmieMethods(IEnumerable<OmieMethod> methods)
{
    private readonly Dictionary<(string, string), OmieMethod> _byRoute = methods.ToDictionary(
        m => (m.Service.ToLowerInvariant(), m.Call.ToLowerInvariant()));

    public OmieMethod? Find(string service, string call) =>
        _byRoute.GetValueOrDefault((service.ToLowerInvariant(), call.ToLowerInvariant()));

    public static OmieMethods Simulated() => new([.. Customers.CustomerMethods.All, .. ServiceOrders.ServiceOrderMethods.All, .. ServiceOrders.InvoicingMethods.All]);
}
