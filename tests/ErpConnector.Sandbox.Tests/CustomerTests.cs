using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Tests;

public sealed class CustomerTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxHost Host => fixture.Host;

    [Fact]
    public async Task Upsert_inserts_then_updates_the_same_customer()
    {
        var code = Records.Unique("CLI");

        var customer = Records.Customer(code);
        var first = (await Host.Call("geral/clientes", "UpsertCliente", customer)).Ok();
        customer["razao_social"] = "ACME NOVO NOME LTDA";
        customer.Remove("email");
        var second = (await Host.Call("geral/clientes", "UpsertCliente", customer)).Ok();

        Assert.Equal(code, first["codigo_cliente_integracao"]!.GetValue<string>());
        Assert.Equal("0", first["codigo_status"]!.GetValue<string>());
        Assert.Equal("Cliente cadastrado com sucesso.", first["descricao_status"]!.GetValue<string>());
        Assert.Equal(first["codigo_cliente_omie"]!.GetValue<long>(), second["codigo_cliente_omie"]!.GetValue<long>());
        var read = (await Host.Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_integracao"] = code })).Ok();
        Assert.Equal("ACME NOVO NOME LTDA", read["razao_social"]!.GetValue<string>());
        Assert.Equal("financeiro@acme.example", read["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upsert_of_another_customer_with_the_same_cnpj_names_the_holder()
    {
        var holder = Records.Unique("CLI");
        var digits = Records.Document();
        var formatted = $"{digits[..2]}.{digits[2..5]}.{digits[5..8]}/{digits[8..12]}-{digits[12..]}";
        var id = (await Host.Call("geral/clientes", "UpsertCliente", Records.Customer(holder, formatted))).Ok()["codigo_cliente_omie"]!.GetValue<long>();

        var reply = await Host.Call("geral/clientes", "UpsertCliente", Records.Customer(Records.Unique("CLI"), digits));

        Assert.Equal(500, (int)reply.Status);
        Assert.Equal($"ERROR: Cliente já cadastrado para o CPF/CNPJ [{formatted}] com o Id [{id}] e código de integração [{holder}] ! (add)", reply.FaultString);
    }

    [Fact]
    public async Task Incluir_with_a_taken_integration_code_gives_the_existing_ncod()
    {
        var code = Records.Unique("CLI");
        var id = (await Host.Call("geral/clientes", "IncluirCliente", Records.Customer(code))).Ok()["codigo_cliente_omie"]!.GetValue<long>();

        var reply = await Host.Call("geral/clientes", "IncluirCliente", Records.Customer(code));

        reply.Fault("SOAP-ENV:Client-102");
        Assert.Equal($"ERROR: Cliente já cadastrado para o Código de Integração [{code}] com o nCod [{id}]!", reply.FaultString);
    }

    [Fact]
    public async Task Razao_social_is_required()
    {
        var customer = Records.Customer(Records.Unique("CLI"));
        customer.Remove("razao_social");

        var reply = await Host.Call("geral/clientes", "UpsertCliente", customer);

        reply.Fault("SOAP-ENV:Client-102");
        Assert.Contains("[razao_social]", reply.FaultString);
    }

    [Fact]
    public async Task Consultar_unknown_customer_is_client_105()
    {
        var reply = await Host.Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_integracao"] = "NOPE-1" });

        reply.Fault("SOAP-ENV:Client-105");
        Assert.Equal("ERROR: Cliente não cadastrado para o Código [NOPE-1] !", reply.FaultString);
    }

    [Fact]
    public async Task Consultar_by_omie_id_returns_the_record()
    {
        var code = Records.Unique("CLI");
        var id = (await Host.Call("geral/clientes", "UpsertCliente", Records.Customer(code))).Ok()["codigo_cliente_omie"]!.GetValue<long>();

        var read = (await Host.Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_omie"] = id })).Ok();

        Assert.Equal(code, read["codigo_cliente_integracao"]!.GetValue<string>());
        Assert.Equal("N", read["pessoa_fisica"]!.GetValue<string>());
    }

    [Fact]
    public async Task Listar_matches_a_formatted_cnpj_by_digits_and_an_empty_result_is_5113()
    {
        var code = Records.Unique("CLI");
        var digits = Records.Document();
        var formatted = $"{digits[..2]}.{digits[2..5]}.{digits[5..8]}/{digits[8..12]}-{digits[12..]}";
        (await Host.Call("geral/clientes", "UpsertCliente", Records.Customer(code, formatted))).Ok();

        var found = (await Host.Call("geral/clientes", "ListarClientes", Filter(digits))).Ok();
        var missing = await Host.Call("geral/clientes", "ListarClientes", Filter(Records.Document()));

        Assert.Equal(1, found["total_de_registros"]!.GetValue<int>());
        Assert.Equal(1, found["total_de_paginas"]!.GetValue<int>());
        Assert.Equal(code, found["clientes_cadastro"]![0]!["codigo_cliente_integracao"]!.GetValue<string>());
        missing.Fault("SOAP-ENV:Client-5113");
        Assert.Equal("ERROR: Não existem registros para a página [1]!", missing.FaultString);

        static JsonObject Filter(string document) => new()
        {
            ["pagina"] = 1,
            ["registros_por_pagina"] = 50,
            ["clientesFiltro"] = new JsonObject { ["cnpj_cpf"] = document },
        };
    }

    [Fact]
    public async Task Listar_matches_an_alphanumeric_cnpj_regardless_of_case_and_punctuation()
    {
        var code = Records.Unique("CLI");
        var suffix = Random.Shared.Next(10, 99).ToString();
        var formatted = $"12.ABC.345/01DE-{suffix}";
        (await Host.Call("geral/clientes", "UpsertCliente", Records.Customer(code, formatted))).Ok();
        var filter = new JsonObject { ["pagina"] = 1, ["clientesFiltro"] = new JsonObject { ["cnpj_cpf"] = $"12abc34501de{suffix}" } };

        var found = (await Host.Call("geral/clientes", "ListarClientes", filter)).Ok();

        Assert.Contains(found["clientes_cadastro"]!.AsArray(), c => c!["codigo_cliente_integracao"]!.GetValue<string>() == code);
    }

    [Fact]
    public async Task A_customer_deleted_behind_our_back_is_not_found()
    {
        var code = Records.Unique("CLI");
        (await Host.Call("geral/clientes", "UpsertCliente", Records.Customer(code))).Ok();

        using var deleted = await Host.Http.DeleteAsync($"/_sandbox/customers/{code}");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
        (await Host.Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_integracao"] = code })).Fault("SOAP-ENV:Client-105");
    }
}
