namespace ErpConnector.Persistence.Postgres.Prices;

/// <summary>FeedRunRow.UpsertState for PostgreSQL: in ON CONFLICT DO UPDATE an unqualified column is ambiguous
/// (target row or excluded), so the kept values name the table. Same parameters (a FeedRunRow), same meaning:
/// only an applied run moves "last good".</summary>
internal static class PostgresFeedState
{
    public const string Upsert = """
        INSERT INTO distributor_feed_state AS s (feed_id, last_good_run_id, last_good_at, row_count, last_run_id, last_run_status, last_run_at)
        VALUES (@FeedId, CASE WHEN @Status = 'applied' THEN @RunId END, CASE WHEN @Status = 'applied' THEN @FinishedAt END,
                CASE WHEN @Status = 'applied' THEN @RowCountAfter ELSE 0 END, @RunId, @Status, @FinishedAt)
        ON CONFLICT (feed_id) DO UPDATE SET
            last_good_run_id = CASE WHEN @Status = 'applied' THEN @RunId ELSE s.last_good_run_id END,
            last_good_at = CASE WHEN @Status = 'applied' THEN @FinishedAt ELSE s.last_good_at END,
            row_count = CASE WHEN @Status = 'applied' THEN @RowCountAfter ELSE s.row_count END,
            last_run_id = @RunId, last_run_status = @Status, last_run_at = @FinishedAt
        """;
}
