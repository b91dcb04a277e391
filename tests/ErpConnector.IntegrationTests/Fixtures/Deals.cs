namespace ErpConnector.IntegrationTests.Fixtures;

/// <summary>Builds deal.won bodies as a CRM would send them: plain camelCase JSON, fresh ids per test.</summary>
public static class Deals
{
    private static int _sequence;

    /// <summary>Valid CNPJs (numeric and alphanumeric) so tests can use a distinct customer each.</summary>
    public static string NextCnpj()
    {
        var n = Interlocked.Increment(ref _sequence) + Random.Shared.Next(1, 9_000_000);
        var body = $"{n % 100_000_000:D8}0001";
        return body + CheckDigits(body);
    }

    public static Dictionary<string, object?> Won(string? dealId = null, string? document = null, string municipalCode = "01015")
    {
        dealId ??= $"IT-{Guid.NewGuid():N}"[..20];
        return new()
        {
            ["eventId"] = Guid.NewGuid().ToString(),
            ["dealId"] = dealId,
            ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"),
            ["customer"] = new Dictionary<string, object?>
            {
                ["legalName"] = "Padaria Pão Quente Ltda",
                ["tradeName"] = "Pão Quente",
                ["document"] = document ?? NextCnpj(),
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
                    ["municipalCode"] = municipalCode, ["lc116Code"] = "1.07",
                    ["description"] = "Suporte técnico em informática", ["quantity"] = 2, ["unitPrice"] = 750.25m,
                },
            },
            ["currency"] = "BRL",
            ["total"] = 1500.50m,
        };
    }

    public static Dictionary<string, object?> WithNewEvent(Dictionary<string, object?> deal) =>
        new(deal) { ["eventId"] = Guid.NewGuid().ToString() };

    private static string CheckDigits(string body)
    {
        int Digit(string s, int[] weights)
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
