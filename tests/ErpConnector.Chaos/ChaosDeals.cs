using System.Text.Json.Nodes;
using ErpConnector.Domain.Deals;
using ErpConnector.TestSupport.Deals;
using ErpConnector.TestSupport.TaxIds;

namespace ErpConnector.Chaos;

/// <summary>The deals of a scenario: what the tally needs to find each one again (customer document, order code).</summary>
public static class ChaosDeals
{
    public sealed record Deal(string DealId, string Document, string OrderCode);

    public static Deal New(string prefix, int index)
    {
        var dealId = $"{prefix}-{index:D4}";
        return new Deal(dealId, TaxIdGenerator.NextCnpj(), OrderIntegrationCode.For(dealId));
    }

    /// <summary>deal.won as a CRM sends it, with a fresh event id unless one is given.</summary>
    public static JsonObject Body(Deal deal, string? eventId = null)
    {
        var builder = DealWonBuilder.AWonDeal().WithDealId(deal.DealId).WithDocument(deal.Document);
        if (eventId is not null) builder.WithEventId(eventId);
        return DealWonJson.Body(builder.Build());
    }

    public static byte[] Json(JsonNode body) => DealWonJson.Bytes(body);
}
