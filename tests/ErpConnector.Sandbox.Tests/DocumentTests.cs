using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace ErpConnector.Sandbox.Tests;

/// <summary>What StatusOS says about an issued NFS-e, and the documents behind its links.</summary>
public sealed class DocumentTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly XNamespace Nfse = "http://www.sped.fazenda.gov.br/nfse";
    private readonly SandboxHost _host = fixture.Host;

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public async Task StatusOS_gives_the_xml_and_every_link_of_an_issued_nfse()
    {
        var document = Records.Document();
        var order = await Records.OrderReady(_host, document: document);
        var rps = await Records.IssuedOrder(_host, order);
        var status = (await _host.Call("servicos/os", "StatusOS", Records.ByOrder(order))).Ok();

        Assert.Equal("N", Text(status["cCancelada"]));
        Assert.Equal("", Text(status["dDtCanc"]));
        Assert.Matches(@"^\d\d/\d\d/\d{4}$", Text(status["dDtFat"]));
        var number = Text(rps["nNfse"]);
        var code = Text(rps["cCodVerif"]);
        Assert.Equal(number, Text(rps["nNfse"]));
        Assert.True(rps["nRps"]!.GetValue<long>() >= 1);

        var xml = XDocument.Parse(Text(rps["xml_distr"]));
        var inf = xml.Root!.Element(Nfse + "infNFSe")!;
        Assert.Equal(number, inf.Element(Nfse + "nNFSe")!.Value);
        Assert.Equal(code, inf.Element(Nfse + "cVerif")!.Value);
        Assert.Equal("11222333000181", inf.Element(Nfse + "emit")!.Element(Nfse + "CNPJ")!.Value);
        Assert.Equal("3001.00", inf.Element(Nfse + "valores")!.Element(Nfse + "vLiq")!.Value);
        var taker = inf.Element(Nfse + "DPS")!.Element(Nfse + "infDPS")!.Element(Nfse + "toma")!;
        Assert.Equal(document, taker.Element(Nfse + "CNPJ")!.Value);
        Assert.Equal("ACME SERVICOS LTDA", taker.Element(Nfse + "xNome")!.Value);

        foreach (var link in new[] { "cUrlPdfDest", "cUrlPdfDemo", "cUrlRps" })
            await AssertPdf(Text(rps[link]), number);
        await AssertPdf(Text(status["cUrlPdfRecibo"]), null);

        using var page = await _host.Http.GetAsync(Text(rps["cUrlNfse"]));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"nº {number}", html);
        Assert.Contains(code, html);
        using var wrongCode = await _host.Http.GetAsync($"/_sandbox/nfse/{number}?v=WRONG");
        Assert.Equal(HttpStatusCode.NotFound, wrongCode.StatusCode);
    }

    [Fact]
    public async Task Before_issue_the_links_are_empty_and_an_unknown_number_is_not_found()
    {
        var order = await Records.OrderReady(_host);
        var status = (await _host.Call("servicos/os", "StatusOS", Records.ByOrder(order))).Ok();

        Assert.Equal("", Text(status["cUrlPdfRecibo"]));
        Assert.Equal("", Text(status["dDtFat"]));
        Assert.Empty(status["ListaRpsNfse"]!.AsArray());
        using var unknown = await _host.Http.GetAsync("/_sandbox/nfse/999999.pdf");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_state_counts_each_orders_calls_per_method()
    {
        var polled = await Records.OrderReady(_host);
        var quiet = await Records.OrderReady(_host);
        var polledId = (await _host.Call("servicos/os", "ConsultarOS", Records.ByOrder(polled))).Ok()["Cabecalho"]!["nCodOS"]!.GetValue<long>();
        (await _host.Call("servicos/os", "StatusOS", Records.ByOrder(polled))).Ok();
        (await _host.Call("servicos/os", "StatusOS", new JsonObject { ["nCodOS"] = polledId })).Ok();

        var orders = (await _host.State())["orders"]!.AsArray();
        var polledCalls = orders.Single(o => o!["cCodIntOS"]?.GetValue<string>() == polled)!["calls"]!;
        var quietCalls = orders.Single(o => o!["cCodIntOS"]?.GetValue<string>() == quiet)!["calls"]!;

        Assert.Equal(2, polledCalls["StatusOS"]!.GetValue<int>());
        Assert.Equal(1, polledCalls["IncluirOS"]!.GetValue<int>());
        Assert.Null(quietCalls["StatusOS"]);
        Assert.Equal(1, quietCalls["IncluirOS"]!.GetValue<int>());
    }

    private async Task AssertPdf(string url, string? number)
    {
        Assert.StartsWith(_host.Address.ToString().TrimEnd('/'), url);
        using var response = await _host.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.ASCII.GetString(bytes);
        Assert.StartsWith("%PDF-1.4", text);
        Assert.EndsWith("%%EOF\n", text);
        // The cross-reference table points at each object exactly: a reader can open the file.
        var xrefAt = int.Parse(text[(text.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0]);
        Assert.StartsWith("xref", text[xrefAt..]);
        var offsets = text[xrefAt..].Split('\n').Skip(3).TakeWhile(l => l.EndsWith(" n ")).Select(l => int.Parse(l[..10])).ToList();
        Assert.Equal(5, offsets.Count);
        for (var i = 0; i < offsets.Count; i++) Assert.StartsWith($"{i + 1} 0 obj", text[offsets[i]..]);
        if (number is not null) Assert.Contains($"NFS-e n\\272 {number}", text);
    }
}
