using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Tests;

/// <summary>Issue #14: the simulated city checks what a city checks on an RPS (service code, cTribServ, ISS rate,
/// withholding on a CPF taker), each with a message of its own; and the simulator serves the code lists.</summary>
public sealed class CityTaxRuleTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxHost _host;

    public CityTaxRuleTests(SandboxFixture fixture) => _host = fixture.Host;

    private async Task<JsonObject> InvoicedRps(Action<JsonObject> service, string? document = null)
    {
        var customer = Records.Unique("CLI");
        var code = Records.Unique("OS");
        (await _host.Call("geral/clientes", "UpsertCliente", Records.Customer(customer, document))).Ok();
        var order = Records.Order(code, customer, municipalCode: "01015");
        var line = order["ServicosPrestados"]![0]!.AsObject();
        line["cTribServ"] = "01";
        line["cRetemISS"] = "N";
        service(line);
        (await _host.Call("servicos/os", "IncluirOS", order)).Ok();
        (await _host.Call("servicos/osp", "FaturarOS", Records.ByOrder(code))).Ok();
        return await Records.SettledRps(_host, code);
    }

    /// <summary>An 11-digit (CPF-shaped) document unique per call; the simulator does not check digits.</summary>
    private static string Cpf() => Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static (string Status, string Code, string Text) Verdict(JsonObject rps) =>
        (rps["cStatusRps"]!.GetValue<string>(), rps["mensagens"]![0]!["cCodigo"]!.GetValue<string>(), rps["mensagens"]![0]!["cDescricao"]!.GetValue<string>());

    [Fact]
    public async Task A_service_with_taxes_the_city_accepts_is_issued()
    {
        var rps = await InvoicedRps(s =>
        {
            s["cRetemISS"] = "S";
            s["impostos"] = new JsonObject { ["nAliqISS"] = 2.9m, ["nAliqIRRF"] = 1.5m, ["cRetemIRRF"] = "S" };
        });

        Assert.Equal("004", Verdict(rps).Status);
    }

    [Fact]
    public async Task A_code_not_on_the_citys_list_is_rejected_with_E0310()
    {
        var rps = await InvoicedRps(s => s["cCodServMun"] = "99999");

        var (status, code, text) = Verdict(rps);
        Assert.Equal(("003", "E0310"), (status, code));
        Assert.Contains("99999", text);
        Assert.Contains("SAO PAULO (SP)", text);
    }

    [Fact]
    public async Task A_taxation_type_the_city_does_not_accept_is_rejected_with_E0312()
    {
        var rps = await InvoicedRps(s => s["cTribServ"] = "99");

        var (status, code, text) = Verdict(rps);
        Assert.Equal(("003", "E0312"), (status, code));
        Assert.Contains("cTribServ", text);
    }

    [Theory]
    [InlineData("01015", 5.5, "E0595")]
    [InlineData("01015", 1.5, "E0597")]
    [InlineData("02881", 5, "E0595")]
    [InlineData("02881", 2, "E0597")]
    public async Task An_iss_rate_outside_the_citys_range_for_the_code_is_rejected(string municipalCode, double rate, string expected)
    {
        var rps = await InvoicedRps(s =>
        {
            s["cCodServMun"] = municipalCode;
            s["impostos"] = new JsonObject { ["nAliqISS"] = (decimal)rate };
        });

        var (status, code, text) = Verdict(rps);
        Assert.Equal(("003", expected), (status, code));
        Assert.Contains("Alíquota do ISS", text);
    }

    [Theory]
    [InlineData("cRetemISS")]
    [InlineData("cRetemCSLL")]
    public async Task A_withholding_by_a_person_taker_is_rejected_with_E0625(string flag)
    {
        var rps = await InvoicedRps(s =>
        {
            if (flag == "cRetemISS") s["cRetemISS"] = "S";
            else s["impostos"] = new JsonObject { ["nAliqCSLL"] = 1m, [flag] = "S" };
        }, document: Cpf());

        var (status, code, text) = Verdict(rps);
        Assert.Equal(("003", "E0625"), (status, code));
        Assert.Contains("CPF", text);
    }

    [Fact]
    public async Task A_person_taker_without_withholdings_is_issued()
    {
        var rps = await InvoicedRps(s => s["impostos"] = new JsonObject { ["nAliqISS"] = 2m }, document: Cpf());

        Assert.Equal("004", Verdict(rps).Status);
    }

    [Fact]
    public async Task ListarServMunic_serves_the_default_citys_codes_including_those_the_tests_use()
    {
        var reply = (await _host.Call("servicos/listaservico", "ListarServMunic", new JsonObject { ["pagina"] = 1, ["registros_por_pagina"] = 500 })).Ok();

        var codes = reply["cadastros"]!.AsArray().Select(c => (c!["cCodServMun"]!.GetValue<string>(), c["cCidade"]!.GetValue<string>())).ToList();
        foreach (var code in new[] { "01015", "02798", "0107", "0102", "02881" })
            Assert.Contains((code, "SAO PAULO (SP)"), codes);
        Assert.Equal(1, reply["total_de_paginas"]!.GetValue<int>());
    }

    [Fact]
    public async Task ListarServMunic_filters_by_code_and_answers_an_empty_page_with_client_5113()
    {
        var one = (await _host.Call("servicos/listaservico", "ListarServMunic", new JsonObject { ["cCodServMun"] = "02798" })).Ok();
        var none = await _host.Call("servicos/listaservico", "ListarServMunic", new JsonObject { ["cCodServMun"] = "99999" });

        Assert.Equal("1.03", Assert.Single(one["cadastros"]!.AsArray())!["cCodServLC116"]!.GetValue<string>());
        none.Fault("SOAP-ENV:Client-5113");
    }

    [Fact]
    public async Task Cities_and_registered_services_are_configurable()
    {
        await using var host = await SandboxHost.StartAsync(
            ("Sandbox:Cities:CAMPINAS (SP):ServiceCodes:1401:Lc116Code", "14.01"),
            ("Sandbox:RegisteredServices:SRV1:MunicipalCode", "1401"),
            ("Sandbox:RegisteredServices:SRV1:Inactive", "true"));

        var codes = (await host.Call("servicos/listaservico", "ListarServMunic", new JsonObject { ["registros_por_pagina"] = 500 })).Ok();
        var services = (await host.Call("servicos/servico", "ListarCadastroServico", new JsonObject { ["nPagina"] = 1 })).Ok();

        Assert.Contains(codes["cadastros"]!.AsArray(), c => c!["cCidade"]!.GetValue<string>() == "CAMPINAS (SP)" && c["cCodServMun"]!.GetValue<string>() == "1401");
        Assert.Contains(codes["cadastros"]!.AsArray(), c => c!["cCodServMun"]!.GetValue<string>() == "01015");
        var service = Assert.Single(services["cadastros"]!.AsArray())!;
        Assert.Equal(("SRV1", "1401", "S"), (service["cabecalho"]!["cCodigo"]!.GetValue<string>(), service["cabecalho"]!["cCodServMun"]!.GetValue<string>(), service["info"]!["inativo"]!.GetValue<string>()));
    }

    [Fact]
    public async Task No_registered_services_is_an_empty_page()
    {
        (await _host.Call("servicos/servico", "ListarCadastroServico", new JsonObject { ["nPagina"] = 1 })).Fault("SOAP-ENV:Client-5113");
    }
}
