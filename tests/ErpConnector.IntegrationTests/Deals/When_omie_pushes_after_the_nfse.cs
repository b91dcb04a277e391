using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.IntegrationTests.Fixtures;

namespace ErpConnector.IntegrationTests.Deals;

/// <summary>Issue 11 end to end on the real broker, the simulator pushing to the connector: documents, cancellation
/// (push lost, duplicated, refused), push before poll, pushes out of order, boleto paid.</summary>
[Collection(PushConnectorCollection.Name)]
public sealed class When_omie_pushes_after_the_nfse(PushConnectorFixture fixture) : IAsyncLifetime
{
    private const string Reason = "Serviço não prestado: cliente desistiu";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public Task InitializeAsync() => fixture.Sandbox.ClearFaultsAsync();
    public Task DisposeAsync() => fixture.Sandbox.ClearFaultsAsync();

    private async Task<DealWon> IssuedAsync(DealWon? won = null)
    {
        won ??= DealWonBuilder.AWonDeal().Build();
        await fixture.Bus.PublishRawAsync(won);
        await fixture.Bus.WaitForAsync(ExchangeNames.NfseIssued, won.DealId, Patience);
        return won;
    }

    private async Task<JsonObject> DealAsync(string dealId) => (await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}"))!;

    private async Task<JsonObject> OrderAsync(DealWon won) => Assert.Single(await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(won.DealId)));

    private async Task<JsonObject> WaitForDealAsync(string dealId, Func<JsonObject, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var deal = await DealAsync(dealId);
            if (condition(deal)) return deal;
            Assert.True(DateTime.UtcNow < deadline, $"Deal {dealId}: {what} did not happen within {Patience}; it is {deal["state"]}.");
            await Task.Delay(50);
        }
    }

    private async Task CancelAsync(string dealId)
    {
        using var response = await fixture.Api.PostAsJsonAsync($"/api/deals/{dealId}/cancel", new { reason = Reason });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task The_authorised_xml_is_archived_and_served_and_the_pdf_link_leads_to_the_pdf()
    {
        var won = await IssuedAsync();
        var issued = fixture.Bus.Received(ExchangeNames.NfseIssued, won.DealId)[0];
        Assert.True(issued["xmlArchived"]!.GetValue<bool>());

        var xml = await fixture.Api.GetAsync($"/api/deals/{won.DealId}/nfse.xml");
        Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
        Assert.Equal("application/xml", xml.Content.Headers.ContentType!.MediaType);
        Assert.Contains(issued["nfseNumber"]!.GetValue<string>(), await xml.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // HttpClient follows the connector's redirect to Omie's (the simulator's) PDF.
        var pdf = await fixture.Api.GetAsync($"/api/deals/{won.DealId}/nfse.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal(issued["pdfUrl"]!.GetValue<string>(), pdf.RequestMessage!.RequestUri!.ToString());
    }

    [Fact]
    public async Task A_push_before_the_poll_issues_the_deal_without_any_StatusOS()
    {
        var won = await IssuedAsync();
        var order = await OrderAsync(won);
        Assert.Null(order["calls"]!["StatusOS"]);
        Assert.Contains((await DealAsync(won.DealId))["history"]!.AsArray(),
            h => h!["note"]!.GetValue<string>().Contains("no StatusOS needed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cancellation_whose_push_is_lost_is_confirmed_by_polling()
    {
        var won = await IssuedAsync();
        await fixture.Sandbox.InjectAsync(new { kind = "push-lost", topic = "NFSe.NotaCancelada", count = 1 });
        await CancelAsync(won.DealId);

        var cancelled = await fixture.Bus.WaitForAsync(ExchangeNames.NfseCancelled, won.DealId, Patience);
        Assert.Equal(Reason, cancelled["reason"]!.GetValue<string>());
        Assert.Equal("cancelled", (await DealAsync(won.DealId))["state"]!.GetValue<string>());
        Assert.NotNull((await OrderAsync(won))["calls"]!["StatusOS"]); // the poll, not the push, confirmed it
        Assert.Equal(1, (await OrderAsync(won))["calls"]!["CancelarOS"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_cancellation_pushed_twice_is_announced_once()
    {
        var won = await IssuedAsync();
        await fixture.Sandbox.InjectAsync(new { kind = "push-duplicated", topic = "NFSe.NotaCancelada" });
        await CancelAsync(won.DealId);

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseCancelled, won.DealId, Patience);
        // The positive signal that both copies arrived: the simulator saw both delivered (2xx) to the connector.
        await WaitForDuplicateDeliveredAsync("NFSe.NotaCancelada");
        // …and the connector's own OrdemServico.Cancelada, pushed after both, is processed too (FIFO per endpoint).
        await WaitForHistoryAsync(won.DealId, "Omie push OrdemServico.Cancelada");
        Assert.Single(fixture.Bus.Received(ExchangeNames.NfseCancelled, won.DealId));
    }

    [Fact]
    public async Task A_cancellation_past_the_citys_window_is_refused_and_the_nfse_stands()
    {
        var won = await IssuedAsync();
        var number = fixture.Bus.Received(ExchangeNames.NfseIssued, won.DealId)[0]["nfseNumber"]!.GetValue<string>();
        using (var age = await new HttpClient { BaseAddress = new Uri(fixture.SandboxUrl) }.PostAsJsonAsync($"/_sandbox/nfse/{number}/age", new { days = 31 }))
            age.EnsureSuccessStatusCode();
        await CancelAsync(won.DealId);

        var refused = await fixture.Bus.WaitForAsync(ExchangeNames.NfseCancellationRefused, won.DealId, Patience);
        Assert.Equal("cancellation-refused", refused["category"]!.GetValue<string>());
        Assert.Contains("substituta", refused["correctiveAction"]!.GetValue<string>(), StringComparison.Ordinal);
        var deal = await DealAsync(won.DealId);
        Assert.Equal("issued", deal["state"]!.GetValue<string>());
        Assert.Equal("cancellation-refused", deal["lastError"]!["category"]!.GetValue<string>());
        Assert.Empty(fixture.Bus.Received(ExchangeNames.NfseCancelled, won.DealId));
    }

    [Fact]
    public async Task A_cancellation_pushed_before_the_authorisation_ends_cancelled()
    {
        await fixture.Sandbox.InjectAsync(new { kind = "push-out-of-order", topic = "NFSe.NotaAutorizada" });
        var won = DealWonBuilder.AWonDeal().Build();
        await fixture.Bus.PublishRawAsync(won);
        // The city authorised it; the push saying so is held back. A person cancels it in Omie at once.
        await WaitForAsync(async () => (await fixture.Sandbox.OrdersAsync(OrderIntegrationCode.For(won.DealId))) is [var order]
            && order["rps"]?.AsArray().Any(r => r!["status"]!.GetValue<string>() == "004") == true, "the NFS-e authorised");
        await CallOmieAsync("servicos/osp/", "CancelarOS", new { cCodIntOS = OrderIntegrationCode.For(won.DealId), cCancelarNfse = "S" });

        await fixture.Bus.WaitForAsync(ExchangeNames.NfseCancelled, won.DealId, Patience);
        await WaitForHistoryAsync(won.DealId, "Omie push NFSe.NotaAutorizada"); // the late authorisation arrived too
        Assert.Equal("cancelled", (await DealAsync(won.DealId))["state"]!.GetValue<string>());
        Assert.Empty(fixture.Bus.Received(ExchangeNames.NfseIssued, won.DealId));
    }

    [Fact]
    public async Task A_boleto_is_kept_and_its_payment_makes_the_deal_paid()
    {
        var won = await IssuedAsync(DealWonBuilder.AWonDeal().Build() with { PaymentMethod = "boleto" });
        var deal = await WaitForDealAsync(won.DealId, d => d["boleto"] is JsonObject, "the boleto recorded");
        Assert.StartsWith("http", deal["boleto"]!["link"]!.GetValue<string>(), StringComparison.Ordinal);

        using (var settle = await new HttpClient { BaseAddress = new Uri(fixture.SandboxUrl) }
                   .PostAsync($"/_sandbox/omie/receivables/{OrderIntegrationCode.For(won.DealId)}/settle", null))
            settle.EnsureSuccessStatusCode();

        var paid = await fixture.Bus.WaitForAsync(ExchangeNames.InvoicePaid, won.DealId, Patience);
        Assert.Equal(won.Total, decimal.Parse(paid["amount"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture)); // outputs may carry decimals as strings
        Assert.Equal("paid", (await DealAsync(won.DealId))["state"]!.GetValue<string>());
    }

    private async Task WaitForHistoryAsync(string dealId, string prefix) =>
        await WaitForDealAsync(dealId, d => d["history"]!.AsArray().Any(h => h!["note"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal)), $"'{prefix}…' in the history");

    /// <summary>Waits until the simulator delivered (2xx) one push of <paramref name="topic"/> twice: the duplicate arrived.</summary>
    private async Task WaitForDuplicateDeliveredAsync(string topic)
    {
        using var sandbox = new HttpClient { BaseAddress = new Uri(fixture.SandboxUrl) };
        await WaitForAsync(async () =>
        {
            var pushes = (await sandbox.GetFromJsonAsync<JsonObject>("/_sandbox/omie/pushes"))!;
            return pushes["sent"]!.AsArray()
                .Where(p => p!["topic"]!.GetValue<string>() == topic && p["lastOutcome"]?.ToString() == "200")
                .GroupBy(p => p!["messageId"]!.GetValue<string>()).Any(g => g.Count() >= 2);
        }, $"a duplicated {topic} delivered twice");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within {Patience}.");
            await Task.Delay(50);
        }
    }

    private async Task CallOmieAsync(string endpoint, string call, object param)
    {
        using var omie = new HttpClient { BaseAddress = new Uri(fixture.SandboxUrl) };
        using var response = await omie.PostAsJsonAsync($"/api/v1/{endpoint}", new { call, app_key = "sandbox-app-key", app_secret = "sandbox-app-secret", param = new[] { param } });
        response.EnsureSuccessStatusCode();
    }
}
