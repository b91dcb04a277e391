using System.Text.Json;
using System.Text.Json.Nodes;
using ErpConnector.Contracts;

namespace ErpConnector.TestSupport.Deals;

/// <summary>
/// deal.won as a CRM puts it on the wire: plain camelCase JSON. The <see cref="JsonObject"/> form is for tests that
/// break one field (a wrong type, a missing member) before sending.
/// </summary>
public static class DealWonJson
{
    public static JsonObject Body(DealWon deal) => JsonSerializer.SerializeToNode(deal, JsonSerializerOptions.Web)!.AsObject();

    public static byte[] Bytes(DealWon deal) => JsonSerializer.SerializeToUtf8Bytes(deal, JsonSerializerOptions.Web);

    public static byte[] Bytes(JsonNode body) => JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web);

    /// <summary>The same deal announced again by a new event (a CRM retry or a second button press).</summary>
    public static JsonObject WithNewEvent(JsonObject body)
    {
        var copy = body.DeepClone().AsObject();
        copy["eventId"] = Guid.NewGuid().ToString();
        return copy;
    }
}
