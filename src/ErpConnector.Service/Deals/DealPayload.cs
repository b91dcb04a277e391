using System.Text.Json;
using ErpConnector.Contracts;

namespace ErpConnector.Service.Deals;

/// <summary>The DealWon kept in the ledger, so retries days later need nothing from the bus.</summary>
public static class DealPayload
{
    private const int SummaryFieldLimit = 200;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(DealWon deal) => JsonSerializer.Serialize(deal, Json);

    public static DealWon Deserialize(string payload) =>
        JsonSerializer.Deserialize<DealWon>(payload, Json) ?? throw new InvalidOperationException("Empty deal payload in the ledger.");

    /// <summary>
    /// What finance needs to find an oversized deal.won (ids, customer, total, size), never the message itself:
    /// a rejected megabyte kept whole would grow the ledger by a megabyte per bad publish.
    /// </summary>
    public static string Summary(DealWon deal, long messageBytes) => JsonSerializer.Serialize(new
    {
        // Cut too: an oversized message may be oversized because of its ids.
        DealId = Cut(deal.DealId),
        EventId = Cut(deal.EventId),
        customer = deal.Customer is null ? null : new { legalName = Cut(deal.Customer.LegalName), document = Cut(deal.Customer.Document) },
        deal.Total,
        services = deal.Services?.Count ?? 0,
        omitted = $"The message had {messageBytes} bytes; only this summary was kept.",
    }, Json);

    private static string? Cut(string? value) => value is { Length: > SummaryFieldLimit } ? value[..SummaryFieldLimit] + "…" : value;
}
