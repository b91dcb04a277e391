namespace ErpConnector.Persistence.Deals;

/// <summary>The statements both ledgers run unchanged; engine-specific ones (claims, locking) stay with each ledger.</summary>
internal static class LedgerSql
{
    public const string Columns = """
        deal_id, event_id, state, uncertain, resend_pending, failed_step, stuck, payload, customer_document, customer_code, omie_customer_id,
        order_code, omie_order_id, order_number, nfse_number, nfse_verification_code, nfse_url, issued_at, total,
        attempts, error_category, error_code, error_message, corrective_action, next_due_at, lease_owner, lease_until,
        state_since, created_at, updated_at, version
        """;

    public const string Parameters = """
        @DealId, @EventId, @State, @Uncertain, @ResendPending, @FailedStep, @Stuck, @Payload, @CustomerDocument, @CustomerCode, @OmieCustomerId,
        @OrderCode, @OmieOrderId, @OrderNumber, @NfseNumber, @NfseVerificationCode, @NfseUrl, @IssuedAt, @Total,
        @Attempts, @ErrorCategory, @ErrorCode, @ErrorMessage, @CorrectiveAction, @NextDueAt, @LeaseOwner, @LeaseUntil,
        @StateSince, @CreatedAt, @UpdatedAt, @Version
        """;

    /// <summary>Saves every mutable column if nobody changed the row since it was read (optimistic concurrency).</summary>
    public const string Save = """
            UPDATE deals SET state = @State, uncertain = @Uncertain, resend_pending = @ResendPending, failed_step = @FailedStep, stuck = @Stuck, payload = @Payload,
                customer_document = @CustomerDocument, customer_code = @CustomerCode, omie_customer_id = @OmieCustomerId,
                order_code = @OrderCode, omie_order_id = @OmieOrderId, order_number = @OrderNumber,
                nfse_number = @NfseNumber, nfse_verification_code = @NfseVerificationCode, nfse_url = @NfseUrl,
                issued_at = @IssuedAt, total = @Total, attempts = @Attempts, error_category = @ErrorCategory,
                error_code = @ErrorCode, error_message = @ErrorMessage, corrective_action = @CorrectiveAction,
                next_due_at = @NextDueAt, lease_owner = @LeaseOwner, lease_until = @LeaseUntil,
                state_since = @StateSince, updated_at = @UpdatedAt, version = version + 1
            WHERE deal_id = @DealId AND version = @Version
        """;

    public const string RecordEvent =
        "INSERT INTO processed_events (event_id, deal_id, received_at) VALUES (@EventId, @DealId, @CreatedAt) ON CONFLICT (event_id) DO NOTHING";
}
