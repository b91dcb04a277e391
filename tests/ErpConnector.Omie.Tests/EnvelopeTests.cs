namespace ErpConnector.Omie.Tests;

/// <summary>What goes on the wire: exact URL (trailing slash), POST, JSON content type, and the exact body.</summary>
public sealed class EnvelopeTests
{
    private const string Credentials = $"\"app_key\":\"{TestClient.AppKey}\",\"app_secret\":\"{TestClient.AppSecret}\"";

    [Fact]
    public async Task UpsertCliente_sends_the_exact_envelope_to_geral_clientes_with_trailing_slash()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.ClientesStatusOk));

        var status = await t.Client.UpsertCustomerAsync(Samples.Customer());

        var request = Assert.Single(t.Handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://app.omie.com.br/api/v1/geral/clientes/", request.Uri.AbsoluteUri);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("utf-8", request.CharSet);
        Assert.Equal(
            "{\"call\":\"UpsertCliente\"," + Credentials + ",\"param\":[{" +
            "\"razao_social\":\"Acme Serviços Ltda\",\"nome_fantasia\":\"Acme\",\"cnpj_cpf\":\"39330543000102\"," +
            "\"codigo_cliente_integracao\":\"cli-39330543000102\",\"email\":\"financeiro@acme.com.br\"," +
            "\"telefone1_ddd\":\"11\",\"telefone1_numero\":\"912345678\",\"endereco\":\"Rua Augusta\",\"endereco_numero\":\"100\"," +
            "\"bairro\":\"Consolação\",\"cidade\":\"São Paulo\",\"estado\":\"SP\",\"cep\":\"01304000\"," +
            "\"codigo_pais\":\"1058\",\"contribuinte\":\"N\",\"optante_simples_nacional\":\"N\"}]}",
            request.Body);
        Assert.Equal(new OmieCustomerStatus(5522173861, "cli-39330543000102", "Cliente cadastrado com sucesso!"), status);
    }

    [Fact]
    public async Task IncluirOS_sends_dd_MM_yyyy_dates_numeric_amounts_and_a_param_array_of_one()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.OsStatusOk));

        var status = await t.Client.CreateServiceOrderAsync(Samples.Order());

        var request = Assert.Single(t.Handler.Requests);
        Assert.Equal("https://app.omie.com.br/api/v1/servicos/os/", request.Uri.AbsoluteUri);
        Assert.Equal(
            "{\"call\":\"IncluirOS\"," + Credentials + ",\"param\":[{" +
            "\"Cabecalho\":{\"cCodIntOS\":\"deal-42\",\"nCodCli\":5522173861,\"dDtPrevisao\":\"05/03/2026\"," +
            "\"cEtapa\":\"50\",\"cCodParc\":\"000\",\"nQtdeParc\":1}," +
            "\"InformacoesAdicionais\":{\"cDadosAdicNF\":\"Pedido 42\"}," +
            "\"ServicosPrestados\":[{\"cCodServMun\":\"0107\",\"cCodServLC116\":\"1.07\",\"cDescServ\":\"Suporte técnico\"," +
            "\"nQtde\":2,\"nValUnit\":1500.50,\"cTribServ\":\"01\",\"cRetemISS\":\"N\"}]}]}",
            request.Body);
        Assert.Equal(new OmieOrderStatus(987654, "deal-42", "000000042", "0", "Ordem de Serviço cadastrada com sucesso!"), status);
    }

    [Fact]
    public async Task IncluirOS_uses_cCodIntCli_and_cCidPrestServ_when_given()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.OsStatusOk));

        await t.Client.CreateServiceOrderAsync(Samples.Order() with
        {
            CustomerOmieId = null,
            CustomerIntegrationCode = "cli-1",
            ServiceCity = "SAO PAULO (SP)",
            ExpectedDate = new DateOnly(2026, 12, 31),
        });

        var body = Assert.Single(t.Handler.Requests).Body;
        Assert.Contains("\"Cabecalho\":{\"cCodIntOS\":\"deal-42\",\"cCodIntCli\":\"cli-1\",\"dDtPrevisao\":\"31/12/2026\",", body);
        Assert.DoesNotContain("nCodCli", body);
        Assert.Contains("\"InformacoesAdicionais\":{\"cDadosAdicNF\":\"Pedido 42\",\"cCidPrestServ\":\"SAO PAULO (SP)\"}", body);
    }

    [Theory]
    [InlineData("FaturarOS", "https://app.omie.com.br/api/v1/servicos/osp/")]
    [InlineData("StatusOS", "https://app.omie.com.br/api/v1/servicos/os/")]
    [InlineData("ConsultarOS", "https://app.omie.com.br/api/v1/servicos/os/")]
    [InlineData("ReenviarOS", "https://app.omie.com.br/api/v1/servicos/osp/")]
    public async Task Order_calls_send_cCodIntOS_to_their_module(string call, string url)
    {
        using var t = TestClient.Answering(r => FakeHandler.Json(200, r.Body.Contains("StatusOS") ? Samples.StatusOsOk : Samples.OsStatusOk));

        switch (call)
        {
            case "FaturarOS": await t.Client.InvoiceServiceOrderAsync("deal-42"); break;
            case "StatusOS": await t.Client.GetInvoiceStatusAsync("deal-42"); break;
            case "ConsultarOS": await t.Client.FindServiceOrderAsync("deal-42"); break;
            case "ReenviarOS": await t.Client.ResendInvoiceAsync("deal-42"); break;
        }

        var request = Assert.Single(t.Handler.Requests);
        Assert.Equal(url, request.Uri.AbsoluteUri);
        Assert.Equal("{\"call\":\"" + call + "\"," + Credentials + ",\"param\":[{\"cCodIntOS\":\"deal-42\"}]}", request.Body);
    }

    [Fact]
    public async Task ConsultarCliente_and_ListarClientes_send_their_keys()
    {
        using var t = TestClient.Answering(r => r.Body.Contains("ListarClientes")
            ? FakeHandler.Json(200, """{"pagina":1,"total_de_paginas":1,"registros":1,"total_de_registros":1,"clientes_cadastro":[{"codigo_cliente_omie":"77","codigo_cliente_integracao":"c7","razao_social":"Acme","cnpj_cpf":"39.330.543/0001-02"}]}""")
            : FakeHandler.Json(200, """{"codigo_cliente_omie":77,"codigo_cliente_integracao":"c7","razao_social":"Acme"}"""));

        var byCode = await t.Client.FindCustomerByIntegrationCodeAsync("c7");
        var byDocument = await t.Client.FindCustomerByDocumentAsync("39330543000102");

        var requests = t.Handler.Requests.ToArray();
        Assert.Equal("https://app.omie.com.br/api/v1/geral/clientes/", requests[0].Uri.AbsoluteUri);
        Assert.Equal("{\"call\":\"ConsultarCliente\"," + Credentials + ",\"param\":[{\"codigo_cliente_integracao\":\"c7\"}]}", requests[0].Body);
        Assert.Equal("{\"call\":\"ListarClientes\"," + Credentials +
                     ",\"param\":[{\"pagina\":1,\"registros_por_pagina\":50,\"clientesFiltro\":{\"cnpj_cpf\":\"39330543000102\"}}]}",
            requests[1].Body);
        Assert.Equal(new OmieCustomerStatus(77, "c7", "Acme"), byCode);
        Assert.Equal(new OmieCustomerStatus(77, "c7", "Acme"), byDocument); // formatted CNPJ matches the digits
    }

    [Fact]
    public async Task ListarClientes_ignores_customers_with_another_document()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Json(200,
            """{"pagina":1,"total_de_paginas":1,"registros":1,"total_de_registros":1,"clientes_cadastro":[{"codigo_cliente_omie":77,"cnpj_cpf":"11.222.333/0001-81"}]}"""));

        Assert.Null(await t.Client.FindCustomerByDocumentAsync("39330543000102"));
    }

    [Fact]
    public async Task A_base_url_without_trailing_slash_still_gets_one()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, Samples.StatusOsOk), o => o.BaseUrl = "http://localhost:5080/api/v1");

        await t.Client.GetInvoiceStatusAsync("deal-42");

        Assert.Equal("http://localhost:5080/api/v1/servicos/os/", Assert.Single(t.Handler.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task StatusOS_answer_is_read_leniently()
    {
        // Numbers as strings, strings as numbers, unknown fields, nested unknown objects, missing lists.
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, """
            {"cCodIntOS":"deal-42","nCodOS":"987654","cNumOS":42,"cFaturada":"S","cCancelada":"N","cAmbiente":"H",
             "novoCampo":{"a":[1,2]},
             "ListaRpsNfse":[
               {"cStatusRps":"004","cStatusLote":"004","nNfse":1234,"cCodVerif":"AB12-CD","cUrlNfse":"https://nfse.example/1234",
                "mensagens":[{"cCodigo":"E160","cDescricao":"Aliquota","cCorrecao":"Corrija","cSituacao":"ALERTA","nSeq":"1"}]},
               {"cStatusRps":"","cStatusLote":"002","nNfse":"","mensagens":null}
             ]}
            """));

        var status = await t.Client.GetInvoiceStatusAsync("deal-42");

        Assert.True(status.Invoiced);
        Assert.False(status.Cancelled);
        Assert.Equal("H", status.Environment);
        Assert.Equal(2, status.Rps.Count);
        var issued = status.Rps[0];
        Assert.Equal(("004", "1234", "AB12-CD", "https://nfse.example/1234"), (issued.Status, issued.NfseNumber, issued.VerificationCode, issued.NfseUrl));
        Assert.Equal(new OmieCityMessage("E160", "Aliquota", "Corrija", "ALERTA"), Assert.Single(issued.Messages));
        Assert.Equal("002", status.Rps[1].Status); // falls back to cStatusLote
        Assert.Equal("002", status.Rps[1].BatchStatus);
        Assert.Empty(status.Rps[1].Messages);
    }

    [Fact]
    public async Task ConsultarOS_answer_maps_to_an_order_status()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Json(200,
            """{"Cabecalho":{"cCodIntOS":"deal-42","nCodOS":"987654","cNumOS":"000000042","cEtapa":"50","nCodCli":5522173861},"InfoCadastro":{"cFaturada":"N","cCancelada":"N"},"ServicosPrestados":[]}"""));

        var order = await t.Client.FindServiceOrderAsync("deal-42");

        Assert.NotNull(order);
        Assert.Equal((987654L, "deal-42", "000000042", "50"), (order.OmieOrderId, order.IntegrationCode, order.OrderNumber, order.StatusCode));
        Assert.Equal("cEtapa=50; cFaturada=N; cCancelada=N", order.StatusDescription);
    }
}
