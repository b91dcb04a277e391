using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Tests;

public sealed class ServiceOrderTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxHost Host => fixture.Host;

    [Fact]
    public async Task IncluirOS_returns_the_order_status_and_ConsultarOS_echoes_it()
    {
        var customer = Records.Unique("CLI");
        var code = Records.Unique("OS");
        var customerId = (await Host.Call("geral/clientes", "UpsertCliente", Records.Customer(customer))).Ok()["codigo_cliente_omie"]!.GetValue<long>();

        var created = (await Host.Call("servicos/os", "IncluirOS", Records.Order(code, customer))).Ok();
        var read = (await Host.Call("servicos/os", "ConsultarOS", new JsonObject { ["nCodOS"] = created["nCodOS"]!.GetValue<long>() })).Ok();

        Assert.Equal(code, created["cCodIntOS"]!.GetValue<string>());
        Assert.Equal("0", created["cCodStatus"]!.GetValue<string>());
        Assert.Equal("Ordem de Serviço cadastrada com sucesso!", created["cDescStatus"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(created["cNumOS"]!.GetValue<string>()));
        var header = read["Cabecalho"]!;
        Assert.Equal(code, header["cCodIntOS"]!.GetValue<string>());
        Assert.Equal(customerId, header["nCodCli"]!.GetValue<long>());
        Assert.Equal("50", header["cEtapa"]!.GetValue<string>());
        Assert.Equal(1500.50m, read["ServicosPrestados"]![0]!["nValUnit"]!.GetValue<decimal>());
        Assert.Equal("N", read["InfoCadastro"]!["cFaturado"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConsultarOS_adds_the_taxes_omie_computes_per_service_rounded_to_centavos_the_same_on_every_read()
    {
        var customer = Records.Unique("CLI");
        var code = Records.Unique("OS");
        (await Host.Call("geral/clientes", "UpsertCliente", Records.Customer(customer))).Ok();
        var order = Records.Order(code, customer);
        order["ServicosPrestados"]![0]!["impostos"] = new JsonObject
        {
            ["nAliqISS"] = 2, ["nTotDeducao"] = 0.5m, ["nAliqIRRF"] = 1.5m, ["cRetemIRRF"] = "S", ["nAliqPIS"] = 0.65m, ["cRetemPIS"] = "S",
        };
        (await Host.Call("servicos/os", "IncluirOS", order)).Ok();

        var read = (await Host.Call("servicos/os", "ConsultarOS", Records.ByOrder(code))).Ok();
        var again = (await Host.Call("servicos/os", "ConsultarOS", Records.ByOrder(code))).Ok();

        // 2 × 1,500.50 = 3,001.00. ISS on 3,000.50 at 2% = 60.01; IRRF 45.015 → 45.02 (half away from zero); PIS 19.5065 → 19.51.
        var taxes = read["ServicosPrestados"]![0]!["impostos"]!.AsObject();
        Assert.Equal((3000.50m, 60.01m, 45.02m, 19.51m), (taxes["nBaseISS"]!.GetValue<decimal>(), taxes["nValorISS"]!.GetValue<decimal>(),
            taxes["nValorIRRF"]!.GetValue<decimal>(), taxes["nValorPIS"]!.GetValue<decimal>()));
        Assert.Null(taxes["nValorCOFINS"]);
        Assert.Equal(taxes.ToJsonString(), again["ServicosPrestados"]![0]!["impostos"]!.ToJsonString());
    }

    [Fact]
    public async Task A_second_IncluirOS_with_the_same_code_is_a_duplicate_fault_and_creates_nothing()
    {
        var customer = Records.Unique("CLI");
        var code = Records.Unique("OS");
        (await Host.Call("geral/clientes", "UpsertCliente", Records.Customer(customer))).Ok();
        (await Host.Call("servicos/os", "IncluirOS", Records.Order(code, customer))).Ok();

        var reply = await Host.Call("servicos/os", "IncluirOS", Records.Order(code, customer));

        reply.Fault("SOAP-ENV:Client-102");
        Assert.Contains($"[{code}]", reply.FaultString);
        var orders = (await Host.State())["orders"]!.AsArray();
        Assert.Single(orders, o => o!["cCodIntOS"]!.GetValue<string>() == code);
    }

    [Fact]
    public async Task IncluirOS_for_an_unknown_customer_is_client_105()
    {
        var reply = await Host.Call("servicos/os", "IncluirOS", Records.Order(Records.Unique("OS"), "NO-SUCH-CLI"));

        reply.Fault("SOAP-ENV:Client-105");
        Assert.Equal("ERROR: Cliente não cadastrado para o Código [NO-SUCH-CLI] !", reply.FaultString);
    }

    [Fact]
    public async Task An_iso_date_is_refused()
    {
        var customer = Records.Unique("CLI");
        var code = Records.Unique("OS");
        (await Host.Call("geral/clientes", "UpsertCliente", Records.Customer(customer))).Ok();

        var reply = await Host.Call("servicos/os", "IncluirOS", Records.Order(code, customer, date: "2026-03-15"));

        reply.Fault("SOAP-ENV:Client-103");
        Assert.Equal($"ERROR: OS não cadastrada para o Código de Integração [{code}] !", reply.FaultString);
    }

    [Fact]
    public async Task An_amount_sent_as_text_is_refused()
    {
        var customer = Records.Unique("CLI");
        (await Host.Call("geral/clientes", "UpsertCliente", Records.Customer(customer))).Ok();
        var order = Records.Order(Records.Unique("OS"), customer);
        order["ServicosPrestados"]![0]!["nValUnit"] = "1500.50";

        var reply = await Host.Call("servicos/os", "IncluirOS", order);

        reply.Fault("SOAP-ENV:Client-102");
        Assert.Contains("[nValUnit]", reply.FaultString);
    }

    [Fact]
    public async Task Consultar_and_status_of_an_unknown_order_are_client_103()
    {
        var consult = await Host.Call("servicos/os", "ConsultarOS", Records.ByOrder("NO-SUCH-OS"));
        var status = await Host.Call("servicos/os", "StatusOS", Records.ByOrder("NO-SUCH-OS"));

        consult.Fault("SOAP-ENV:Client-103");
        status.Fault("SOAP-ENV:Client-103");
        Assert.Equal("ERROR: OS não cadastrada para o Código de Integração [NO-SUCH-OS] !", status.FaultString);
    }

    [Fact]
    public async Task An_unregistered_municipal_code_is_client_5002()
    {
        await using var strict = await SandboxHost.StartAsync(("Sandbox:ValidMunicipalCodes:0", "0107"), ("Sandbox:ValidMunicipalCodes:1", "0102"));
        var customer = Records.Unique("CLI");
        (await strict.Call("geral/clientes", "UpsertCliente", Records.Customer(customer))).Ok();

        var accepted = await strict.Call("servicos/os", "IncluirOS", Records.Order(Records.Unique("OS"), customer, municipalCode: "0102"));
        var refused = await strict.Call("servicos/os", "IncluirOS", Records.Order(Records.Unique("OS"), customer, municipalCode: "9999"));

        accepted.Ok();
        refused.Fault("SOAP-ENV:Client-5002");
        Assert.Equal("ERROR: Serviço não cadastrado para o Código de integração do Serviço [9999] ! Tag [cCodIntServ]!", refused.FaultString);
    }
}
