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
            d.Nfse is { } nfse ? new DealNfseView(nfse.Number, nfse.VerificationCode, nfse.Url, nfse.IssuedAt) : null,
            d.Error is { } e ? new DealErrorView(e.Category, e.Code, e.Message, e.CorrectiveAction, d.FailedStep) : null,
            d.Attempts, d.NextDueAt, d.StateSince, d.CreatedAt, d.UpdatedAt, history, taxes, warnings);
    }
}

public sealed record DealNfseView(string Number, string VerificationCode, string Url, DateTimeOffset? IssuedAt);

/// <summary>A deal's last error as finance sees it.</summary>
/// <param name="Category">Kebab-case, e.g. <c>invalid-service-code</c> (or <c>validation</c>, <c>cancelled</c>).</param>
/// <param name="Code">The city's or Omie's code, verbatim.</param>
/// <param name="Message">The city's or Omie's message, verbatim.</param>
/// <param name="CorrectiveAction">What a person does next, "pt / en".</param>
/// <param name="FailedAtStep">The step a failed deal stopped at, where a retry resumes; null otherwise.</param>
public sealed record DealErrorView(string Category, string Code, string Message, string CorrectiveAction, string? FailedAtStep);
