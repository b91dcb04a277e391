using Dapper;
using ErpConnector.Persistence;

namespace ErpConnector.Service.Replay;

public sealed record ErrorReplayAuditEntry(long Id, DateTimeOffset At, string Operator, string Queue, string MessageId, string? DealId, string? FaultMessage, string? Reason, string Outcome);

/// <summary>Who replayed which dead-lettered message, when and why (table error_replays, DbUp script 0002 per provider).</summary>
public sealed class ErrorReplayAudit(ConnectionFactory connections)
{
    public async Task RecordAsync(string operatorName, string queue, ReplayResult result, string? faultMessage, string? reason, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        await db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO error_replays (at, operator, queue, message_id, deal_id, fault_message, reason, outcome)
            VALUES (@at, @operatorName, @queue, @MessageId, @DealId, @faultMessage, @reason, @Outcome)
            """,
            new { at = at.ToUnixTimeMilliseconds(), operatorName, queue, result.MessageId, result.DealId, faultMessage, reason, result.Outcome },
            cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ErrorReplayAuditEntry>> RecentAsync(int limit, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<(long Id, long At, string Operator, string Queue, string MessageId, string? DealId, string? FaultMessage, string? Reason, string Outcome)>(
            new CommandDefinition(
                "SELECT id, at, operator, queue, message_id, deal_id, fault_message, reason, outcome FROM error_replays ORDER BY id DESC LIMIT @limit",
                new { limit }, cancellationToken: ct));
        return rows.Select(r => new ErrorReplayAuditEntry(r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Operator, r.Queue, r.MessageId,
            r.DealId, r.FaultMessage, r.Reason, r.Outcome)).ToList();
    }
}
