using Dapper;
using ErpConnector.Persistence;

namespace ErpConnector.Service.Console.Actions;

public sealed record ConsoleActionEntry(DateTimeOffset At, string Who, string Action, string Target, string Outcome, string? Detail);

/// <summary>Every action taken in the console, with who took it (table console_actions, script 0400), beside a log line.</summary>
public sealed partial class ConsoleAudit(ConnectionFactory connections, TimeProvider clock, ILogger<ConsoleAudit> log)
{
    public async Task RecordAsync(string who, string action, string target, string outcome, string? detail = null)
    {
        LogAction(log, action, target, outcome, who);
        await using var db = await connections.OpenAsync(CancellationToken.None);
        // Never cancelled: an action that happened is recorded even if the browser went away.
        await db.ExecuteAsync(
            "INSERT INTO console_actions (at, who, action, target, outcome, detail) VALUES (@at, @who, @action, @target, @outcome, @detail)",
            new { at = clock.GetUtcNow().ToUnixTimeMilliseconds(), who, action, target = Cap(target), outcome, detail = detail is null ? null : Cap(detail) });
    }

    public async Task<IReadOnlyList<ConsoleActionEntry>> RecentAsync(string? target, int limit, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<(long At, string Who, string Action, string Target, string Outcome, string? Detail)>(new CommandDefinition(
            target is null
                ? "SELECT at, who, action, target, outcome, detail FROM console_actions ORDER BY id DESC LIMIT @limit"
                : "SELECT at, who, action, target, outcome, detail FROM console_actions WHERE target = @target ORDER BY id DESC LIMIT @limit",
            new { target, limit }, cancellationToken: ct));
        return rows.Select(r => new ConsoleActionEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Who, r.Action, r.Target, r.Outcome, r.Detail)).ToList();
    }

    private static string Cap(string text) => text.Length <= 500 ? text : text[..500];

    [LoggerMessage(Level = LogLevel.Information, Message = "Console: {Action} on {Target} -> {Outcome} by {Who}")]
    private static partial void LogAction(ILogger log, string action, string target, string outcome, string who);
}
