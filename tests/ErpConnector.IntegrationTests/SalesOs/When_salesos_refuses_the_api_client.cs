using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.TestSupport.Logging;

namespace ErpConnector.IntegrationTests.SalesOs;

[Collection(SalesOsCollection.Name)]
public sealed class When_salesos_refuses_the_api_client(SalesOsFixture fixture)
{
    private async Task<JsonObject> SalesOsCheckAsync()
    {
        var ready = (await fixture.Api.GetFromJsonAsync<JsonObject>("/health/ready"))!;
        return ready["checks"]!.AsArray().Select(c => c!.AsObject()).Single(c => c["name"]!.GetValue<string>() == "salesos");
    }

    [Fact]
    public async Task Readiness_is_degraded_naming_the_cause_and_the_write_lands_once_the_client_is_restored()
    {
        LogCaptureProvider.Instance.Start();
        IReadOnlyList<string> logs;
        try
        {
            await fixture.FaultAsync(new { revoked = true });
            using (var expire = await fixture.Simulator.PostAsync("/_sandbox/salesos/tokens/expire", null)) expire.EnsureSuccessStatusCode();
            var dealId = await fixture.WinDealAsync();

            var view = await fixture.WaitForDealAsync(dealId, d => d["salesOs"]?["lastError"]?.GetValue<string>()?.Contains("CredentialBroken", StringComparison.Ordinal) == true);
            Assert.Equal("issued", view["state"]!.GetValue<string>()); // the invoice never waits for SalesOS

            var check = await SalesOsCheckAsync();
            Assert.Equal("Degraded", check["status"]!.GetValue<string>());
            var description = check["description"]!.GetValue<string>();
            Assert.Contains("revoked", description, StringComparison.Ordinal);
            Assert.Contains("last webhook delivery:", description, StringComparison.Ordinal);
            Assert.Contains("last catch-up:", description, StringComparison.Ordinal);

            await fixture.ClearFaultsAsync();
            await fixture.WaitForWriteBackAsync(dealId, "issued");
            Assert.Equal("Healthy", (await SalesOsCheckAsync())["status"]!.GetValue<string>());
        }
        finally
        {
            logs = LogCaptureProvider.Instance.Stop();
            await fixture.ClearFaultsAsync();
        }
        Assert.Contains(logs, l => l.Contains("credential broken", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("sandbox-salesos-secret", StringComparison.Ordinal) || l.Contains("sos_", StringComparison.Ordinal));
    }
}
