using System.Net.Http.Json;
using ErpConnector.IntegrationTests.Production;

namespace ErpConnector.IntegrationTests.Fixtures;

/// <summary>
/// The product with Omie's pushes on (issue 11): the simulator posts its webhooks to the connector's
/// <c>/webhooks/omie/{token}</c>. Polls are slow (4 s) and the city quick (0.3 s), so a push that is sent always
/// arrives before the first poll, and a lost one is made up by polling a few seconds later.
/// </summary>
public sealed class PushConnectorFixture : ConnectorFixture
{
    protected override IReadOnlyDictionary<string, string?> ServiceOverrides => new Dictionary<string, string?>
    {
        ["Messaging:DealWonQueue"] = "erp-connector.deal-won.integration-tests.pushes",
        ["DealProcessing:FirstPollDelay"] = "00:00:04",
        ["DealProcessing:PollInterval"] = "00:00:04",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var sandbox = new HttpClient { BaseAddress = new Uri(SandboxUrl) };
        using var response = await sandbox.PostAsJsonAsync("/_sandbox/omie/pushes", new { url = $"{ServiceUrl}/webhooks/omie/{ProductionSettings.OmieWebhookToken}" });
        response.EnsureSuccessStatusCode();
    }
}

[CollectionDefinition(Name)]
public sealed class PushConnectorCollection : ICollectionFixture<PushConnectorFixture>
{
    public const string Name = "connector-with-pushes";
}
