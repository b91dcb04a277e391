using ErpConnector.TestSupport.Logging;
using System.Net;
using System.Net.Http.Json;
using ErpConnector.IntegrationTests.Fixtures;
using ErpConnector.Service.Security;

namespace ErpConnector.IntegrationTests.Production;

/// <summary>
/// Captures every log entry of the connector, at every level with scopes, structured values and exceptions,
/// during a full run — API key calls (good, bad, short of scope), a JWT, signed and badly signed webhooks, a deal
/// from HTTP and one from the webhook up to the NFS-e (every Omie call carries the app secret) — and searches
/// it for the configured secrets.
/// </summary>
[Collection(ConnectorCollection.Name)]
public sealed class Secrets_never_reach_the_logs(ConnectorFixture fixture)
{
    [Fact]
    public async Task app_secret_api_keys_tokens_and_the_webhook_secret_are_absent_from_captured_logs()
    {
        var jwt = Credentials.Jwt("deals:read deals:write");
        var badJwt = Credentials.Jwt("deals:read", audience: "not-us");
        var log = LogCaptureProvider.Instance;
        log.Start();
        IReadOnlyList<string> entries;
        try
        {
            var baseAddress = fixture.Api.BaseAddress!;
            var deal = DealWonBuilder.AWonDeal().Build();
            var dealId = deal.DealId;
            using (var posted = await fixture.Api.PostAsJsonAsync("/api/deals", deal)) Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

            var envelope = SalesOs.DealWonEnvelope();
            using var anonymous = Credentials.WithApiKey(baseAddress, null);
            using (var delivered = await anonymous.SendAsync(SalesOs.Signed(envelope))) delivered.EnsureSuccessStatusCode();
            using (var forged = await anonymous.SendAsync(SalesOs.Signed(SalesOs.Bytes(envelope), "forged-secret-of-enough-length")))
                Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);

            // Omie's push: the token is a path segment, which the hosting layer logs (Request starting, RequestPath scope).
            var push = new { messageId = $"it-secrets-{Guid.NewGuid():N}", topic = "NFSe.NotaCancelada", @event = new { codigo_os = 1 }, appKey = "sandbox-app-key" };
            using (var pushed = await anonymous.PostAsJsonAsync($"/webhooks/omie/{ProductionSettings.OmieWebhookToken}", push)) pushed.EnsureSuccessStatusCode();
            using (var wrongKeyPush = Credentials.WithApiKey(baseAddress, ProductionSettings.AdminKey + "-revoked"))
            using (var pushed = await wrongKeyPush.PostAsJsonAsync($"/webhooks/omie/{ProductionSettings.OmieWebhookToken}/", push)) pushed.EnsureSuccessStatusCode();

            using (var wrongKey = Credentials.WithApiKey(baseAddress, ProductionSettings.AdminKey + "-revoked"))
            using (var refused = await wrongKey.GetAsync("/api/deals?state=failed"))
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            using (var reader = Credentials.WithApiKey(baseAddress, ProductionSettings.KeyFor(ApiScopes.TaxIdsRead)))
            using (var forbidden = await reader.GetAsync("/api/deals?state=failed"))
                Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            using (var bearer = Credentials.WithBearer(baseAddress, jwt))
            using (var ok = await bearer.GetAsync($"/api/deals/{dealId}"))
                Assert.NotEqual(HttpStatusCode.Unauthorized, ok.StatusCode);
            using (var bearer = Credentials.WithBearer(baseAddress, badJwt))
            using (var refused = await bearer.GetAsync("/api/deals?state=failed"))
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

            await Ledger.WaitForStateAsync(fixture.Api, dealId, "issued");
            await Ledger.WaitForStateAsync(fixture.Api, SalesOs.DealId(envelope), "issued");
        }
        finally
        {
            entries = log.Stop();
        }

        Assert.True(entries.Count > 20, $"only {entries.Count} log entries captured: the capture is not working");
        Assert.Contains(entries, e => e.Contains("IncluirOS", StringComparison.Ordinal));
        // Below the console's level too: Debug/Trace entries (e.g. authentication, routing) are in the search.
        Assert.Contains(entries, e => e.StartsWith("Debug", StringComparison.Ordinal) || e.StartsWith("Trace", StringComparison.Ordinal));
        var secrets = ProductionSettings.Secrets.Concat([jwt, badJwt, jwt.Split('.')[2], ProductionSettings.AdminKey + "-revoked"]);
        foreach (var secret in secrets)
        {
            var leak = entries.FirstOrDefault(e => e.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"a configured secret appears in the logs: {leak}");
        }
    }
}
