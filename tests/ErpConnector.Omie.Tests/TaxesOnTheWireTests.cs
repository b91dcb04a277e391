namespace ErpConnector.Omie.Tests;

/// <summary>
/// What IncluirOS sends about a service's taxes: exactly what the deal states, nothing for what it leaves out, and
/// never a value Omie computes (nBaseISS, nValorISS, nValor…).
/// </summary>
public sealed class TaxesOnTheWireTests
{
    private static async Task<string> SentServiceLine(OmieServiceTaxes? taxes)
    {
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.OsStatusOk));
        var order = Samples.Order();
        await t.Client.CreateServiceOrderAsync(order with { Services = [order.Services[0] with { Taxes = taxes }] });
        var body = Assert.Single(t.Handler.Requests).Body;
        var start = body.IndexOf("\"ServicosPrestados\":[", StringComparison.Ordinal);
        return body[start..];
    }

    [Fact]
    public async Task A_service_without_taxes_goes_exactly_as_before()
    {
        var line = await SentServiceLine(null);

        Assert.Equal(
            "\"ServicosPrestados\":[{\"cCodServMun\":\"0107\",\"cCodServLC116\":\"1.07\",\"cDescServ\":\"Suporte técnico\"," +
            "\"nQtde\":2,\"nValUnit\":1500.50,\"cTribServ\":\"01\",\"cRetemISS\":\"N\"}]}]}",
            line);
    }

    [Fact]
    public async Task ISS_withheld_and_four_federal_withholdings_are_sent_with_their_rates_and_S_flags_only()
    {
        var line = await SentServiceLine(new OmieServiceTaxes
        {
            TaxationCode = "02",
            IssWithheld = true,
            IssRate = 2.9m,
            IrrfRate = 1.5m,
            PisRate = 0.65m,
            CofinsRate = 3m,
            CsllRate = 1m,
        });

        Assert.Equal(
            "\"ServicosPrestados\":[{\"cCodServMun\":\"0107\",\"cCodServLC116\":\"1.07\",\"cDescServ\":\"Suporte técnico\"," +
            "\"nQtde\":2,\"nValUnit\":1500.50,\"cTribServ\":\"02\",\"cRetemISS\":\"S\"," +
            "\"impostos\":{\"nAliqISS\":2.9,\"nAliqIRRF\":1.5,\"cRetemIRRF\":\"S\",\"nAliqPIS\":0.65,\"cRetemPIS\":\"S\"," +
            "\"nAliqCOFINS\":3,\"cRetemCOFINS\":\"S\",\"nAliqCSLL\":1,\"cRetemCSLL\":\"S\"}}]}]}",
            line);
    }

    [Fact]
    public async Task Ibs_cbs_nbs_deductions_and_inss_are_sent_as_given()
    {
        var line = await SentServiceLine(new OmieServiceTaxes
        {
            Deductions = 100.25m,
            InssRate = 11m,
            Nbs = "1.1502.10.00",
            IbsCbsCst = "000",
            IbsCbsClassification = "000001",
            IbsStateRate = 0.1m,
            IbsCityRate = 0m,
            CbsRate = 0.9m,
            OperationIndicator = "100301",
        });

        Assert.Contains("\"cTribServ\":\"01\",\"cRetemISS\":\"N\",\"cNbs\":\"1.1502.10.00\"," +
            "\"impostos\":{\"nTotDeducao\":100.25,\"nAliqINSS\":11,\"cRetemINSS\":\"S\",\"cCST\":\"000\",\"cClassTrib\":\"000001\"," +
            "\"nAliqIbsUf\":0.1,\"nAliqIbsMun\":0,\"nAliqCbs\":0.9,\"cIndOPer\":\"100301\"}}", line);
    }

    [Fact]
    public async Task Taxes_stating_nothing_but_the_taxation_code_send_no_impostos_block()
    {
        var line = await SentServiceLine(new OmieServiceTaxes { TaxationCode = "03" });

        Assert.EndsWith("\"cTribServ\":\"03\",\"cRetemISS\":\"N\"}]}]}", line);
        Assert.DoesNotContain("impostos", line);
        Assert.DoesNotContain("cNbs", line);
    }

    [Theory]
    [InlineData("nBaseISS")]
    [InlineData("nValorISS")]
    [InlineData("nValorIRRF")]
    [InlineData("nValorPIS")]
    [InlineData("nValorCOFINS")]
    [InlineData("nValorCSLL")]
    [InlineData("nValorINSS")]
    [InlineData("nValorIbsUf")]
    [InlineData("nValorCbs")]
    [InlineData("nBaseCalcIbsCbs")]
    [InlineData("cFixarISS")]
    [InlineData("cUtilizaValorImposto")]
    [InlineData("cRetemIRRF\":\"N")]
    public async Task Output_only_fields_and_unstated_withholdings_are_never_sent(string field)
    {
        var line = await SentServiceLine(new OmieServiceTaxes { IssRate = 5m, PisRate = 0.65m, CbsRate = 0.9m });

        Assert.DoesNotContain(field, line);
    }

    [Fact]
    public async Task ListarServMunic_reads_every_page_of_the_municipal_codes_with_their_city()
    {
        const string page1 = """{"pagina":1,"total_de_paginas":2,"registros":1,"total_de_registros":2,"cadastros":[{"nIdCodServMun":1,"cCodServMun":"01015","cDescricao":"Suporte","cCodServLC116":"1.07","cCidade":"SAO PAULO (SP)"}]}""";
        const string page2 = """{"pagina":2,"total_de_paginas":2,"registros":1,"total_de_registros":2,"cadastros":[{"nIdCodServMun":2,"cCodServMun":"02798","cDescricao":"Programas","cCodServLC116":"1.01","cCidade":"SAO PAULO (SP)"}]}""";
        using var t = TestClient.Answering(r => FakeHandler.Json(200, r.Body.Contains("\"pagina\":1,", StringComparison.Ordinal) ? page1 : page2));

        var codes = await t.Client.ListMunicipalServiceCodesAsync();

        Assert.Equal([new OmieMunicipalServiceCode("01015", "SAO PAULO (SP)", "1.07", "Suporte"), new OmieMunicipalServiceCode("02798", "SAO PAULO (SP)", "1.01", "Programas")], codes);
        var first = t.Handler.Requests.First();
        Assert.Equal("https://app.omie.com.br/api/v1/servicos/listaservico/", first.Uri.AbsoluteUri);
        Assert.Contains("\"call\":\"ListarServMunic\"", first.Body);
        Assert.Contains("\"param\":[{\"pagina\":1,\"registros_por_pagina\":500}]", first.Body);
    }

    [Fact]
    public async Task An_empty_municipal_code_list_is_no_list_at_all()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Fault(500, "SOAP-ENV:Client-5113", "ERROR: Não existem registros para a página [1]!"));

        Assert.Null(await t.Client.ListMunicipalServiceCodesAsync());
    }

    [Fact]
    public async Task ListarCadastroServico_reads_the_registered_services_codes()
    {
        const string answer = """{"nPagina":1,"nTotPaginas":1,"nRegistros":2,"nTotRegistros":2,"cadastros":[{"cabecalho":{"cCodigo":"SRV00001","cCodServMun":"01015","cCodLC116":"1.07"},"info":{"inativo":"N"}},{"cabecalho":{"cCodigo":"SRV00002","cCodServMun":"07498","cCodLC116":"7.02"},"info":{"inativo":"S"}}]}""";
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, answer));

        var services = await t.Client.ListRegisteredServicesAsync();

        Assert.Equal([new OmieRegisteredService("SRV00001", "01015", "1.07", false), new OmieRegisteredService("SRV00002", "07498", "7.02", true)], services);
        var request = Assert.Single(t.Handler.Requests);
        Assert.Equal("https://app.omie.com.br/api/v1/servicos/servico/", request.Uri.AbsoluteUri);
        Assert.Contains("\"call\":\"ListarCadastroServico\"", request.Body);
        Assert.Contains("\"param\":[{\"nPagina\":1,\"nRegPorPagina\":500}]", request.Body);
    }

    [Fact]
    public async Task ConsultarOS_reads_the_tax_values_omie_computed_per_service_leniently()
    {
        // Numbers, numbers as text, an empty string and a service without impostos: none makes the answer unreadable.
        const string answer = """{"Cabecalho":{"cCodIntOS":"deal-42","nCodOS":987654,"cNumOS":"42","cEtapa":"50"},"ServicosPrestados":[""" +
            """{"impostos":{"nAliqISS":2,"nBaseISS":1500.5,"nValorISS":30.01,"nValorIRRF":"22.51","nValorPIS":9.75,"nValorCOFINS":45.02,"nValorCSLL":"","cRetemIRRF":"S"}},""" +
            """{"cCodServMun":"0107"}]}""";
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, answer));

        var order = await t.Client.FindServiceOrderAsync("deal-42");

        Assert.NotNull(order);
        Assert.Equal(
            [new OmieServiceTaxValues(30.01m, 22.51m, 9.75m, 45.02m, null, null), new OmieServiceTaxValues(null, null, null, null, null, null)],
            order.ServiceTaxes);
    }
}
