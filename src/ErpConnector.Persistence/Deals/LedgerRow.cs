using ErpConnector.Domain.Deals;

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
    public bool ClearsStuck { get; set; }
    public string Payload { get; set; } = "";
    public bool PayloadChanged { get; set; }
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
    public long? LeaseToken { get; set; }
    public long StateSince { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long Version { get; set; }
    public string? NfsePdfUrl { get; set; }
    public string? NfseRpsUrl { get; set; }
    public string? NfseStatementUrl { get; set; }
    public string? NfseSubstituteNumber { get; set; }
    public string? CancelReason { get; set; }
    public string? CancelRequestedBy { get; set; }
    public long? CancelRequestedAt { get; set; }
    public long? CancelCalledAt { get; set; }
    public long? CancelledAt { get; set; }
    public string? BoletoLink { get; set; }
    public string? BoletoBarcode { get; set; }
    public string? BoletoNumber { get; set; }
    public decimal? PaidAmount { get; set; }
    public string? PaidOn { get; set; }
    public long? PaidAt { get; set; }

    public static LedgerRow From(Deal deal)
    {
        var d = deal.ToSnapshot();
        return new LedgerRow
        {
            DealId = d.DealId, EventId = d.EventId, State = d.State, Uncertain = d.Uncertain, ResendPending = d.ResendPending,
            FailedStep = d.FailedStep, Stuck = d.Stuck, ClearsStuck = deal.ClearsStuck, Payload = d.Payload, PayloadChanged = deal.PayloadChanged,
            CustomerDocument = d.CustomerDocument, CustomerCode = d.CustomerCode, OmieCustomerId = d.OmieCustomerId,
            OrderCode = d.OrderCode, OmieOrderId = d.OmieOrderId, OrderNumber = d.OrderNumber,
            NfseNumber = d.Nfse?.Number, NfseVerificationCode = d.Nfse?.VerificationCode, NfseUrl = d.Nfse?.Url,
            IssuedAt = d.Nfse?.IssuedAt.ToUnixTimeMilliseconds(), Total = d.Total, Attempts = d.Attempts,
            ErrorCategory = d.Error?.Category, ErrorCode = d.Error?.Code, ErrorMessage = d.Error?.Message,
            CorrectiveAction = d.Error?.CorrectiveAction, NextDueAt = d.NextDueAt?.ToUnixTimeMilliseconds(),
            LeaseOwner = d.Lease?.Owner, LeaseUntil = d.Lease?.Until.ToUnixTimeMilliseconds(), LeaseToken = d.Lease?.Token,
            StateSince = d.StateSince.ToUnixTimeMilliseconds(), CreatedAt = d.CreatedAt.ToUnixTimeMilliseconds(),
            UpdatedAt = d.UpdatedAt.ToUnixTimeMilliseconds(), Version = d.Version,
            NfsePdfUrl = d.Nfse?.PdfUrl, NfseRpsUrl = d.Nfse?.RpsUrl, NfseStatementUrl = d.Nfse?.StatementPdfUrl,
            NfseSubstituteNumber = d.Nfse?.SubstituteNumber,
            CancelReason = d.Cancellation?.Reason, CancelRequestedBy = d.Cancellation?.RequestedBy,
            CancelRequestedAt = d.Cancellation?.RequestedAt.ToUnixTimeMilliseconds(),
            CancelCalledAt = d.Cancellation?.CalledAt?.ToUnixTimeMilliseconds(),
            CancelledAt = d.Cancellation?.CancelledAt?.ToUnixTimeMilliseconds(),
            BoletoLink = d.Boleto?.Link, BoletoBarcode = d.Boleto?.Barcode, BoletoNumber = d.Boleto?.Number,
            PaidAmount = d.Payment?.Amount, PaidOn = d.Payment?.PaidOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            PaidAt = d.Payment?.RecordedAt.ToUnixTimeMilliseconds(),
        };
    }

    public Deal ToDeal() => Deal.Restore(new DealSnapshot
    {
        DealId = DealId, EventId = EventId, State = State, Uncertain = Uncertain, ResendPending = ResendPending,
        FailedStep = FailedStep, Stuck = Stuck, Payload = Payload, CustomerDocument = CustomerDocument,
        CustomerCode = CustomerCode, OmieCustomerId = OmieCustomerId, OrderCode = OrderCode, OmieOrderId = OmieOrderId,
        OrderNumber = OrderNumber,
        // An issued deal always has its NFS-e number; the other two may be empty when the city sent none.
        Nfse = NfseNumber is null ? null : new DealNfse(NfseNumber, NfseVerificationCode ?? "", NfseUrl ?? "", FromMs(IssuedAt) ?? FromMs(StateSince)!.Value)
        {
            PdfUrl = NfsePdfUrl ?? "", RpsUrl = NfseRpsUrl ?? "", StatementPdfUrl = NfseStatementUrl ?? "", SubstituteNumber = NfseSubstituteNumber,
        },
        Cancellation = CancelRequestedAt is null && CancelledAt is null ? null
            : new DealCancellation(CancelReason ?? "", CancelRequestedBy ?? "", FromMs(CancelRequestedAt ?? CancelledAt)!.Value, FromMs(CancelCalledAt), FromMs(CancelledAt)),
        Boleto = BoletoLink is null && BoletoBarcode is null ? null : new DealBoleto(BoletoLink ?? "", BoletoBarcode ?? "", BoletoNumber ?? ""),
        Payment = PaidAt is null ? null : new DealPayment(PaidAmount,
            DateOnly.TryParseExact(PaidOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var paidOn) ? paidOn : null,
            FromMs(PaidAt)!.Value),
        Total = Total, Attempts = Attempts,
        Error = ErrorCode is null && ErrorMessage is null && ErrorCategory is null ? null
            : new DealError(ErrorCategory ?? "unknown", ErrorCode ?? "", ErrorMessage ?? "", CorrectiveAction ?? ""),
        NextDueAt = FromMs(NextDueAt),
        Lease = LeaseOwner is null || LeaseUntil is null ? null : new DealLease(LeaseOwner, FromMs(LeaseUntil)!.Value, LeaseToken ?? 0),
        StateSince = FromMs(StateSince)!.Value, CreatedAt = FromMs(CreatedAt)!.Value, UpdatedAt = FromMs(UpdatedAt)!.Value,
        Version = Version,
    });

    private static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
