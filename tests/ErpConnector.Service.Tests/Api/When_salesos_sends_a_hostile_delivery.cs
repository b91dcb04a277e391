using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ErpConnector.Service.Webhooks;
using Microsoft.Data.Sqlite;

namespace ErpConnector.Service.Tests.Api;

/// <summary>
/// Signed deliveries with ids no SalesOS sends (10 KB, NUL, line breaks): the delivery id becomes a key of
/// webhook_deliveries and the deal's event id, which PostgreSQL refuses (a 500 SalesOS would retry forever) and
/// which would forge log lines. They are refused in the API's error shape before anything is written.
/// </summary>
public sealed class When_salesos_sends_a_hostile_delivery(InProcessService service) : IClassFixture<InProcessService>
{
    private const string Secret = "unit-test-webhook-secret-0123456789";

    public static TheoryData<string> UnusableIds() => [Convert.ToHexString(new byte[5_000]) + Guid.NewGuid(), $"evt-{Guid.NewGuid():N}\0", $"evt-{Guid.NewGuid():N}\r\nforged"];

    [Theory]
    [MemberData(nameof(UnusableIds))]
    public async Task A_delivery_id_that_cannot_be_a_key_is_refused_and_not_recorded(string deliveryId)
    {
        using var response = await DeliverAsync(Envelope(deliveryId, $"WH-{Guid.NewGuid():N}"[..20]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("webhook.invalid_envelope", error["code"]!.GetValue<string>());
        Assert.NotNull(error["requestId"]);
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM webhook_deliveries WHERE delivery_id = $v", deliveryId));
    }

    [Fact]
    public async Task A_deal_id_that_cannot_be_a_key_is_rejected_without_being_copied_into_the_delivery_row()
    {
        var deliveryId = $"evt-{Guid.NewGuid():N}";
        using var response = await DeliverAsync(Envelope(deliveryId, "DEAL-\0" + new string('K', 10_000)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("rejected", (await response.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]!.GetValue<string>());
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM webhook_deliveries WHERE delivery_id = $v AND deal_id IS NOT NULL", deliveryId));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM deals WHERE length(deal_id) > CAST($v AS INTEGER)", "60"));
    }

    private async Task<HttpResponseMessage> DeliverAsync(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, SalesOsWebhookEndpoint.Path) { Content = content };
        request.Headers.Add(SalesOsSignature.HeaderName, SalesOsSignature.Sign(body, Secret));
        return await service.Client.SendAsync(request);
    }

    private static string Envelope(string id, string dealId) => JsonSerializer.Serialize(new
    {
        id, type = "deal.won", createdAt = DateTimeOffset.UtcNow,
        data = new
        {
            deal = new
            {
                id = dealId, wonAt = DateTimeOffset.UtcNow, currency = "BRL", amount = 1500.00m,
                company = new
                {
                    legalName = "Padaria Pão Quente Ltda", tradeName = "Pão Quente", taxId = "11.222.333/0001-81",
                    email = "financeiro@paoquente.com.br", phone = "(11) 98765-4321",
                    address = new { street = "Avenida Paulista", number = "1578", district = "Bela Vista", city = "São Paulo", state = "SP", postalCode = "01310-200", ibgeCode = "3550308" },
                },
                lineItems = new[] { new { serviceCode = "01015", lc116Code = "1.07", description = "Suporte", quantity = 1m, unitPrice = 1500.00m } },
            },
        },
    });

    private async Task<long> ScalarAsync(string sql, string value)
    {
        await using var db = new SqliteConnection($"Data Source={service.LedgerPath};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$v", value);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
