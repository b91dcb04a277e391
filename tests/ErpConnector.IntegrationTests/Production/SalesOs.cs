using System.Text;
using System.Text.Json;
using ErpConnector.IntegrationTests.Fixtures;
using ErpConnector.Service.Webhooks;

namespace ErpConnector.IntegrationTests.Production;

/// <summary>SalesOS deliveries as its sender would make them: the envelope, the raw bytes and their signature.</summary>
public static class SalesOs
{
    public static Dictionary<string, object?> DealWonEnvelope(string? id = null, string? dealId = null, DateTimeOffset? createdAt = null, string type = "deal.won", string? taxId = null)
    {
        var won = Fixtures.Deals.Won(dealId, taxId);
        var customer = (Dictionary<string, object?>)won["customer"]!;
        var address = (Dictionary<string, object?>)customer["address"]!;
        var service = ((Dictionary<string, object?>[])won["services"]!)[0];
        return new()
        {
            ["id"] = id ?? $"evt_{Guid.NewGuid():N}",
            ["type"] = type,
            ["createdAt"] = (createdAt ?? DateTimeOffset.UtcNow).ToString("O"),
            ["data"] = new Dictionary<string, object?>
            {
                ["deal"] = new Dictionary<string, object?>
                {
                    ["id"] = won["dealId"],
                    ["wonAt"] = won["occurredAt"],
                    ["currency"] = "BRL",
                    ["amount"] = won["total"],
                    ["company"] = new Dictionary<string, object?>
                    {
                        ["legalName"] = customer["legalName"], ["tradeName"] = customer["tradeName"], ["taxId"] = customer["document"],
                        ["email"] = customer["email"], ["phone"] = customer["phone"],
                        ["address"] = new Dictionary<string, object?>
                        {
                            ["street"] = address["street"], ["number"] = address["number"], ["complement"] = address["complement"],
                            ["district"] = address["district"], ["city"] = address["city"], ["state"] = address["state"],
                            ["postalCode"] = address["postalCode"], ["ibgeCode"] = address["cityIbgeCode"],
                        },
                    },
                    ["lineItems"] = new[]
                    {
                        new Dictionary<string, object?>
                        {
                            ["serviceCode"] = service["municipalCode"], ["lc116Code"] = service["lc116Code"], ["description"] = service["description"],
                            ["quantity"] = service["quantity"], ["unitPrice"] = service["unitPrice"],
                        },
                    },
                },
            },
        };
    }

    public static string DealId(Dictionary<string, object?> envelope) =>
        (string)((Dictionary<string, object?>)((Dictionary<string, object?>)envelope["data"]!)["deal"]!)["id"]!;

    public static byte[] Bytes(object envelope) => JsonSerializer.SerializeToUtf8Bytes(envelope, JsonSerializerOptions.Web);

    public static HttpRequestMessage Delivery(byte[] body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SalesOsWebhookEndpoint.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (signature is not null) request.Headers.TryAddWithoutValidation(SalesOsSignature.HeaderName, signature);
        return request;
    }

    public static HttpRequestMessage Signed(byte[] body, string secret = ProductionSettings.WebhookSecret) =>
        Delivery(body, SalesOsSignature.Sign(body, secret));

    public static HttpRequestMessage Signed(object envelope) => Signed(Bytes(envelope));

    public static string Text(byte[] body) => Encoding.UTF8.GetString(body);
}
