using System.Text.Json;
using ErpConnector.Domain.Deals;

namespace ErpConnector.Chaos;

/// <summary>deal.won bodies as a CRM sends them: plain camelCase JSON, a distinct valid CNPJ per deal.</summary>
public static class ChaosDeals
{
    private static int _sequence = Random.Shared.Next(1, 50_000_000);

    public sealed record Deal(string DealId, string Document, string OrderCode);

    public static Deal New(string prefix, int index)
    {
        var dealId = $"{prefix}-{index:D4}";
        return new Deal(dealId, NextCnpj(), OrderIntegrationCode.For(dealId));
    }

    public static Dictionary<string, object?> Body(Deal deal, string? eventId = null) => new()
    {
        ["eventId"] = eventId ?? Guid.NewGuid().ToString(),
        ["dealId"] = deal.DealId,
        ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"),
        ["customer"] = new Dictionary<string, object?>
        {
            ["legalName"] = "Padaria Pão Quente Ltda",
            ["tradeName"] = "Pão Quente",
            ["document"] = deal.Document,
            ["email"] = "financeiro@paoquente.com.br",
            ["phone"] = "(11) 98765-4321",
            ["address"] = new Dictionary<string, object?>
            {
                ["street"] = "Avenida Paulista", ["number"] = "1578", ["complement"] = "Conjunto 42",
                ["district"] = "Bela Vista", ["city"] = "São Paulo", ["state"] = "SP",
                ["postalCode"] = "01310-200", ["cityIbgeCode"] = "3550308",
            },
        },
        ["services"] = new[]
        {
            new Dictionary<string, object?>
            {
                ["municipalCode"] = "01015", ["lc116Code"] = "1.07",
                ["description"] = "Suporte técnico em informática", ["quantity"] = 2, ["unitPrice"] = 750.25m,
            },
        },
        ["currency"] = "BRL",
        ["total"] = 1500.50m,
    };

    public static byte[] Json(object body) => JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web);

    public static string NextCnpj()
    {
        var n = Interlocked.Increment(ref _sequence);
        var body = $"{n % 100_000_000:D8}0001";
        return body + CheckDigits(body);
    }

    private static string CheckDigits(string body)
    {
        static int Digit(string s, int[] weights)
        {
            var sum = 0;
            for (var i = 0; i < s.Length; i++) sum += (s[i] - '0') * weights[i];
            var r = sum % 11;
            return r < 2 ? 0 : 11 - r;
        }
        var d1 = Digit(body, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
        var d2 = Digit(body + d1, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
        return $"{d1}{d2}";
    }
}
