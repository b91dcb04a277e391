using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ErpConnector.IntegrationTests.Production;

/// <summary>Waits on this connector's own ledger (GET /api/deals/{id}), not on nfse.issued: other services on a
/// shared broker (benchmarks, chaos runs) also consume deal.won and publish outcomes for the same deal ids.</summary>
public static class Ledger
{
    public static async Task<JsonObject> WaitForStateAsync(HttpClient api, string dealId, string state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await api.GetAsync($"/api/deals/{Uri.EscapeDataString(dealId)}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                last = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                if (last["state"]?.GetValue<string>() == state) return last;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Deal '{dealId}' not '{state}' in the ledger within {timeout ?? TimeSpan.FromSeconds(30)} (last: {last?["state"]}).");
    }
}
