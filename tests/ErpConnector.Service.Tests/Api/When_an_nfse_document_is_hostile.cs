using System.Net;
using ErpConnector.Persistence.Deals;
using Microsoft.Extensions.DependencyInjection;

namespace ErpConnector.Service.Tests.Api;

/// <summary>The NFS-e's documents as a hostile or confused source could leave them: a PDF link that would make this
/// origin an open redirect, an XML that would script the console's origin when opened in a browser.</summary>
public sealed class When_an_nfse_document_is_hostile : IAsyncLifetime
{
    private readonly InProcessService _service = new();
    private HttpClient Client => _service.Client;

    public Task InitializeAsync() => _service.InitializeAsync();
    public Task DisposeAsync() => _service.DisposeAsync();

    [Theory]
    [InlineData("https://omie.example@evil.example/123.pdf")] // credentials in the link: the browser goes to evil.example
    [InlineData("https://user:pass@omie.example/123.pdf")]
    [InlineData("http://127.0.0.1/admin")]
    [InlineData("http://localhost:8080/api/deals")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.5/internal.pdf")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://172.20.0.1/")]
    [InlineData("http://[::1]/x.pdf")]
    [InlineData("http://[fd00::1]/x.pdf")]
    [InlineData("http://intranet/x.pdf")]
    [InlineData("ftp://omie.example/123.pdf")]
    [InlineData("data:application/pdf;base64,JVBERi0=")]
    [InlineData("//evil.example/123.pdf")]
    [InlineData("/api/deals")]
    public async Task A_pdf_link_to_anywhere_but_a_public_http_host_is_never_a_redirect(string link)
    {
        var dealId = await _service.SeedIssuedDealAsync();
        await SetPdfUrlAsync(dealId, link);
        var response = await Client.GetAsync($"/api/deals/{dealId}/nfse.pdf");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("https://nfse.prefeitura.example.gov.br/pdf?id=123&cv=AB")]
    [InlineData("http://127.0.0.1:9/nfse/123.pdf")] // Omie:BaseUrl's own host and port (a simulator on loopback here)
    public async Task A_public_https_link_or_one_to_omies_own_host_is_still_followed(string link)
    {
        var dealId = await _service.SeedIssuedDealAsync();
        await SetPdfUrlAsync(dealId, link);
        var response = await Client.GetAsync($"/api/deals/{dealId}/nfse.pdf");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(link, response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_archived_xml_is_served_sandboxed_so_xhtml_inside_cannot_script_the_origin()
    {
        var dealId = await _service.SeedIssuedDealAsync();
        const string xml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>fetch('/console/api')</script></html>";
        await _service.Services.GetRequiredService<NfseDocumentArchive>().StoreAsync(dealId, "1", xml, NfseDocumentArchive.FromPush, DateTimeOffset.UtcNow);

        var response = await Client.GetAsync($"/api/deals/{dealId}/nfse.xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("sandbox", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(xml, await response.Content.ReadAsStringAsync()); // served as archived, not rewritten
    }

    private async Task SetPdfUrlAsync(string dealId, string url)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_service.LedgerPath};Pooling=False");
        await db.OpenAsync();
        await using var update = db.CreateCommand();
        update.CommandText = "UPDATE deals SET nfse_pdf_url = $url WHERE deal_id = $id";
        update.Parameters.AddWithValue("$url", url);
        update.Parameters.AddWithValue("$id", dealId);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }
}
