namespace ErpConnector.Sandbox.Omie.OrderCalls;

/// <summary>One write call about a service order, as the simulator saw it. Completed once, under the log's lock.</summary>
public sealed class OrderCall(string method, string order, DateTimeOffset arrivedAt)
{
    public const string Pending = "pending";
    public const string Applied = "applied";
    public const string Refused = "refused";
    public const string NotApplied = "not-applied";

    public string Method { get; } = method;

    /// <summary>cCodIntOS (nCodOS when a call names the order only by Omie's id).</summary>
    public string Order { get; } = order;

    public DateTimeOffset ArrivedAt { get; } = arrivedAt;
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary><see cref="Applied"/>, <see cref="Refused"/> (with a fault), <see cref="NotApplied"/> (no verdict: HTTP 500, the client gone before the work), or <see cref="Pending"/>.</summary>
    public string Outcome { get; private set; } = Pending;

    /// <summary>Omie's faultstring for a refusal; the reason for a call not applied.</summary>
    public string? Fault { get; private set; }

    internal void Complete(string outcome, string? fault, DateTimeOffset at)
    {
        if (Outcome != Pending) return; // The first verdict stands: a failed write of the answer does not undo an applied call.
        Outcome = outcome;
        Fault = fault;
        CompletedAt = at;
    }

    internal OrderCall Copy()
    {
        var copy = new OrderCall(Method, Order, ArrivedAt);
        if (Outcome != Pending) copy.Complete(Outcome, Fault, CompletedAt!.Value);
        return copy;
    }
}
