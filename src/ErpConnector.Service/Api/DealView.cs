using ErpConnector.Domain.Deals;
using ErpConnector.Domain.Deals.Taxes;

namespace ErpConnector.Service.Api;

/// <summary>What finance sees of a deal: where it is, its Omie and NFS-e data, the last error verbatim with the fix,
/// and its taxes (gross, withheld, net) with any warning about them: unusual rates the deal sends, and (with the
/// history, i.e. for one deal) where Omie's computed taxes differ from the connector's.</summary>
public sealed record DealView(
    string DealId, string EventId, string State, bool Uncertain, bool Stuck, decimal Total,
    string? CustomerDocument, long? OmieCustomerId, string? OrderIntegrationCode, long? OmieOrderId, string? OrderNumber,
    DealNfseView? Nfse, DealErrorView? LastError, int Attempts, DateTimeOffset? NextAttemptAt,
    DateTimeOffset StateSince, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<DealHistoryEntry>? History,
    DealTaxesView? Taxes, IReadOnlyList<DealWarning> Warnings, DealWriteBackView? SalesOs = null)
{
    /// <summary>The cancellation asked for, if any (issue 11).</summary>
    public DealCancellation? Cancellation { get; init; }
    /// <summary>The boleto Omie generated, if any.</summary>
    public DealBoleto? Boleto { get; init; }
    /// <summary>The settlement, once paid.</summary>
    public DealPayment? Payment { get; init; }

    public static DealView From(Deal d, IReadOnlyList<DealHistoryEntry>? history)
    {
        var (taxes, payloadWarnings) = DealTaxesView.FromPayload(d.Payload);
        // Differences with Omie's computed taxes live in the history (TaxCheckNote); a list without history shows
        // only what the payload tells. A comparison repeated after an uncertain attempt is shown once.
        IReadOnlyList<DealWarning> warnings = history is null
            ? payloadWarnings
            : [.. payloadWarnings.Concat(history.Select(h => TaxCheckNote.TryParse(h.Note)).OfType<DealWarning>()).Distinct()];
        return new(
            d.DealId, d.EventId, d.State, d.Uncertain, d.Stuck, d.Total, d.CustomerDocument, d.OmieCustomerId, d.OrderCode,
            d.OmieOrderId, d.OrderNumber,
            d.Nfse is { } nfse ? new DealNfseView(nfse.Number, nfse.VerificationCode, nfse.Url, nfse.IssuedAt)
            {
                PdfUrl = nfse.PdfUrl, RpsUrl = nfse.RpsUrl, StatementPdfUrl = nfse.StatementPdfUrl, SubstituteNumber = nfse.SubstituteNumber,
                XmlPath = $"/api/deals/{Uri.EscapeDataString(d.DealId)}/nfse.xml", PdfPath = $"/api/deals/{Uri.EscapeDataString(d.DealId)}/nfse.pdf",
            } : null,
            d.Error is { } e ? new DealErrorView(e.Category, e.Code, e.Message, e.CorrectiveAction, d.FailedStep) : null,
            d.Attempts, d.NextDueAt, d.StateSince, d.CreatedAt, d.UpdatedAt, history, taxes, warnings)
        {
            Cancellation = d.Cancellation, Boleto = d.Boleto, Payment = d.Payment,
        };
    }
}

public sealed record DealNfseView(string Number, string VerificationCode, string Url, DateTimeOffset? IssuedAt)
{
    /// <summary>Omie's PDF for the customer (cUrlPdfDest); empty when none.</summary>
    public string PdfUrl { get; init; } = "";
    /// <summary>Omie's RPS link (cUrlRps); empty when none.</summary>
    public string RpsUrl { get; init; } = "";
    /// <summary>Omie's statement PDF (cUrlPdfDemo); empty when none.</summary>
    public string StatementPdfUrl { get; init; } = "";
    /// <summary>The NFS-e that replaced this one, if any.</summary>
    public string? SubstituteNumber { get; init; }
    /// <summary>The connector's copy of the authorised XML (404 when none is archived).</summary>
    public string XmlPath { get; init; } = "";
    /// <summary>Redirects to Omie's PDF (404 when Omie gave none).</summary>
    public string PdfPath { get; init; } = "";
}

/// <summary>A deal's last error as finance sees it.</summary>
/// <param name="Category">Kebab-case, e.g. <c>invalid-service-code</c> (or <c>validation</c>, <c>cancelled</c>).</param>
/// <param name="Code">The city's or Omie's code, verbatim.</param>
/// <param name="Message">The city's or Omie's message, verbatim.</param>
/// <param name="CorrectiveAction">What a person does next, "pt / en".</param>
/// <param name="FailedAtStep">The step a failed deal stopped at, where a retry resumes; null otherwise.</param>
public sealed record DealErrorView(string Category, string Code, string Message, string CorrectiveAction, string? FailedAtStep);
