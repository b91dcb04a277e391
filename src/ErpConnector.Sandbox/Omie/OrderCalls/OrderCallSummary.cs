namespace ErpConnector.Sandbox.Omie.OrderCalls;

/// <summary>
/// One method's calls over every order. <see cref="ResentAfterSuccess"/> counts the orders that were sent the
/// method again after their first applied call had completed (a call arriving later than that completion):
/// a connector that fences its writes never does that for IncluirOS or FaturarOS. <see cref="SentWhileInFlight"/>
/// counts the orders that got a second call while an earlier one was still being served. <see cref="Pending"/>
/// calls have arrived and not completed yet (a reader waits for 0 before counting).
/// </summary>
public sealed record OrderCallSummary(
    int Calls,
    int Orders,
    int Applied,
    int Refused,
    int ResentAfterSuccess,
    int SentWhileInFlight,
    int Pending,
    IReadOnlyList<string> ResentOrders)
{
    public static OrderCallSummary Of(IEnumerable<IReadOnlyList<OrderCall>> perOrder)
    {
        int calls = 0, orders = 0, applied = 0, refused = 0, inFlight = 0, pending = 0;
        var resent = new List<string>();
        foreach (var list in perOrder)
        {
            orders++;
            calls += list.Count;
            applied += list.Count(c => c.Outcome == OrderCall.Applied);
            refused += list.Count(c => c.Outcome == OrderCall.Refused);
            pending += list.Count(c => c.Outcome == OrderCall.Pending);
            var firstSuccess = list.Where(c => c.Outcome == OrderCall.Applied).Min(c => c.CompletedAt);
            if (firstSuccess is { } done && list.Any(c => c.ArrivedAt > done)) resent.Add(list[0].Order);
            if (list.Any(c => list.Any(earlier => !ReferenceEquals(earlier, c) && earlier.ArrivedAt <= c.ArrivedAt && (earlier.CompletedAt is not { } end || end > c.ArrivedAt))))
                inFlight++;
        }
        resent.Sort(StringComparer.Ordinal);
        return new OrderCallSummary(calls, orders, applied, refused, resent.Count, inFlight, pending, resent);
    }
}
