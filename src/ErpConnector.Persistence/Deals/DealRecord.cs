namespace ErpConnector.Persistence.Deals;

/// <summary>One row of the deal ledger. Mutable on purpose: the processor advances it step by step
/// and saves it with optimistic concurrency on <see cref="Version"/>.</summary>
public sealed class DealRecord
{
    public string DealId { get; set; } = "";
    public string EventId { get; set; } = "";
    public string State { get; set; } = DealState.Received;
    /// <summary>The last call's outcome is unknown (timeout, lost response): ask Omie before resending.</summary>
    public bool Uncertain { get; set; }
    /// <summary>The city rejected the RPS for a transient reason: the next attempt resends it (after checking status).</summary>
    public bool ResendPending { get; set; }
    /// <summary>The step a failed deal stopped at, so a retry resumes there.</summary>
    public string? FailedStep { get; set; }
    public bool Stuck { get; set; }
    /// <summary>The DealWon message as JSON, so later steps and retries need nothing else.</summary>
    public string Payload { get; set; } = "";
    public string? CustomerDocument { get; set; }
    public string? CustomerCode { get; set; }
    public long? OmieCustomerId { get; set; }
    public string? OrderCode { get; set; }
    public long? OmieOrderId { get; set; }
    public string? OrderNumber { get; set; }
    public string? NfseNumber { get; set; }
    public string? NfseVerificationCode { get; set; }
    public string? NfseUrl { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    public decimal Total { get; set; }
    public int Attempts { get; set; }
    public string? ErrorCategory { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? CorrectiveAction { get; set; }
    public DateTimeOffset? NextDueAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset StateSince { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public void MoveTo(string state, DateTimeOffset now)
    {
        if (State != state) StateSince = now;
        State = state;
    }

    public void ClearError()
    {
        ErrorCategory = ErrorCode = ErrorMessage = CorrectiveAction = null;
    }
}

public sealed record DealHistoryEntry(DateTimeOffset At, string State, string Note);
