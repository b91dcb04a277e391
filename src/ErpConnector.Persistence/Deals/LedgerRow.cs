namespace ErpConnector.Persistence.Deals;

/// <summary>A deal as both ledgers store it: times as Unix milliseconds (plain integer compares on every engine),
/// the total as a decimal (SQLite keeps it as invariant text, PostgreSQL as numeric).</summary>
internal sealed class LedgerRow
{
    public string DealId { get; set; } = "";
    public string EventId { get; set; } = "";
    public string State { get; set; } = "";
    public bool Uncertain { get; set; }
    public bool ResendPending { get; set; }
    public string? FailedStep { get; set; }
    public bool Stuck { get; set; }
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
    public long? IssuedAt { get; set; }
    public decimal Total { get; set; }
    public int Attempts { get; set; }
    public string? ErrorCategory { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? CorrectiveAction { get; set; }
    public long? NextDueAt { get; set; }
    public string? LeaseOwner { get; set; }
    public long? LeaseUntil { get; set; }
    public long StateSince { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long Version { get; set; }

    public static LedgerRow From(DealRecord d) => new()
    {
        DealId = d.DealId, EventId = d.EventId, State = d.State, Uncertain = d.Uncertain, ResendPending = d.ResendPending, FailedStep = d.FailedStep, Stuck = d.Stuck,
        Payload = d.Payload, CustomerDocument = d.CustomerDocument, CustomerCode = d.CustomerCode,
        OmieCustomerId = d.OmieCustomerId, OrderCode = d.OrderCode, OmieOrderId = d.OmieOrderId,
        OrderNumber = d.OrderNumber, NfseNumber = d.NfseNumber, NfseVerificationCode = d.NfseVerificationCode,
        NfseUrl = d.NfseUrl, IssuedAt = d.IssuedAt?.ToUnixTimeMilliseconds(), Total = d.Total, Attempts = d.Attempts,
        ErrorCategory = d.ErrorCategory, ErrorCode = d.ErrorCode, ErrorMessage = d.ErrorMessage,
        CorrectiveAction = d.CorrectiveAction, NextDueAt = d.NextDueAt?.ToUnixTimeMilliseconds(),
        LeaseOwner = d.LeaseOwner, LeaseUntil = d.LeaseUntil?.ToUnixTimeMilliseconds(),
        StateSince = d.StateSince.ToUnixTimeMilliseconds(), CreatedAt = d.CreatedAt.ToUnixTimeMilliseconds(),
        UpdatedAt = d.UpdatedAt.ToUnixTimeMilliseconds(), Version = d.Version,
    };

    public DealRecord ToRecord() => new()
    {
        DealId = DealId, EventId = EventId, State = State, Uncertain = Uncertain, ResendPending = ResendPending, FailedStep = FailedStep, Stuck = Stuck, Payload = Payload,
        CustomerDocument = CustomerDocument, CustomerCode = CustomerCode, OmieCustomerId = OmieCustomerId,
        OrderCode = OrderCode, OmieOrderId = OmieOrderId, OrderNumber = OrderNumber, NfseNumber = NfseNumber,
        NfseVerificationCode = NfseVerificationCode, NfseUrl = NfseUrl, IssuedAt = FromMs(IssuedAt),
        Total = Total, Attempts = Attempts,
        ErrorCategory = ErrorCategory, ErrorCode = ErrorCode, ErrorMessage = ErrorMessage,
        CorrectiveAction = CorrectiveAction, NextDueAt = FromMs(NextDueAt), LeaseOwner = LeaseOwner,
        LeaseUntil = FromMs(LeaseUntil), StateSince = DateTimeOffset.FromUnixTimeMilliseconds(StateSince),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt), Version = Version,
    };

    private static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
