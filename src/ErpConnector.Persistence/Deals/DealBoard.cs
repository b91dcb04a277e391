using Dapper;
using ErpConnector.Domain.Deals;

namespace ErpConnector.Persistence.Deals;

/// <summary>How many deals reached each state in a period (from one grouped query).</summary>
/// <param name="State">A <see cref="DealState"/>.</param>
/// <param name="Stuck">Flagged stuck.</param>
/// <param name="Uncertain">The last Omie call's outcome is unknown.</param>
/// <param name="Today">Created since the start of today.</param>
/// <param name="Period">Created since the start of the period (the month).</param>
public sealed record DealStateCount(string State, bool Stuck, bool Uncertain, long Today, long Period);

/// <summary>A page of the attention list. <paramref name="Next"/> is the cursor of the following page, null on the last.</summary>
public sealed record AttentionPage(IReadOnlyList<Deal> Items, AttentionCursor? Next);

/// <summary>Keyset position: the last row's change time and id (rows are ordered newest change first, then id).</summary>
public sealed record AttentionCursor(long UpdatedAt, string DealId)
{
    public override string ToString() => $"{UpdatedAt}~{DealId}";

    public static AttentionCursor? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var split = text.IndexOf('~', StringComparison.Ordinal);
        return split > 0 && long.TryParse(text.AsSpan(0, split), out var at) ? new AttentionCursor(at, text[(split + 1)..]) : null;
    }
}

/// <param name="State">"failed", "rejected", "awaiting-city", "stuck", "uncertain", or null for all five; any other state lists that state.</param>
/// <param name="From">Changed at or after (inclusive).</param>
/// <param name="To">Changed before (exclusive).</param>
/// <param name="Search">Deal id (exact), CPF/CNPJ digits/letters (the stored, normalised document) or part of the customer's name.</param>
/// <param name="After">Keyset cursor of the page before.</param>
/// <param name="PageSize">Rows per page.</param>
public sealed record AttentionQuery(string? State, DateTimeOffset? From, DateTimeOffset? To, string? Search, AttentionCursor? After, int PageSize);

/// <summary>
/// The console's read-only views of the ledger: counts by state for the overview and the paged list of deals that
/// need a person. Every statement is bounded (a period through ix_deals_created, the attention subset through the
/// partial index ix_deals_attention, keyset paging), so a ledger of millions of issued deals costs nothing here.
/// One implementation for both providers: the statements are plain SQL both engines read alike.
/// </summary>
public sealed class DealBoard(ConnectionFactory connections)
{
    /// <summary>The attention predicate, word for word the partial index's (script 0410), so both engines use it.</summary>
    private const string NeedsAttention = "(state IN ('failed', 'rejected', 'awaiting-city') OR stuck = TRUE OR uncertain = TRUE)";

    public async Task<IReadOnlyList<DealStateCount>> CountByStateAsync(DateTimeOffset periodStart, DateTimeOffset todayStart, CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<(string State, bool Stuck, bool Uncertain, long Today, long Period)>(new CommandDefinition(
            """
            SELECT state, stuck, uncertain, SUM(CASE WHEN created_at >= @today THEN 1 ELSE 0 END) AS today, COUNT(*) AS period
            FROM deals WHERE created_at >= @period GROUP BY state, stuck, uncertain
            """,
            new { period = periodStart.ToUnixTimeMilliseconds(), today = todayStart.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return rows.Select(r => new DealStateCount(r.State, r.Stuck, r.Uncertain, r.Today, r.Period)).ToList();
    }

    /// <summary>Deals needing a person now, whenever they were created: failed, rejected, awaiting the city, stuck, uncertain.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountAttentionAsync(CancellationToken ct)
    {
        await using var db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<(string State, bool Stuck, bool Uncertain, long Count)>(new CommandDefinition(
            $"SELECT state, stuck, uncertain, COUNT(*) AS count FROM deals WHERE {NeedsAttention} GROUP BY state, stuck, uncertain",
            cancellationToken: ct));
        var counts = new Dictionary<string, long> { ["failed"] = 0, ["rejected"] = 0, [DealState.AwaitingCity] = 0, ["stuck"] = 0, ["uncertain"] = 0 };
        foreach (var r in rows)
        {
            if (r.State is DealState.Failed or DealState.Rejected or DealState.AwaitingCity) counts[r.State] += r.Count;
            if (r.Stuck) counts["stuck"] += r.Count;
            if (r.Uncertain) counts["uncertain"] += r.Count;
        }
        return counts;
    }

    public async Task<AttentionPage> AttentionAsync(AttentionQuery query, CancellationToken ct)
    {
        // Any other state (e.g. "issued", from an overview count) lists that state through ix_deals_state instead.
        var other = query.State is not null && DealState.All.Contains(query.State) && query.State is not (DealState.Failed or DealState.Rejected or DealState.AwaitingCity);
        var where = new List<string> { other ? "state = @State" : NeedsAttention };
        var search = query.Search?.Trim();
        var documentDigits = search is null ? "" : new string(search.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
        switch (query.State)
        {
            case DealState.Failed or DealState.Rejected or DealState.AwaitingCity: where.Add("state = @State"); break;
            case "stuck": where.Add("stuck = TRUE"); break;
            case "uncertain": where.Add("uncertain = TRUE"); break;
        }
        if (query.From is not null) where.Add("updated_at >= @from");
        if (query.To is not null) where.Add("updated_at < @to");
        if (!string.IsNullOrEmpty(search))
            // Deal id exactly, the normalised document (masked or not: only its letters and digits are compared), or
            // the customer's name inside the stored deal.won (only within the attention subset, never the whole ledger).
            where.Add(documentDigits.Length >= 11
                ? "(deal_id = @search OR customer_document = @document OR LOWER(payload) LIKE @name ESCAPE '\\')"
                : "(deal_id = @search OR LOWER(payload) LIKE @name ESCAPE '\\')");
        if (query.After is not null) where.Add("(updated_at < @afterAt OR (updated_at = @afterAt AND deal_id < @afterId))");

        await using var db = await connections.OpenAsync(ct);
        var rows = (await db.QueryAsync<LedgerRow>(new CommandDefinition(
            $"SELECT {LedgerSql.Columns} FROM deals WHERE {string.Join(" AND ", where)} ORDER BY updated_at DESC, deal_id DESC LIMIT @limit",
            new
            {
                query.State,
                from = query.From?.ToUnixTimeMilliseconds(),
                to = query.To?.ToUnixTimeMilliseconds(),
                search,
                document = documentDigits,
                name = $"%{EscapeLike(search?.ToLowerInvariant() ?? "")}%",
                afterAt = query.After?.UpdatedAt,
                afterId = query.After?.DealId,
                limit = query.PageSize + 1,
            }, cancellationToken: ct))).ToList();
        var more = rows.Count > query.PageSize;
        if (more) rows.RemoveAt(rows.Count - 1);
        var next = more ? new AttentionCursor(rows[^1].UpdatedAt, rows[^1].DealId) : null;
        return new AttentionPage(rows.Select(r => r.ToDeal()).ToList(), next);
    }

    // LIKE wildcards typed by a person are taken literally ("%" must not match every row); both engines read ESCAPE '\'.
    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
