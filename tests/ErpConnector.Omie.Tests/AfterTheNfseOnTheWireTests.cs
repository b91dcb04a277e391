namespace ErpConnector.Omie.Tests;

/// <summary>What the connector sends and reads for issue 11: the Email block, CancelarOS, ObterBoleto and StatusOS's
/// links and XML.</summary>
public sealed class AfterTheNfseOnTheWireTests
{
    private static async Task<string> SentEmailBlock(OmieOrderEmail? email)
    {
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.OsStatusOk));
        await t.Client.CreateServiceOrderAsync(Samples.Order() with { Email = email });
        var body = Assert.Single(t.Handler.Requests).Body;
        var start = body.IndexOf("\"Email\":", StringComparison.Ordinal);
        return start < 0 ? "" : body[start..];
    }

    [Fact]
    public async Task Without_an_email_block_none_is_sent() => Assert.Equal("", await SentEmailBlock(null));

    [Theory]
    [InlineData(OmieCharge.None, "N", "N")]
    [InlineData(OmieCharge.Boleto, "S", "N")]
    [InlineData(OmieCharge.Pix, "N", "S")]
    public async Task The_nfse_link_goes_with_at_most_one_charge(OmieCharge charge, string boleto, string pix) =>
        Assert.Equal(
            $"\"Email\":{{\"cEnvLink\":\"S\",\"cEnvBoleto\":\"{boleto}\",\"cEnvPix\":\"{pix}\",\"cEnviarPara\":\"fin@cliente.example\"}}}}]}}",
            await SentEmailBlock(new OmieOrderEmail("fin@cliente.example", true, charge)));

    [Fact]
    public async Task CancelarOS_goes_to_osp_with_the_order_code_and_asks_the_city_too()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.OsStatusOk));
        await t.Client.CancelServiceOrderAsync("OS-D-1");
        var request = Assert.Single(t.Handler.Requests);
        Assert.EndsWith("/servicos/osp/", request.Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("\"call\":\"CancelarOS\"", request.Body, StringComparison.Ordinal);
        Assert.Contains("\"param\":[{\"cCodIntOS\":\"OS-D-1\",\"cCancelarNfse\":\"S\"}]", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObterBoleto_reads_link_barcode_and_number()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Json(200,
            """{"cLinkBoleto":"https://omie/b.pdf","cCodBarras":"2379 0000","cNumBoleto":"00000007","cCodStatus":"0"}"""));
        var boleto = await t.Client.GetBoletoAsync(77);
        Assert.Equal(new OmieBoleto("https://omie/b.pdf", "2379 0000", "00000007"), boleto);
        var request = Assert.Single(t.Handler.Requests);
        Assert.EndsWith("/financas/contareceberboleto/", request.Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("\"param\":[{\"nCodTitulo\":77}]", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_boleto_for_a_receivable_reads_as_null()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Fault(500, "SOAP-ENV:Client-102", "ERROR: Não existe boleto gerado para o título [77]!"));
        Assert.Null(await t.Client.GetBoletoAsync(77));
    }

    [Fact]
    public async Task StatusOS_keeps_every_link_the_xml_and_the_cancellation()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, """
            {"cFaturada":"S","cCancelada":"S","dDtCanc":"21/11/2026","ListaRpsNfse":[{"cStatusRps":"005","nNfse":"9","cCodVerif":"V",
             "cUrlNfse":"https://city/9","cUrlPdfDest":"https://omie/9.pdf","cUrlRps":"https://omie/rps9.pdf","cUrlPdfDemo":"https://omie/demo9.pdf",
             "xml_distr":"<CompNfse>9</CompNfse>","mensagens":[]}]}
            """));
        var status = await t.Client.GetInvoiceStatusAsync("OS-D-1");
        Assert.True(status.Cancelled);
        Assert.Equal("21/11/2026", status.CancelledOn);
        var rps = Assert.Single(status.Rps);
        Assert.Equal(("https://city/9", "https://omie/9.pdf", "https://omie/rps9.pdf", "https://omie/demo9.pdf", "<CompNfse>9</CompNfse>"),
            (rps.NfseUrl, rps.PdfUrl, rps.RpsUrl, rps.StatementPdfUrl, rps.Xml));
    }
}
