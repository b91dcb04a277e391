using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Tests;

/// <summary>Request params shaped as the connector sends them, with unique keys so tests never collide.</summary>
public static class Records
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    /// <summary>A CNPJ-shaped document unique per call (check digits are not validated by the simulator).</summary>
    public static string Document() => Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999).ToString();

    public static JsonObject Customer(string code, string? document = null, string? tradeName = "ACME") => new()
    {
        ["codigo_cliente_integracao"] = code,
        ["razao_social"] = "ACME SERVICOS LTDA",
        ["nome_fantasia"] = tradeName,
        ["cnpj_cpf"] = document ?? Document(),
        ["email"] = "financeiro@acme.example",
        ["cidade"] = "SAO PAULO (SP)",
        ["estado"] = "SP",
    };

    public static JsonObject Order(string code, string customerCode, string date = "15/03/2026", string municipalCode = "0107") => new()
    {
        ["Cabecalho"] = new JsonObject
        {
            ["cCodIntOS"] = code,
            ["cCodIntCli"] = customerCode,
            ["dDtPrevisao"] = date,
            ["cEtapa"] = "50",
            ["cCodParc"] = "000",
            ["nQtdeParc"] = 1,
        },
        ["InformacoesAdicionais"] = new JsonObject { ["cCodCateg"] = "1.01.02", ["cCidPrestServ"] = "SAO PAULO (SP)" },
        ["ServicosPrestados"] = new JsonArray(new JsonObject
        {
            ["cCodServMun"] = municipalCode,
            ["cCodServLC116"] = "1.07",
            ["cDescServ"] = "Implantação do CRM",
            ["nValUnit"] = 1500.50m,
            ["nQtde"] = 2,
        }),
    };

    public static JsonObject ByOrder(string code) => new() { ["cCodIntOS"] = code };

    /// <summary>IncluirOS's Email block: the NFS-e link to the customer, and a boleto and/or a PIX charge.</summary>
    public static JsonObject WithEmail(JsonObject order, bool boleto = false, bool pix = false)
    {
        order["Email"] = new JsonObject
        {
            ["cEnvLink"] = "S",
            ["cEnvBoleto"] = boleto ? "S" : "N",
            ["cEnvPix"] = pix ? "S" : "N",
            ["cEnviarPara"] = "financeiro@acme.example",
        };
        return order;
    }

    /// <summary>A customer and an order for it, ready to invoice.</summary>
    public static async Task<string> OrderReady(SandboxHost host, bool boleto = false, string? document = null)
    {
        var customer = Unique("CLI");
        var order = Unique("OS");
        (await host.Call("geral/clientes", "UpsertCliente", Customer(customer, document))).Ok();
        (await host.Call("servicos/os", "IncluirOS", boleto ? WithEmail(Order(order, customer), boleto: true) : Order(order, customer))).Ok();
        return order;
    }

    /// <summary>An order invoiced and its NFS-e issued (004): the RPS entry of StatusOS.</summary>
    public static async Task<JsonObject> IssuedOrder(SandboxHost host, string order)
    {
        (await host.Call("servicos/osp", "FaturarOS", ByOrder(order))).Ok();
        var rps = await SettledRps(host, order);
        Assert.Equal("004", rps["cStatusRps"]!.GetValue<string>());
        return rps;
    }

    /// <summary>Polls StatusOS until <paramref name="done"/> holds for the whole reply (or 10 s pass), and returns it.</summary>
    public static async Task<JsonObject> StatusUntil(SandboxHost host, string order, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var status = (await host.Call("servicos/os", "StatusOS", ByOrder(order))).Ok();
            if (done(status) || DateTime.UtcNow > deadline) return status;
            await Task.Delay(100);
        }
    }

    /// <summary>Polls StatusOS until the first RPS leaves "002 processing" (the simulated city is asynchronous).</summary>
    public static async Task<JsonObject> SettledRps(SandboxHost host, string order)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var rps = (await host.Call("servicos/os", "StatusOS", ByOrder(order))).Ok()["ListaRpsNfse"]![0]!.AsObject();
            if (rps["cStatusRps"]!.GetValue<string>() != "002" || DateTime.UtcNow > deadline) return rps;
            await Task.Delay(100);
        }
    }
}
