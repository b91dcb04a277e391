namespace ErpConnector.Service.Replay;

/// <summary>One operator's replay of selected dead-lettered deal.won messages, each audited with its fault reason
/// (read before the messages leave the error queue). The API and the console both call it.</summary>
public sealed class ErrorReplayRun(ErrorQueue queue, ErrorReplayAudit audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<ReplayResult>> ReplayAsync(IReadOnlyCollection<string> ids, string operatorName, string? reason, CancellationToken ct)
    {
        var (listed, _) = await queue.ListAsync(1000, ct);
        var faults = listed.GroupBy(m => m.MessageId).ToDictionary(g => g.Key, g => g.First().FaultMessage);
        var results = await queue.ReplayAsync(ids, ct);
        var now = clock.GetUtcNow();
        foreach (var result in results)
            await audit.RecordAsync(operatorName, queue.QueueName, result, faults.GetValueOrDefault(result.MessageId), reason, now, CancellationToken.None);
        return results;
    }
}
