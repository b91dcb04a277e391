using System.Text.Json;

namespace ErpConnector.Benchmarks.Pipeline;

/// <summary>Plain-JSON deal.won bodies with distinct deals and customers (valid numeric CNPJs).</summary>
public static class DealBodies
{
    public static (string DealId, byte[] Body) Create(string run, int n)
    {
        var dealId = $"B{run}-{n:D6}";
        var body = $"{(n % 90_000_000) + 10_000_000:D8}0001";
        var document = body + CheckDigits(body);
        var deal = new
        {
            eventId = $"{dealId}-e1",
            dealId,
            occurredAt = DateTimeOffset.UtcNow,
            customer = new
            {
                legalName = $"Cliente {n} Ltda", tradeName = $"Cliente {n}", document, email = $"fin{n}@cliente.com.br", phone = "11987654321",
                address = new { street = "Avenida Paulista", number = "1578", complement = "", district = "Bela Vista", city = "São Paulo", state = "SP", postalCode = "01310200", cityIbgeCode = "3550308" },
            },
            services = new[] { new { municipalCode = "01015", lc116Code = "1.07", description = "Suporte técnico", quantity = 1m, unitPrice = 100m } },
            currency = "BRL",
            total = 100m,
        };
        return (dealId, JsonSerializer.SerializeToUtf8Bytes(deal, JsonSerializerOptions.Web));
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
