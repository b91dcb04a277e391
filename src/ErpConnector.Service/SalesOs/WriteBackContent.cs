using System.Text.Json;
using ErpConnector.Domain.Deals;

namespace ErpConnector.Service.SalesOs;

/// <summary>What a write-back shows on the SalesOS deal, captured from the deal when its state was saved (so a
/// later change of the deal cannot alter what an earlier state said). Field names are applied at delivery.</summary>
public sealed record WriteBackContent(
    string InvoiceStatus, string? NfseNumber, string? VerificationCode, string? PdfUrl,
    string? FailureReason, string? CorrectiveAction, string? OmieOrderNumber)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The deal states shown on SalesOS ("cancelled" and "paid" as the lifecycle names them).</summary>
    public static readonly IReadOnlySet<string> WrittenStates = new HashSet<string>(StringComparer.Ordinal)
    {
        DealState.Issued, DealState.Failed, "cancelled", "paid",
    };

    public static WriteBackContent From(Deal deal) => new(
        deal.State,
        deal.Nfse?.Number, deal.Nfse?.VerificationCode, deal.Nfse?.Url,
        // The reason and fix only for a failure: an issued deal's earlier retried error is not shown as its reason.
        deal.State == DealState.Failed ? deal.Error?.Message : null,
        deal.State == DealState.Failed ? deal.Error?.CorrectiveAction : null,
        deal.OrderNumber);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static WriteBackContent FromJson(string json) =>
        JsonSerializer.Deserialize<WriteBackContent>(json, Json) ?? throw new JsonException("empty write-back content");

    /// <summary>The custom fields to PATCH: every configured name, with the marker of this write.</summary>
    public IReadOnlyDictionary<string, string?> ToCustomFields(SalesOsFieldNames names, string marker)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        void Put(string name, string? value)
        {
            if (name.Length > 0) fields[name] = value;
        }
        Put(names.InvoiceStatus, InvoiceStatus);
        Put(names.NfseNumber, NfseNumber);
        Put(names.VerificationCode, VerificationCode);
        Put(names.PdfUrl, PdfUrl);
        Put(names.FailureReason, FailureReason);
        Put(names.CorrectiveAction, CorrectiveAction);
        Put(names.OmieOrderNumber, OmieOrderNumber);
        Put(names.SyncMarker, marker);
        return fields;
    }

    /// <summary>The marker written with a write-back: the deal and the outbox sequence it came from.</summary>
    public static string Marker(string dealId, long seq) => $"{dealId}:{seq}";
}
