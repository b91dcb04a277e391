using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ErpConnector.Persistence.Omie;
using Microsoft.Extensions.DependencyInjection;

namespace ErpConnector.Service.Tests.Api;

/// <summary>Issue 11: <c>POST /webhooks/omie/{token}</c>, through the real pipeline. Omie is unreachable here, so a deal
/// that moves did so on the push alone.</summary>
public sealed class When_omie_pushes_an_event : IAsyncLifetime
{
    private const string Path = "/webhooks/omie/" + InProcessService.OmieWebhookToken;
    private const long SeededOrderId = 8150; // IssuedDealRow's nCodOS
    private readonly InProcessService _service = new();
    private HttpClient Client => _service.Client;

    public Task InitializeAsync() => _service.InitializeAsync();
    public Task DisposeAsync() => _service.DisposeAsync();

    private static object Envelope(string messageId, string topic, object @event, string appKey = "unit-test-app-key") => new
    {
        messageId, topic, @event, appKey, origin = "omie-api",
        author = new { email = "robo@omie.example", name = "Omie", userId = 1 },
    };

    private async Task<JsonElement> DealAsync(string dealId) => await Client.GetFromJsonAsync<JsonElement>($"/api/deals/{dealId}");

    /// <summary>Waits for the work behind the 2xx: the delivery leaves "received".</summary>
    private async Task<OmiePushDelivery> ProcessedAsync(string messageId)
    {
        var deliveries = _service.Services.GetRequiredService<OmiePushDeliveries>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var delivery = await deliveries.GetAsync(messageId);
            if (delivery is { Status: not OmiePushDeliveries.Received }) return delivery;
            Assert.True(DateTime.UtcNow < deadline, $"Push {messageId} was not processed within 15 s.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_never_echoed()
    {
        var response = await Client.PostAsJsonAsync("/webhooks/omie/guessed-token-0123456789abcdefghij", Envelope("m-1", "NFSe.NotaCancelada", new { codigo_os = SeededOrderId }));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("webhook.token_invalid", body, StringComparison.Ordinal);
        Assert.DoesNotContain("guessed-token", body, StringComparison.Ordinal);
        Assert.DoesNotContain(InProcessService.OmieWebhookToken, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_apps_delivery_is_refused()
    {
        var response = await Client.PostAsJsonAsync(Path, Envelope("m-2", "NFSe.NotaCancelada", new { codigo_os = SeededOrderId }, appKey: "someone-else"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await _service.Services.GetRequiredService<OmiePushDeliveries>().GetAsync("m-2"));
    }

    [Fact]
    public async Task An_unknown_topic_is_acknowledged_and_ignored()
    {
        var response = await Client.PostAsJsonAsync(Path, Envelope("m-3", "Produto.Alterado", new { codigo_produto = 1 }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(OmiePushDeliveries.Ignored, (await _service.Services.GetRequiredService<OmiePushDeliveries>().GetAsync("m-3"))!.Status);
    }

    [Fact]
    public async Task A_malformed_envelope_is_a_400_in_the_error_shape()
    {
        var response = await Client.PostAsync(Path, new StringContent("{\"messageId\": 12", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("webhook.invalid_envelope", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_same_cancellation_pushed_twice_is_applied_once()
    {
        var dealId = await _service.SeedIssuedDealAsync();
        var envelope = Envelope("m-4", "NFSe.NotaCancelada", new { codigo_os = SeededOrderId, numero_nfse = "2026000123", data_canc = "21/11/2026" });
        var responses = await Task.WhenAll(Client.PostAsJsonAsync(Path, envelope), Client.PostAsJsonAsync(Path, envelope));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var statuses = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()));
        Assert.Equal(["accepted", "duplicate"], statuses.Order());

        Assert.Equal(OmiePushDeliveries.Processed, (await ProcessedAsync("m-4")).Status);
        var deal = await DealAsync(dealId);
        Assert.Equal("cancelled", deal.GetProperty("state").GetString());
        Assert.Single(deal.GetProperty("history").EnumerateArray(), h => h.GetProperty("note").GetString()!.StartsWith("Omie push NFSe.NotaCancelada", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_push_for_an_order_no_deal_has_is_recorded_not_an_error()
    {
        var response = await Client.PostAsJsonAsync(Path, Envelope("m-5", "NFSe.NotaAutorizada", new { codigo_os = 999_999_999, numero_nfse = "1" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OmiePushDeliveries.UnknownDeal, (await ProcessedAsync("m-5")).Status);
    }

    [Fact]
    public async Task A_payment_marks_an_issued_deal_paid()
    {
        var dealId = await _service.SeedIssuedDealAsync();
        await Client.PostAsJsonAsync(Path, Envelope("m-6", "Financas.ContaReceber.BaixaRealizada",
            new { codigo_lancamento = 77, codigo_os = SeededOrderId, valor = 3001.00m, data_baixa = "25/11/2026" }));
        await ProcessedAsync("m-6");
        var deal = await DealAsync(dealId);
        Assert.Equal("paid", deal.GetProperty("state").GetString());
        Assert.Equal(3001.00m, deal.GetProperty("payment").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task An_authorisation_pushed_before_the_poll_issues_the_deal_with_its_documents_and_no_statusos()
    {
        var dealId = await _service.SeedIssuedDealAsync();
        await ToInvoicedAsync(dealId);
        await Client.PostAsJsonAsync(Path, Envelope("m-7", "NFSe.NotaAutorizada", new
        {
            codigo_os = SeededOrderId, numero_os = "000042", numero_rps = "12", id_nf = 5, data_emis = "20/11/2026",
            nfse_xml = "<CompNfse><Numero>555</Numero></CompNfse>", numero_nfse = "555", codigo_verificacao = "XY-1",
            url_nfse = "https://city.example/555", url_pdf_dest = "https://omie.example/555.pdf", url_rps = "https://omie.example/rps555.pdf",
        }));
        await ProcessedAsync("m-7");

        var deal = await DealAsync(dealId);
        Assert.Equal("issued", deal.GetProperty("state").GetString());
        Assert.Equal("555", deal.GetProperty("nfse").GetProperty("number").GetString());
        Assert.Equal("https://omie.example/555.pdf", deal.GetProperty("nfse").GetProperty("pdfUrl").GetString());
        Assert.Equal(JsonValueKind.Null, deal.GetProperty("nextAttemptAt").ValueKind); // nothing left to poll
        Assert.Equal("<CompNfse><Numero>555</Numero></CompNfse>", await Client.GetStringAsync($"/api/deals/{dealId}/nfse.xml"));
    }

    [Fact]
    public async Task A_cancellation_pushed_before_the_authorisation_ends_cancelled()
    {
        var dealId = await _service.SeedIssuedDealAsync();
        await ToInvoicedAsync(dealId);
        await Client.PostAsJsonAsync(Path, Envelope("m-8", "NFSe.NotaCancelada", new { codigo_os = SeededOrderId, numero_nfse = "555", data_canc = "21/11/2026" }));
        await ProcessedAsync("m-8");
        await Client.PostAsJsonAsync(Path, Envelope("m-9", "NFSe.NotaAutorizada", new { codigo_os = SeededOrderId, numero_nfse = "555", nfse_xml = "<x/>" }));
        await ProcessedAsync("m-9");
        Assert.Equal("cancelled", (await DealAsync(dealId)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_push_recorded_before_a_crash_is_applied_by_the_sweeper()
    {
        var dealId = await _service.SeedIssuedDealAsync();
        // What a process that died right after answering Omie leaves behind: the delivery recorded, nothing applied.
        var body = JsonSerializer.Serialize(Envelope("m-10", "NFSe.NotaCancelada", new { codigo_os = SeededOrderId, numero_nfse = "2026000123" }));
        Assert.True(await _service.Services.GetRequiredService<OmiePushDeliveries>()
            .TryRecordAsync("m-10", "NFSe.NotaCancelada", SeededOrderId, body, OmiePushDeliveries.Received, DateTimeOffset.UtcNow.AddMinutes(-1)));

        Assert.Equal(OmiePushDeliveries.Processed, (await ProcessedAsync("m-10")).Status);
        Assert.Equal("cancelled", (await DealAsync(dealId)).GetProperty("state").GetString());
    }

    /// <summary>Turns the seeded issued deal into one invoiced and waiting for its next poll an hour from now.</summary>
    private async Task ToInvoicedAsync(string dealId)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_service.LedgerPath};Pooling=False");
        await db.OpenAsync();
        await using var update = db.CreateCommand();
        update.CommandText = """
            UPDATE deals SET state = 'invoiced', nfse_number = NULL, nfse_verification_code = NULL, nfse_url = NULL, issued_at = NULL,
                next_due_at = $due WHERE deal_id = $id
            """;
        update.Parameters.AddWithValue("$due", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds());
        update.Parameters.AddWithValue("$id", dealId);
        await update.ExecuteNonQueryAsync();
    }
}
