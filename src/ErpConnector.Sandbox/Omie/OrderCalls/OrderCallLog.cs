using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie.OrderCalls;

/// <summary>
/// Every IncluirOS, FaturarOS, ReenviarOS and CancelarOS per order integration code (cCodIntOS): when it arrived, when it
/// completed, and whether it was applied or refused. Omie keeps no such log; the chaos suite reads it to prove
/// that no order was written again after a write had succeeded (fencing), which call counts alone cannot show.
/// </summary>
public sealed class OrderCallLog(TimeProvider clock)
{
    /// <summary>The order writes whose repetition could create a second order or a second invoice request.</summary>
    public static readonly IReadOnlyList<string> Methods = ["IncluirOS", "FaturarOS", "ReenviarOS", "CancelarOS"];

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Method, string Order), List<OrderCall>> _calls = [];

    /// <summary>Records the arrival of a call, or returns null when it is not an order write or names no order.</summary>
    public OrderCall? Arrived(OmieMethod? method, JsonObject param)
    {
        if (method is null || !Methods.Contains(method.Call) || method.RecordKey(param) is not { Length: > 0 } order) return null;
        var call = new OrderCall(method.Call, order, clock.GetUtcNow());
        lock (_gate)
        {
            if (!_calls.TryGetValue((method.Call, order), out var list)) _calls[(method.Call, order)] = list = [];
            list.Add(call);
        }
        return call;
    }

    public void Applied(OrderCall? call) => Complete(call, OrderCall.Applied, null);

    public void Refused(OrderCall? call, string fault) => Complete(call, OrderCall.Refused, fault);

    public void NotApplied(OrderCall? call, string reason) => Complete(call, OrderCall.NotApplied, reason);

    /// <summary>Every logged call about <paramref name="order"/>, oldest first.</summary>
    public IReadOnlyList<OrderCall> For(string order)
    {
        lock (_gate)
        {
            return [.. _calls.Where(kv => kv.Key.Order == order).SelectMany(kv => kv.Value).Select(c => c.Copy()).OrderBy(c => c.ArrivedAt)];
        }
    }

    /// <summary>Per method (all three always present): calls, orders, and the orders written again after a success.</summary>
    public IReadOnlyDictionary<string, OrderCallSummary> Summary()
    {
        lock (_gate)
        {
            return Methods.ToDictionary(m => m, m => OrderCallSummary.Of(_calls.Where(kv => kv.Key.Method == m).Select(kv => (IReadOnlyList<OrderCall>)kv.Value)));
        }
    }

    public void Clear()
    {
        lock (_gate) _calls.Clear();
    }

    private void Complete(OrderCall? call, string outcome, string? fault)
    {
        if (call is null) return;
        lock (_gate) call.Complete(outcome, fault, clock.GetUtcNow());
    }
}
