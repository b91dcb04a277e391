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

/// <summary>One simulated Omie method: its address, what the limits need to know, and its behaviour.</summary>
/// <param name="Service">"module/service", e.g. "geral/clientes".</param>
/// <param name="Call">The method's name as sent in <c>call</c>, e.g. "UpsertCliente".</param>
/// <param name="Kind">Whether it reads or writes, for the limits.</param>
/// <param name="Prepare">
/// Runs OUTSIDE the account's lock: reads and copies what it needs from <c>param</c>, without touching the account's
/// records, and returns the work that runs inside <see cref="OmieAccount.Transact{T}"/>. A fault the request
/// itself deserves is not thrown here but by that work, at the point the checks reach it, so which fault wins
/// when a request has several problems does not depend on this split.
/// </param>
/// <param name="RecordKey">Identifies the record a call is about, for the per-record rules; null when it cannot tell.</param>
public sealed record OmieMethod(string Service, string Call, CallKind Kind, Func<OmieCall, Func<JsonNode>> Prepare, Func<JsonObject, string?> RecordKey);

/// <summary>What a method gets. Only the work <see cref="OmieMethod.Prepare"/> returns may touch <see cref="Account"/>'s state.</summary>
public sealed record OmieCall(JsonObject Param, OmieAccount Account, DateTimeOffset Now);

/// <summary>Helpers for the two halves of a method.</summary>
public static class Prepared
{
    /// <summary>Runs a check outside the lock and keeps the fault it raises, to be rethrown in its place inside.</summary>
    public static System.Runtime.ExceptionServices.ExceptionDispatchInfo? Attempt(Action check)
    {
        try
        {
            check();
            return null;
        }
        catch (Exception e)
        {
            return System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
        }
    }
}

/// <summary>The simulated part of Omie's API surface, looked up the way Omie's PHP layer does: case-insensitively.</summary>
public sealed class OmieMethods(IEnumerable<OmieMethod> methods)
{
    private readonly Dictionary<(string, string), OmieMethod> _byRoute = methods.ToDictionary(
        m => (m.Service.ToLowerInvariant(), m.Call.ToLowerInvariant()));

    public OmieMethod? Find(string service, string call) =>
        _byRoute.GetValueOrDefault((service.ToLowerInvariant(), call.ToLowerInvariant()));

    public static OmieMethods Simulated() => new([.. Customers.CustomerMethods.All, .. ServiceOrders.ServiceOrderMethods.All, .. ServiceOrders.InvoicingMethods.All, .. Catalogues.CatalogueMethods.All, .. Receivables.BoletoMethods.All]);
}
