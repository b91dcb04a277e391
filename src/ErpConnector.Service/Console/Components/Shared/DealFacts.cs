using System.Text.Json;
using ErpConnector.Domain.TaxIds;

namespace ErpConnector.Service.Console.Components.Shared;

/// <summary>What the console shows of a deal's stored deal.won: the customer's name and document, the services.</summary>
public sealed record DealFacts(string? CustomerName, string? Document, IReadOnlyList<(string Description, string Code, decimal Amount)> Services)
{
    public static DealFacts From(string payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            string? name = null, document = null;
            if (root.TryGetProperty("customer", out var customer) && customer.ValueKind == JsonValueKind.Object)
            {
                name = Text(customer, "legalName") ?? Text(customer, "tradeName");
                document = Text(customer, "document");
            }
            var services = new List<(string, string, decimal)>();
            if (root.TryGetProperty("services", out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var s in list.EnumerateArray().Take(50))
                {
                    var quantity = s.TryGetProperty("quantity", out var q) && q.TryGetDecimal(out var qv) ? qv : 1;
                    var price = s.TryGetProperty("unitPrice", out var p) && p.TryGetDecimal(out var pv) ? pv : 0;
                    services.Add((Text(s, "description") ?? "", Text(s, "municipalCode") ?? "", quantity * price));
                }
            return new DealFacts(name, document, services);
        }
        catch (JsonException)
        {
            return new DealFacts(null, null, []);
        }
    }

    /// <summary>The document formatted, or masked (only the first digits and the check digits show) for screens others can see.</summary>
    public static string Show(string? document, bool unmasked)
    {
        if (string.IsNullOrWhiteSpace(document)) return "—";
        var formatted = TaxId.TryParse(document, out var id) ? id.Formatted : document;
        if (unmasked) return formatted;
        var chars = formatted.ToCharArray();
        var seen = 0;
        var total = formatted.Count(char.IsAsciiLetterOrDigit);
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i])) continue;
            seen++;
            if (seen > 2 && seen <= total - 2) chars[i] = '•';
        }
        return new string(chars);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
