using System.Text.Json;
using ErpConnector.Distributors.Ingest;
using ErpConnector.Distributors.Runs;

namespace ErpConnector.Persistence.Prices;

/// <summary>distributor_feed_runs as stored, and the one UPDATE that records a run's counters and outcome
/// (used by progress, by FinishAsync and inside the apply transaction alike).</summary>
internal sealed class FeedRunRow
{
    public const string Columns = """
        run_id, feed_id, trigger, forced, status, reason, message, rows_read, rows_valid, rows_malformed, rows_expected,
        added, changed, removed, unchanged, bytes_read, bytes_total, row_count_before, row_count_after, malformed_lines,
        created_at, started_at, finished_at, heartbeat_at, events_published
        """;

    public const string Update = """
        UPDATE distributor_feed_runs SET status = @Status, reason = @Reason, message = @Message, rows_read = @RowsRead,
            rows_valid = @RowsValid, rows_malformed = @RowsMalformed, rows_expected = @RowsExpected, added = @Added,
            changed = @Changed, removed = @Removed, unchanged = @Unchanged, bytes_read = @BytesRead, bytes_total = @BytesTotal,
            row_count_before = @RowCountBefore, row_count_after = @RowCountAfter, malformed_lines = @MalformedLines,
            started_at = @StartedAt, finished_at = @FinishedAt, heartbeat_at = @HeartbeatAt
        WHERE run_id = @RunId
        """;

    /// <summary>Outcome of a run → the feed's state; only an applied run moves "last good".</summary>
    public const string UpsertState = """
        INSERT INTO distributor_feed_state (feed_id, last_good_run_id, last_good_at, row_count, last_run_id, last_run_status, last_run_at)
        VALUES (@FeedId, CASE WHEN @Status = 'applied' THEN @RunId END, CASE WHEN @Status = 'applied' THEN @FinishedAt END,
                CASE WHEN @Status = 'applied' THEN @RowCountAfter ELSE 0 END, @RunId, @Status, @FinishedAt)
        ON CONFLICT (feed_id) DO UPDATE SET
            last_good_run_id = CASE WHEN @Status = 'applied' THEN @RunId ELSE last_good_run_id END,
            last_good_at = CASE WHEN @Status = 'applied' THEN @FinishedAt ELSE last_good_at END,
            row_count = CASE WHEN @Status = 'applied' THEN @RowCountAfter ELSE row_count END,
            last_run_id = @RunId, last_run_status = @Status, last_run_at = @FinishedAt
        """;

    public string RunId { get; set; } = "";
    public string FeedId { get; set; } = "";
    public string Trigger { get; set; } = "";
    public bool Forced { get; set; }
    public string Status { get; set; } = "";
    public string? Reason { get; set; }
    public string? Message { get; set; }
    public long RowsRead { get; set; }
    public long RowsValid { get; set; }
    public long RowsMalformed { get; set; }
    public long? RowsExpected { get; set; }
    public long Added { get; set; }
    public long Changed { get; set; }
    public long Removed { get; set; }
    public long Unchanged { get; set; }
    public long BytesRead { get; set; }
    public long? BytesTotal { get; set; }
    public long RowCountBefore { get; set; }
    public long? RowCountAfter { get; set; }
    public string? MalformedLines { get; set; }
    public long CreatedAt { get; set; }
    public long? StartedAt { get; set; }
    public long? FinishedAt { get; set; }
    public long HeartbeatAt { get; set; }
    public bool EventsPublished { get; set; }

    public static FeedRunRow From(FeedRun r) => new()
    {
        RunId = r.RunId, FeedId = r.FeedId, Trigger = r.Trigger, Forced = r.Forced, Status = r.Status, Reason = r.Reason,
        Message = r.Message, RowsRead = r.RowsRead, RowsValid = r.RowsValid, RowsMalformed = r.RowsMalformed,
        RowsExpected = r.RowsExpected, Added = r.Added, Changed = r.Changed, Removed = r.Removed, Unchanged = r.Unchanged,
        BytesRead = r.BytesRead, BytesTotal = r.BytesTotal, RowCountBefore = r.RowCountBefore, RowCountAfter = r.RowCountAfter,
        MalformedLines = r.MalformedLines.Count == 0 ? null : JsonSerializer.Serialize(r.MalformedLines, JsonSerializerOptions.Web),
        CreatedAt = r.CreatedAt.ToUnixTimeMilliseconds(), StartedAt = r.StartedAt?.ToUnixTimeMilliseconds(),
        FinishedAt = r.FinishedAt?.ToUnixTimeMilliseconds(), HeartbeatAt = r.HeartbeatAt.ToUnixTimeMilliseconds(),
        EventsPublished = r.EventsPublished,
    };

    public FeedRun ToRun() => new()
    {
        RunId = RunId, FeedId = FeedId, Trigger = Trigger, Forced = Forced, Status = Status, Reason = Reason, Message = Message,
        RowsRead = RowsRead, RowsValid = RowsValid, RowsMalformed = RowsMalformed, RowsExpected = RowsExpected, Added = Added,
        Changed = Changed, Removed = Removed, Unchanged = Unchanged, BytesRead = BytesRead, BytesTotal = BytesTotal,
        RowCountBefore = RowCountBefore, RowCountAfter = RowCountAfter,
        MalformedLines = MalformedLines is null ? [] : JsonSerializer.Deserialize<List<MalformedLine>>(MalformedLines, JsonSerializerOptions.Web) ?? [],
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), StartedAt = FromMs(StartedAt), FinishedAt = FromMs(FinishedAt),
        HeartbeatAt = DateTimeOffset.FromUnixTimeMilliseconds(HeartbeatAt), EventsPublished = EventsPublished,
    };

    private static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
