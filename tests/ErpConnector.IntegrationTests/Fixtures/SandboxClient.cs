using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ErpConnector.IntegrationTests.Fixtures;

/// <summary>The simulator's inspection and fault-injection endpoints, as the tests use them.</summary>
public sealed class SandboxClient(HttpClient http)
{
    public async Task<JsonObject> StateAsync() =>
        (await http.GetFromJsonAsync<JsonObject>("/_sandbox/state"))!;

    public async Task<IReadOnlyList<JsonObject>> OrdersAsync(string orderIntegrationCode) =>
        (await StateAsync())["orders"]!.AsArray().Select(o => o!.AsObject())
            .Where(o => o["cCodIntOS"]?.GetValue<string>() == orderIntegrationCode).ToList();

    public async Task<IReadOnlyList<JsonObject>> CustomersAsync(string document) =>
        (await StateAsync())["customers"]!.AsArray().Select(c => c!.AsObject())
            .Where(c => Digits(c["cnpj_cpf"]?.GetValue<string>()) == Digits(document)).ToList();

    public async Task<long> CallsAsync(string method)
    {
        var calls = (await StateAsync())["calls"]?.AsObject();
        return calls?[method]?.GetValue<long>() ?? 0;
    }

    public async Task InjectAsync(object fault)
    {
        using var response = await http.PostAsJsonAsync("/_sandbox/faults", fault);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await http.DeleteAsync("/_sandbox/faults");
        response.EnsureSuccessStatusCode();
    }

    public async Task DeleteCustomerAsync(string integrationCode)
    {
        using var response = await http.DeleteAsync($"/_sandbox/customers/{Uri.EscapeDataString(integrationCode)}");
        response.EnsureSuccessStatusCode();
    }

    private static string Digits(string? value) => new string((value ?? "").Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
}
