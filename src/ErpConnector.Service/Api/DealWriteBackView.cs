using ErpConnector.Persistence.SalesOs;

namespace ErpConnector.Service.Api;

/// <summary>What the SalesOS deal shows of this deal's invoice, and whether the latest state reached it.</summary>
/// <param name="State">The latest state to show (issued, failed, cancelled, paid).</param>
/// <param name="Status"><c>pending</c> (not yet written, or retrying) or <c>delivered</c>.</param>
/// <param name="Attempts">Failed attempts since the state was enlisted (1 once delivered on the first try).</param>
/// <param name="NextAttemptAt">When a pending write is tried next.</param>
/// <param name="LastError">The last failure, with SalesOS's code, message and request id.</param>
/// <param name="DeliveredState">The last state SalesOS accepted.</param>
/// <param name="DeliveredAt">When it accepted it.</param>
public sealed record DealWriteBackView(
    string State, string Status, int Attempts, DateTimeOffset? NextAttemptAt, string? LastError, string? DeliveredState, DateTimeOffset? DeliveredAt)
{
    public static DealWriteBackView? From(WriteBackRow? row) => row is null ? null
        : new(row.State, row.Status, row.Attempts, row.NextDueAt, row.LastError, row.DeliveredState, row.DeliveredAt);
}
