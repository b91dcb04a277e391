using ErpConnector.Domain.Deals;

namespace ErpConnector.IntegrationTests.SalesOs;

[Collection(SalesOsCollection.Name)]
public sealed class When_the_salesos_webhook_is_deactivated(SalesOsFixture fixture)
{
    [Fact]
    public async Task The_catch_up_records_all_50_deals_won_meanwhile_and_each_is_invoiced_once()
    {
        // Every delivery fails (nothing listens there): SalesOS deactivates the webhook after 10 in a row.
        await fixture.SubscribeAsync("http://127.0.0.1:9/webhooks/salesos");
        try
        {
            var deals = new List<string>();
            for (var i = 0; i < 50; i++) deals.Add(await fixture.WinDealAsync());
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while ((await fixture.WebhookAsync())["active"]!.GetValue<bool>() && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.False((await fixture.WebhookAsync())["active"]!.GetValue<bool>());

            ErpConnector.TestSupport.Logging.LogCaptureProvider.Instance.Start();
            var found = await fixture.CatchUpAsync();
            var logs = ErpConnector.TestSupport.Logging.LogCaptureProvider.Instance.Stop();

            Assert.Equal(50, found);
            foreach (var dealId in deals)
            {
                var view = await fixture.WaitForDealAsync(dealId, d => d["state"]!.GetValue<string>() == DealState.Issued, TimeSpan.FromSeconds(120));
                Assert.StartsWith("salesos-catch-up:", view["eventId"]!.GetValue<string>());
                Assert.Single(await fixture.Omie.OrdersAsync(OrderIntegrationCode.For(dealId)));
            }
            Assert.Equal(0, await fixture.CatchUpAsync()); // a second run finds nothing new
            Assert.Contains(logs, e => e.Contains("webhook may be deactivated", StringComparison.Ordinal) && e.Contains("Admin > Integrations > Webhooks", StringComparison.Ordinal));
        }
        finally
        {
            await fixture.SubscribeAsync(fixture.WebhookUrl);
            using var reactivate = await fixture.Simulator.PostAsync("/_sandbox/salesos/webhook/reactivate", null);
            reactivate.EnsureSuccessStatusCode();
        }
    }
}
