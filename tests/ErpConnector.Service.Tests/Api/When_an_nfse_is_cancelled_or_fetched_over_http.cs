using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ErpConnector.Persistence.Deals;
using ErpConnector.TestSupport.Deals;
using Microsoft.Extensions.DependencyInjection;

namespace ErpConnector.Service.Tests.Api;

/// <summary>Issue 11 over HTTP: the XML and PDF of an NFS-e, and asking to cancel it.</summary>
public sealed class When_an_nfse_is_cancelled_or_fetched_over_http : IAsyncLifetime
{
    private readonly InProcessService _service = new();
    private HttpClient Client => _service.Client;

    public Task InitializeAsync() => _service.InitializeAsync();
    public Task DisposeAsync() => _service.DisposeAsync();

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task The_archived_xml_is_served_as_xml_and_a_deal_without_one_is_a_404_in_the_error_shape()
    {
        var dealId = await _service.SeedIssuedDealAsync();
        var none = await Client.GetAsync($"/api/deals/{dealId}/nfse.xml");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("nfse.xml_not_found", (await ErrorOf(none)).GetProperty("code").GetString());

        await _service.Services.GetRequiredService<NfseDocumentArchive>()
            .StoreAsync(dealId, "2026000123", "<CompNfse><Numero>2026000123</Numero></CompNfse>", NfseDocumentArchive.FromPush, DateTimeOffset.UtcNow);
        var xml = await Client.GetAsync($"/api/deals/{dealId}/nfse.xml");
        Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
        Assert.Equal("application/xml", xml.Content.Headers.ContentType!.MediaType);
        Assert.Equal("<CompNfse><Numero>2026000123</Numero></CompNfse>", await xml.Content.ReadAsStringAsync());
        Assert.Equal("deal.not_found", (await ErrorOf(await Client.GetAsync("/api/deals/nobody/nfse.xml"))).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_pdf_redirects_to_omies_link_and_never_to_anything_else()
    {
        var dealId = await _service.SeedIssuedDealAsync();
        Assert.Equal("nfse.pdf_not_found", (await ErrorOf(await Client.GetAsync($"/api/deals/{dealId}/nfse.pdf"))).GetProperty("code").GetString());

        await SetPdfUrlAsync(dealId, "https://omie.example/nfse/123.pdf");
        var redirect = await Client.GetAsync($"/api/deals/{dealId}/nfse.pdf");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("https://omie.example/nfse/123.pdf", redirect.Headers.Location!.ToString());

        await SetPdfUrlAsync(dealId, "javascript:alert(1)");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/deals/{dealId}/nfse.pdf")).StatusCode);
    }

    [Fact]
    public async Task A_cancellation_is_accepted_once_and_a_second_request_joins_it()
    {
        var dealId = await _service.SeedIssuedDealAsync();
        var first = await Client.PostAsJsonAsync($"/api/deals/{dealId}/cancel", new { reason = "Serviço não prestado: cliente desistiu" });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var second = await Client.PostAsJsonAsync($"/api/deals/{dealId}/cancel", new { reason = "Pedido repetido pelo financeiro" });
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("joined", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var deal = await Client.GetFromJsonAsync<JsonElement>($"/api/deals/{dealId}");
        Assert.Equal("cancel-requested", deal.GetProperty("state").GetString());
        Assert.Equal("Serviço não prestado: cliente desistiu", deal.GetProperty("cancellation").GetProperty("reason").GetString());
        Assert.Equal("unit-test-admin", deal.GetProperty("cancellation").GetProperty("requestedBy").GetString());
        Assert.Contains(deal.GetProperty("history").EnumerateArray(),
            h => h.GetProperty("note").GetString() == "Cancellation requested by unit-test-admin: Serviço não prestado: cliente desistiu");
    }

    [Theory]
    [InlineData("curto demais")]
    [InlineData("")]
    [InlineData("linha\nquebrada com texto suficiente")]
    public async Task A_reason_outside_15_to_255_characters_is_a_422_naming_the_field(string reason)
    {
        var dealId = await _service.SeedIssuedDealAsync();
        var response = await Client.PostAsJsonAsync($"/api/deals/{dealId}/cancel", new { reason });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("cancel.invalid", error.GetProperty("code").GetString());
        Assert.Equal("reason", error.GetProperty("details").GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await Client.PostAsJsonAsync($"/api/deals/{dealId}/cancel", new { reason = new string('x', 256) })).StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_deal_without_an_nfse_is_a_409_and_an_unknown_deal_a_404()
    {
        var won = DealWonBuilder.AWonDeal().Build();
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsJsonAsync("/api/deals", won)).StatusCode);
        var response = await Client.PostAsJsonAsync($"/api/deals/{won.DealId}/cancel", new { reason = "Serviço não prestado ao cliente" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("deal.no_nfse", (await ErrorOf(response)).GetProperty("code").GetString());

        var unknown = await Client.PostAsJsonAsync("/api/deals/nobody/cancel", new { reason = "Serviço não prestado ao cliente" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public void Cancelling_needs_the_write_scope_and_the_documents_the_read_scope()
    {
        Assert.Equal(ErpConnector.Service.Security.ApiScopes.DealsWrite, ErpConnector.Service.Security.ApiScopes.Required("POST", "/api/deals/D-1/cancel"));
        Assert.Equal(ErpConnector.Service.Security.ApiScopes.DealsRead, ErpConnector.Service.Security.ApiScopes.Required("GET", "/api/deals/D-1/nfse.xml"));
    }

    private async Task SetPdfUrlAsync(string dealId, string url)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_service.LedgerPath};Pooling=False");
        await db.OpenAsync();
        await using var update = db.CreateCommand();
        update.CommandText = "UPDATE deals SET nfse_pdf_url = $url WHERE deal_id = $id";
        update.Parameters.AddWithValue("$url", url);
        update.Parameters.AddWithValue("$id", dealId);
        await update.ExecuteNonQueryAsync();
    }
}
