using ErpConnector.IntegrationTests.Production;
using ErpConnector.TestSupport.Logging;

namespace ErpConnector.IntegrationTests.SalesOs;

/// <summary>The project-wide secrets-in-logs search (<see cref="ProductionSettings.Secrets"/>) over a SalesOS run: a
/// client-credentials token fetched, one expired and replaced, write-backs PATCHed with the bearer token.</summary>
[Collection(SalesOsCollection.Name)]
public sealed class When_salesos_secrets_are_used(SalesOsFixture fixture)
{
    [Fact]
    public async Task Neither_the_client_secret_nor_a_bearer_token_reaches_the_logs()
    {
        var log = LogCaptureProvider.Instance;
        log.Start();
        IReadOnlyList<string> entries;
        try
        {
            await fixture.WaitForWriteBackAsync(await fixture.WinDealAsync(), "issued");
            using (var expire = await fixture.Simulator.PostAsync("/_sandbox/salesos/tokens/expire", null)) expire.EnsureSuccessStatusCode();
            await fixture.WaitForWriteBackAsync(await fixture.WinDealAsync(), "issued");
        }
        finally
        {
            entries = log.Stop();
        }

        Assert.Contains(entries, e => e.Contains("SalesOS", StringComparison.Ordinal)); // the capture saw the run
        foreach (var secret in ProductionSettings.Secrets.Append("sos_")) // the sandbox's bearer tokens start with sos_
        {
            var leak = entries.FirstOrDefault(e => e.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"a secret appears in the logs: {leak}");
        }
    }
}
