using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.IntegrationTests.Fixtures;
using ErpConnector.Omie;

namespace ErpConnector.IntegrationTests.Deals;

/// <summary>One spec per error category, end to end on the real broker, with the simulator injecting the fault.</summary>
[Collection(ConnectorCollection.Name)]
public sealed class When_omie_or_the_city_fails(ConnectorFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.Sandbox.ClearFaultsAsync();
    public Task DisposeAsync() => fixture.Sandbox.ClearFaultsAsync();

    [Fact]
    public async Task A_city_unavailable_for_a_while_is_retried_until_the_nfse_is_issued_with_one_order()
    {
        await fixture.Sandbox.InjectAsync(new { kind = "city-unavailable", seconds = 2 });
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;

        await fixture.Bus.PublishRawAsync(deal);

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, dealId, TimeSpan.FromSeconds(45));
        Assert.Single(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId)));
        var view = await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}");
        Assert.True(view!["attempts"]!.GetValue<int>() >= 1, "the deal should have needed at least one retry");
        Assert.Contains(view["history"]!.AsArray(), h => h!["note"]!.GetValue<string>().Contains("resent", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_deal_processing_longer_than_the_threshold_is_reported_stuck_and_still_finishes()
    {
        await fixture.Sandbox.InjectAsync(new { kind = "city-unavailable", seconds = 6 });
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;

        await fixture.Bus.PublishRawAsync(deal);

        var stuck = await fixture.Bus.WaitForAsync(ExchangeNames.DealStuck, dealId, TimeSpan.FromSeconds(20));
        Assert.Equal(dealId, stuck["dealId"]!.GetValue<string>());
        var listed = await fixture.Api.GetFromJsonAsync<JsonObject>("/api/deals?state=stuck&pageSize=500");
        Assert.Contains(listed!["items"]!.AsArray(), d => d!["dealId"]!.GetValue<string>() == dealId);

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, dealId, TimeSpan.FromSeconds(45));
        Assert.Single(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId)));
    }

    [Fact]
    public async Task An_invalid_service_code_fails_at_once_with_the_corrective_action()
    {
        await fixture.Sandbox.InjectAsync(new { kind = "city-rejects", code = "E0310", message = "Código de tributação nacional inexistente", count = 1 });
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;

        await fixture.Bus.PublishRawAsync(deal);

        var failed = await fixture.Bus.WaitForAsync(ExchangeNames.NfseFailed, dealId);
        Assert.Equal("invalid-service-code", failed["category"]!.GetValue<string>());
        Assert.Equal("Código de tributação nacional inexistente", failed["message"]!.GetValue<string>());
        Assert.Contains("/", failed["correctiveAction"]!.GetValue<string>());
        Assert.Equal(1, failed["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_customer_deleted_in_omie_is_registered_again_and_the_nfse_issued()
    {
        // The deal stops after registering its customer (Omie unstable at IncluirOS)...
        await fixture.Sandbox.InjectAsync(new { kind = "http-500", method = "IncluirOS", count = 1 });
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;
        var document = deal.Customer!.Document;
        await fixture.Bus.PublishRawAsync(deal);
        await WaitForAttemptAsync(dealId);

        // ...and someone deletes the customer in Omie before the retry.
        var customer = Assert.Single(await fixture.Sandbox.CustomersAsync(document));
        await fixture.Sandbox.DeleteCustomerAsync(customer["codigo_cliente_integracao"]!.GetValue<string>());

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, dealId, TimeSpan.FromSeconds(30));
        Assert.Single(await fixture.Sandbox.CustomersAsync(document));
        Assert.Single(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId)));
        var view = await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}");
        Assert.Contains(view!["history"]!.AsArray(), h => h!["note"]!.GetValue<string>().Contains("registering it again", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<JsonObject> WaitForAttemptAsync(string dealId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await fixture.Api.GetAsync($"/api/deals/{dealId}");
            if (response.IsSuccessStatusCode)
            {
                var view = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                if (view["attempts"]!.GetValue<int>() >= 1) return view;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Deal {dealId} never scheduled a retry.");
    }

    [Fact]
    public async Task A_lost_response_is_followed_by_a_query_and_creates_no_duplicate()
    {
        await fixture.Sandbox.InjectAsync(new { kind = "lost-response", method = "IncluirOS", count = 1 });
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;

        await fixture.Bus.PublishRawAsync(deal);

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, dealId, TimeSpan.FromSeconds(45));
        Assert.Single(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId)));
        var view = await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}");
        Assert.Contains(view!["history"]!.AsArray(), h => h!["note"]!.GetValue<string>().Contains("uncertain", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_lost_invoice_response_does_not_invoice_twice()
    {
        await fixture.Sandbox.InjectAsync(new { kind = "lost-response", method = "FaturarOS", count = 1 });
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;

        await fixture.Bus.PublishRawAsync(deal);

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, dealId, TimeSpan.FromSeconds(45));
        var order = Assert.Single(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId)));
        Assert.Single(order["rps"]!.AsArray());
    }

    [Fact]
    public async Task Misuse_pauses_every_call_until_the_stated_time_and_then_issues()
    {
        await fixture.Sandbox.InjectAsync(new { kind = "throttle", method = "IncluirOS", fault = "misuse", seconds = 3, count = 1 });
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;
        var started = DateTimeOffset.UtcNow;

        await fixture.Bus.PublishRawAsync(deal);

        // While paused the service reports degraded and makes no calls.
        var limiter = fixture.ServiceProvided<OmieRateLimiter>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!limiter.IsPaused && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(limiter.IsPaused, "MISUSE_API_PROCESS should pause the app_key");
        var ready = await fixture.Api.GetFromJsonAsync<JsonObject>("/health/ready");
        Assert.Equal("Degraded", ready!["status"]!.GetValue<string>());

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, dealId, TimeSpan.FromSeconds(45));
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(2.5), "the NFS-e cannot be issued before the block ends");
        Assert.Single(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId)));
    }

    [Fact]
    public async Task A_redundant_fault_waits_the_stated_seconds_then_continues()
    {
        await fixture.Sandbox.InjectAsync(new { kind = "throttle", method = "FaturarOS", fault = "redundant", seconds = 1, count = 1 });
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;

        await fixture.Bus.PublishRawAsync(deal);

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, dealId, TimeSpan.FromSeconds(30));
        var order = Assert.Single(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId)));
        Assert.Single(order["rps"]!.AsArray());
    }

    [Fact]
    public async Task A_restart_while_a_retry_is_pending_still_retries()
    {
        await fixture.Sandbox.InjectAsync(new { kind = "http-500", method = "IncluirOS", count = 1 });
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;
        await fixture.Bus.PublishRawAsync(deal);

        // Wait until the deal has a retry scheduled, then restart the service before it is due.
        await WaitForAttemptAsync(dealId);
        await fixture.RestartServiceAsync();

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, dealId, TimeSpan.FromSeconds(30));
        Assert.Single(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId)));
    }

    [Fact]
    public async Task A_failed_deal_retried_by_an_operator_after_the_fix_is_issued_without_a_second_order()
    {
        await fixture.Sandbox.InjectAsync(new { kind = "city-rejects", code = "E0160", message = "Optante pelo Simples Nacional incompatível com o regime informado", count = 1 });
        var deal = DealWonBuilder.AWonDeal().Build();
        var dealId = deal.DealId;
        await fixture.Bus.PublishRawAsync(deal);
        var failed = await fixture.Bus.WaitForAsync(ExchangeNames.NfseFailed, dealId);
        Assert.Equal("invalid-tax-configuration", failed["category"]!.GetValue<string>());

        using var retry = await fixture.Api.PostAsync($"/api/deals/{dealId}/retry", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, retry.StatusCode);

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, dealId, TimeSpan.FromSeconds(30));
        Assert.Single(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(dealId)));
        var listed = await fixture.Api.GetFromJsonAsync<JsonObject>("/api/deals?state=failed&pageSize=500");
        Assert.DoesNotContain(listed!["items"]!.AsArray(), d => d!["dealId"]!.GetValue<string>() == dealId);
    }
}
