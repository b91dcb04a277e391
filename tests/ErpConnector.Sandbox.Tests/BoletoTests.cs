using System.Net;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Tests;

/// <summary>The receivable Omie creates once the NFS-e is authorised, its boleto (ObterBoleto) and its payment.</summary>
public sealed class BoletoTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly SandboxHost _host = fixture.Host;

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private async Task<JsonObject> Receivable(long orderId) =>
        (await _host.State())["receivables"]!.AsArray().Single(r => r!["codigo_os"]!.GetValue<long>() == orderId)!.AsObject();

    private async Task<long> OrderId(string order) =>
        (await _host.Call("servicos/os", "ConsultarOS", Records.ByOrder(order))).Ok()["Cabecalho"]!["nCodOS"]!.GetValue<long>();

    [Fact]
    public async Task An_order_that_chose_a_boleto_gets_one_after_its_nfse_is_authorised()
    {
        var order = await Records.OrderReady(_host, boleto: true);
        var before = await _host.Call("financas/contareceberboleto", "ObterBoleto", new JsonObject { ["cCodIntTitulo"] = order });
        await Records.IssuedOrder(_host, order);
        var title = (await Receivable(await OrderId(order)))["codigo_lancamento"]!.GetValue<long>();

        var byTitle = (await _host.Call("financas/contareceberboleto", "ObterBoleto", new JsonObject { ["nCodTitulo"] = title })).Ok();
        var byCode = (await _host.Call("financas/contareceberboleto", "ObterBoleto", new JsonObject { ["cCodIntTitulo"] = order })).Ok();
        var byOrder = (await _host.Call("financas/contareceberboleto", "ObterBoleto", Records.ByOrder(order))).Ok();

        before.Fault("SOAP-ENV:Client-103");
        Assert.Equal("0", Text(byTitle["cCodStatus"]));
        Assert.Matches(@"^\d{47}$", Text(byTitle["cCodBarras"]));
        Assert.NotEqual("", Text(byTitle["cNumBoleto"]));
        Assert.Equal(byTitle.ToJsonString(), byCode.ToJsonString());
        Assert.Equal(byTitle.ToJsonString(), byOrder.ToJsonString());
        using var pdf = await _host.Http.GetAsync(Text(byTitle["cLinkBoleto"]));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        // ConsultarOS echoes the Email block as sent.
        Assert.Equal("S", Text((await _host.Call("servicos/os", "ConsultarOS", Records.ByOrder(order))).Ok()["Email"]!["cEnvBoleto"]));
    }

    [Fact]
    public async Task The_digitable_line_carries_valid_check_digits()
    {
        var order = await Records.OrderReady(_host, boleto: true);
        await Records.IssuedOrder(_host, order);
        var line = Text((await _host.Call("financas/contareceberboleto", "ObterBoleto", Records.ByOrder(order))).Ok()["cCodBarras"]);

        Assert.Equal(Modulo10(line[..9]), line[9] - '0');
        Assert.Equal(Modulo10(line[10..20]), line[20] - '0');
        Assert.Equal(Modulo10(line[21..31]), line[31] - '0');
        Assert.EndsWith("0000300100", line); // R$ 3.001,00 in the last ten digits.
    }

    [Fact]
    public async Task Boleto_and_pix_together_are_refused_and_an_order_without_boleto_has_none()
    {
        var customer = Records.Unique("CLI");
        (await _host.Call("geral/clientes", "UpsertCliente", Records.Customer(customer))).Ok();
        var both = await _host.Call("servicos/os", "IncluirOS", Records.WithEmail(Records.Order(Records.Unique("OS"), customer), boleto: true, pix: true));
        var pixOrder = Records.Unique("OS");
        (await _host.Call("servicos/os", "IncluirOS", Records.WithEmail(Records.Order(pixOrder, customer), pix: true))).Ok();
        await Records.IssuedOrder(_host, pixOrder);

        var noBoleto = await _host.Call("financas/contareceberboleto", "ObterBoleto", Records.ByOrder(pixOrder));

        both.Fault("SOAP-ENV:Client-102");
        Assert.Contains("cEnvBoleto", both.FaultString);
        noBoleto.Fault("SOAP-ENV:Client-102");
        Assert.Contains("Não existe boleto", noBoleto.FaultString);
        Assert.Null((await Receivable(await OrderId(pixOrder)))["boleto"]);
    }

    [Fact]
    public async Task Settling_marks_the_receivable_paid_once()
    {
        var order = await Records.OrderReady(_host, boleto: true);
        await Records.IssuedOrder(_host, order);
        var orderId = await OrderId(order);

        using var unknown = await _host.Http.PostAsync("/_sandbox/omie/receivables/123/settle", null);
        using var settled = await _host.Http.PostAsync($"/_sandbox/omie/receivables/{orderId}/settle", null);
        using var again = await _host.Http.PostAsync($"/_sandbox/omie/receivables/{order}/settle", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, settled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.True((await Receivable(orderId))["pago"]!.GetValue<bool>());
    }

    private static int Modulo10(string digits)
    {
        int sum = 0, weight = 2;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var product = (digits[i] - '0') * weight;
            sum += product > 9 ? product - 9 : product;
            weight = 3 - weight;
        }
        return (10 - (sum % 10)) % 10;
    }
}
