namespace ErpConnector.Persistence.Deals;

/// <summary>The ledger's statements. They run unchanged on SQLite and PostgreSQL (both read TRUE/FALSE, OR on
/// booleans and RETURNING); the one engine-specific piece, PostgreSQL's row-locking clause, is a parameter.</summary>
internal static class LedgerSql
{
    public const string Columns = """
        deal_id, event_id, state, uncertain, resend_pending, failed_step, stuck, payload, customer_document, customer_code, omie_customer_id,
        order_code, omie_order_id, order_number, nfse_number, nfse_verification_code, nfse_url, issued_at, total,
        attempts, error_category, error_code, error_message, corrective_action, next_due_at, lease_owner, lease_until, lease_token,
        state_since, created_at, updated_at, version,
        nfse_pdf_url, nfse_rps_url, nfse_statement_url, nfse_substitute_number,
        cancel_reason, cancel_requested_by, cancel_requested_at, cancel_called_at, cancelled_at,
        boleto_link, boleto_barcode, boleto_number, paid_amount, paid_on, paid_at
        """;

    public const string Parameters = """
        @DealId, @EventId, @State, @Uncertain, @ResendPending, @FailedStep, @Stuck, @Payload, @CustomerDocument, @CustomerCode, @OmieCustomerId,
        @OrderCode, @OmieOrderId, @OrderNumber, @NfseNumber, @NfseVerificationCode, @NfseUrl, @IssuedAt, @Total,
        @Attempts, @ErrorCategory, @ErrorCode, @ErrorMessage, @CorrectiveAction, @NextDueAt, @LeaseOwner, @LeaseUntil, @LeaseToken,
        @StateSince, @CreatedAt, @UpdatedAt, @Version,
        @NfsePdfUrl, @NfseRpsUrl, @NfseStatementUrl, @NfseSubstituteNumber,
        @CancelReason, @CancelRequestedBy, @CancelRequestedAt, @CancelCalledAt, @CancelledAt,
        @BoletoLink, @BoletoBarcode, @BoletoNumber, @PaidAmount, @PaidOn, @PaidAt
        """;

    public const string Create = $"INSERT INTO deals ({Columns}) VALUES ({Parameters}) ON CONFLICT (deal_id) DO NOTHING";

    public const string Get = $"SELECT {Columns} FROM deals WHERE deal_id = @dealId";

    /// <summary>
    /// Saves every column the deal owns if nobody changed the row since it was read (optimistic concurrency).
    /// The lease columns are left alone (a concurrent renewal may have extended them) unless the lease is released;
    /// <c>stuck</c> is only ever cleared here, never set back from a stale copy (the stuck job sets it beside workers).
    /// The payload, the row's largest column, is written again only when it changed (a correction).
    /// </summary>
    public const string Save = """
            UPDATE deals SET state = @State, event_id = @EventId, uncertain = @Uncertain, resend_pending = @ResendPending, failed_step = @FailedStep,
                stuck = CASE WHEN @ClearsStuck THEN FALSE ELSE stuck END, payload = CASE WHEN @PayloadChanged THEN @Payload ELSE payload END,
                customer_document = @CustomerDocument, customer_code = @CustomerCode, omie_customer_id = @OmieCustomerId,
                order_code = @OrderCode, omie_order_id = @OmieOrderId, order_number = @OrderNumber,
                nfse_number = @NfseNumber, nfse_verification_code = @NfseVerificationCode, nfse_url = @NfseUrl,
                issued_at = @IssuedAt, total = @Total, attempts = @Attempts, error_category = @ErrorCategory,
                error_code = @ErrorCode, error_message = @ErrorMessage, corrective_action = @CorrectiveAction,
                next_due_at = @NextDueAt,
                nfse_pdf_url = @NfsePdfUrl, nfse_rps_url = @NfseRpsUrl, nfse_statement_url = @NfseStatementUrl,
                nfse_substitute_number = @NfseSubstituteNumber, cancel_reason = @CancelReason,
                cancel_requested_by = @CancelRequestedBy, cancel_requested_at = @CancelRequestedAt,
                cancel_called_at = @CancelCalledAt, cancelled_at = @CancelledAt, boleto_link = @BoletoLink,
                boleto_barcode = @BoletoBarcode, boleto_number = @BoletoNumber, paid_amount = @PaidAmount,
                paid_on = @PaidOn, paid_at = @PaidAt,
                lease_owner = CASE WHEN @ReleaseLease THEN NULL ELSE lease_owner END,
                lease_until = CASE WHEN @ReleaseLease THEN NULL ELSE lease_until END,
                lease_token = CASE WHEN @ReleaseLease THEN NULL ELSE lease_token END,
                state_since = @StateSince, updated_at = @UpdatedAt, version = version + 1
            WHERE deal_id = @DealId AND version = @Version
        """;

    /// <summary>Claims one deal whose lease is free or expired. A claim bumps the version and stamps the lease with it
    /// (the fencing token). Taking over an expired lease marks the deal uncertain.</summary>
    public const string ClaimOne = $"""
            UPDATE deals SET lease_owner = @owner, lease_until = @until, lease_token = version + 1, version = version + 1,
                uncertain = (uncertain OR (lease_owner IS NOT NULL AND lease_until < @now))
            WHERE deal_id = @dealId AND (lease_until IS NULL OR lease_until < @now)
            RETURNING {Columns}
            """;

    /// <summary>Claims due deals in one statement, so concurrent sweepers never both take one. The outer WHERE repeats
    /// the lease condition: on PostgreSQL a sweeper that waited for a row lock re-checks it against the committed row.</summary>
    public static string ClaimDue(string rowLockClause) => $"""
            UPDATE deals SET lease_owner = @owner, lease_until = @until, lease_token = version + 1, version = version + 1,
                uncertain = (uncertain OR lease_owner IS NOT NULL)
            WHERE deal_id IN (
                SELECT deal_id FROM deals
                WHERE next_due_at IS NOT NULL AND next_due_at <= @now AND (lease_until IS NULL OR lease_until < @now)
                ORDER BY next_due_at LIMIT @limit {rowLockClause})
              AND next_due_at IS NOT NULL AND (lease_until IS NULL OR lease_until < @now)
            RETURNING {Columns}
            """;

    /// <summary>Extends a lease only for the worker that still holds it with the same fencing token.</summary>
    public const string Renew = """
            UPDATE deals SET lease_until = @until
            WHERE deal_id = @dealId AND lease_owner = @owner AND lease_token = @token
            """;

    public const string RecordEvent =
        "INSERT INTO processed_events (event_id, deal_id, received_at) VALUES (@eventId, @dealId, @at) ON CONFLICT (event_id) DO NOTHING";

    public const string AppendHistory = "INSERT INTO deal_history (deal_id, at, state, note) VALUES (@dealId, @at, @state, @note)";

    public const string AppendNote = """
            INSERT INTO deal_history (deal_id, at, state, note) SELECT deal_id, @at, state, @note FROM deals WHERE deal_id = @dealId
            """;

    public const string History = "SELECT at, state, note FROM deal_history WHERE deal_id = @dealId ORDER BY id";

    public const string MarkStuck = """
            UPDATE deals SET stuck = TRUE
            WHERE deal_id = @dealId AND stuck = FALSE AND state NOT IN ('issued', 'failed', 'rejected', 'cancelled', 'paid', 'awaiting-city', 'cancel-requested', 'dismissed')
            RETURNING state
            """;

    public const string NewlyStuck = $"""
            SELECT {Columns} FROM deals
            WHERE stuck = FALSE AND state NOT IN ('issued', 'failed', 'rejected', 'cancelled', 'paid', 'awaiting-city', 'cancel-requested', 'dismissed') AND created_at < @olderThan
            ORDER BY created_at LIMIT @limit
            """;

    public static string List(string? filter) => $"""
            SELECT {Columns} FROM deals WHERE {filter switch
            {
                null or "" => "TRUE",
                "stuck" => "stuck = TRUE",
                "uncertain" => "uncertain = TRUE",
                _ => "state = @Filter",
            }} ORDER BY updated_at DESC, deal_id LIMIT @PageSize OFFSET @Offset
            """;
}
