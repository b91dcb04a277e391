using System.Text.Json;
using ErpConnector.Contracts;

namespace ErpConnector.Service.Deals;

/// <summary>The DealWon kept in the ledger, so retries days later need nothing from the bus.</summary>
public static class DealPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(DealWon deal) => JsonSerializer.Serialize(deal, Json);

    public static DealWon Deserialize(string payload) =>
        JsonSerializer.Deserialize<DealWon>(payload, Json) ?? throw new InvalidOperationException("Empty deal payload in the ledger.");
}
