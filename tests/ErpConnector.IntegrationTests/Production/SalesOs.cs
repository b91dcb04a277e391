using System.Text;
using System.Text.Json;
using ErpConnector.Service.Webhooks;

namespace ErpConnector.IntegrationTests.Production;

/// <summary>SalesOS deliveries as its sender would make them: the envelope, the raw bytes and their signature.</summary>
public static class SalesOs
{
    public static Dictionary<string, object?> DealWonEnvelope(string? id = null, string? dealId = null, DateTimeOffset? createdAt = null, string type = "deal.won", string? taxId = null)
    {
        var builder = DealWonBuilder.AWonDeal();
        if (dealId is not null) builder.WithDealId(dealId);
        if (taxId is not null) builder.WithDocument(taxId);
        var won = builder.Build();
        var customer = won.Customer!;
        var address = customer.Address!;
        var service = won.Services![0];
        return new()
        {
            ["id"] = id ?? $"evt_{Guid.NewGuid():N}",
            ["type"] = type,
            ["createdAt"] = (createdAt ?? DateTimeOffset.UtcNow).ToString("O"),
            ["data"] = new Dictionary<string, object?>
            {
                ["deal"] = new Dictionary<string, object?>
                {
                    ["id"] = won.DealId,
                    ["wonAt"] = won.OccurredAt.ToString("O"),
                    ["currency"] = "BRL",
                    ["amount"] = won.Total,
                    ["company"] = new Dictionary<string, object?>
                    {
                        ["legalName"] = customer.LegalName, ["tradeName"] = customer.TradeName, ["taxId"] = customer.Document,
                        ["email"] = customer.Email, ["phone"] = customer.Phone,
                        ["address"] = new Dictionary<string, object?>
                        {
                            ["street"] = address.Street, ["number"] = address.Number, ["complement"] = address.Complement,
                            ["district"] = address.District, ["city"] = address.City, ["state"] = address.State,
                            ["postalCode"] = address.PostalCode, ["ibgeCode"] = address.CityIbgeCode,
                        },
                    },
                    ["lineItems"] = new[]
                    {
                        new Dictionary<string, object?>
                        {
                            ["serviceCode"] = service.MunicipalCode, ["lc116Code"] = service.Lc116Code, ["description"] = service.Description,
                            ["quantity"] = service.Quantity, ["unitPrice"] = service.UnitPrice,
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
