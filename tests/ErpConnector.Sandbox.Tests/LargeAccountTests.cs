using System.Globalization;
using System.Text.Json.Nodes;
using ErpConnector.Sandbox.FaultInjection;
using ErpConnector.Sandbox.Omie;
using ErpConnector.Sandbox.Omie.Pushes;
using ErpConnector.Sandbox.Omie.ServiceOrders;
using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox.Tests;

/// <summary>
/// The account's indexes on a data set the size of a load benchmark: every lookup must still name the right
/// record after many inserts, updates and a delete. Driven through the methods directly (no HTTP) so the test
/// stays quick; correctness is asserted, not timing.
/// </summary>
public sealed class LargeAccountTests
{
    private const int Count = 20_000;
    private static readonly DateTimeOffset T0 = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly OmieAccount _account;
    private readonly OmieMethods _methods = OmieMethods.Simulated();

    public LargeAccountTests()
    {
        var clock = TimeProvider.System;
        var options = Options.Create(new SandboxOptions { NfseIssueDelay = TimeSpan.FromSeconds(2) });
        var injections = new InjectionBoard(clock);
        _account = new OmieAccount(
            new CityHall(injections), options, new PushOutbox(Options.Create(new PushOptions()), options, injections, clock), new SandboxAddress(null, options));
    }

    [Fact]
    public void Lookups_stay_right_across_twenty_thousand_customers_and_orders()
    {
        var ids = new long[Count];
        var orderIds = new long[Count];
        for (var i = 0; i < Count; i++)
        {
            ids[i] = Call("geral/clientes", "UpsertCliente", Records.Customer(CustomerCode(i), Doc(i)), T0)["codigo_cliente_omie"]!.GetValue<long>();
            orderIds[i] = Call("servicos/os", "IncluirOS", Records.Order(OrderCode(i), CustomerCode(i)), T0)["nCodOS"]!.GetValue<long>();
        }

        // Upsert of an existing code updates it; a punctuated copy of another's document names the holder.
        var updated = Records.Customer(CustomerCode(123), Doc(123));
        updated["razao_social"] = "RENOMEADA LTDA";
        Assert.Equal("Cliente alterado com sucesso.", Call("geral/clientes", "UpsertCliente", updated, T0)["descricao_status"]!.GetValue<string>());
        var clash = Assert.Throws<OmieFault>(() => Call("geral/clientes", "UpsertCliente", Records.Customer("NOVO", Punctuated(Doc(17_777))), T0));
        Assert.Contains($"com o Id [{ids[17_777]}] e código de integração [{CustomerCode(17_777)}]", clash.FaultString);
        Assert.Throws<OmieFault>(() => Call("geral/clientes", "IncluirCliente", Records.Customer(CustomerCode(5), Doc(99_999_999)), T0));
        Assert.Throws<OmieFault>(() => Call("servicos/os", "IncluirOS", Records.Order(OrderCode(19_999), CustomerCode(0)), T0));

        foreach (var i in new[] { 0, 1, 123, 9_999, 17_777, Count - 1 })
        {
            var byCode = Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_integracao"] = CustomerCode(i) }, T0);
            var byId = Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_omie"] = ids[i] }, T0);
            Assert.Equal(ids[i], byCode["codigo_cliente_omie"]!.GetValue<long>());
            Assert.Equal(CustomerCode(i), byId["codigo_cliente_integracao"]!.GetValue<string>());
            Assert.Equal(i == 123 ? "RENOMEADA LTDA" : "ACME SERVICOS LTDA", byId["razao_social"]!.GetValue<string>());
            var listed = Call("geral/clientes", "ListarClientes", new JsonObject { ["clientesFiltro"] = new JsonObject { ["cnpj_cpf"] = Punctuated(Doc(i)) } }, T0);
            Assert.Equal(CustomerCode(i), listed["clientes_cadastro"]![0]!["codigo_cliente_integracao"]!.GetValue<string>());

            var byOrderCode = Call("servicos/os", "ConsultarOS", Records.ByOrder(OrderCode(i)), T0);
            var byOrderId = Call("servicos/os", "StatusOS", new JsonObject { ["nCodOS"] = orderIds[i] }, T0);
            Assert.Equal(orderIds[i], byOrderCode["Cabecalho"]!["nCodOS"]!.GetValue<long>());
            Assert.Equal(ids[i], byOrderCode["Cabecalho"]!["nCodCli"]!.GetValue<long>());
            Assert.Equal(OrderCode(i), byOrderId["cCodIntOS"]!.GetValue<string>());
        }

        // The last page of the unfiltered listing is the tail of the insertion order.
        var last = Call("geral/clientes", "ListarClientes", new JsonObject { ["pagina"] = Count / 500, ["registros_por_pagina"] = 500 }, T0);
        Assert.Equal(Count, last["total_de_registros"]!.GetValue<int>());
        Assert.Equal(CustomerCode(Count - 1), last["clientes_cadastro"]![499]!["codigo_cliente_integracao"]!.GetValue<string>());

        // A deleted customer is gone from every index, and its code and document are free again.
        Assert.True(_account.Transact(T0, () => _account.RemoveCustomer(CustomerCode(9_999))));
        Assert.False(_account.Transact(T0, () => _account.RemoveCustomer(CustomerCode(9_999))));
        Assert.Throws<OmieFault>(() => Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_omie"] = ids[9_999] }, T0));
        Assert.Throws<OmieFault>(() => Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_integracao"] = CustomerCode(9_999) }, T0));
        var reborn = Call("geral/clientes", "IncluirCliente", Records.Customer(CustomerCode(9_999), Doc(9_999)), T0)["codigo_cliente_omie"]!.GetValue<long>();
        Assert.True(reborn > orderIds[Count - 1]);
        Assert.Equal(Count, _account.Customers.Count);
        Assert.Equal(reborn, _account.Customers[^1].Id);
        Assert.Equal(ids[10_000], _account.Customers[9_999].Id);
        Assert.Equal(Count, _account.Orders.Count);
    }

    [Fact]
    public void The_city_processes_only_what_is_due_in_due_order()
    {
        for (var i = 0; i < Count; i++)
        {
            Call("geral/clientes", "UpsertCliente", Records.Customer(CustomerCode(i), Doc(i)), T0);
            Call("servicos/os", "IncluirOS", Records.Order(OrderCode(i), CustomerCode(i)), T0);
        }
        // Invoiced back to front, one second apart: the NFS-e numbers must follow the due times, not the order ids.
        for (var i = Count - 1; i >= 0; i--)
        {
            Call("servicos/osp", "FaturarOS", Records.ByOrder(OrderCode(i)), T0.AddSeconds(Count - 1 - i));
        }

        var pending = Call("servicos/os", "StatusOS", Records.ByOrder(OrderCode(0)), T0.AddSeconds(Count - 1));
        Assert.Equal("002", pending["ListaRpsNfse"]![0]!["cStatusRps"]!.GetValue<string>());
        var firstDue = Call("servicos/os", "StatusOS", Records.ByOrder(OrderCode(Count - 1)), T0.AddSeconds(Count - 1));
        Assert.Equal("1", firstDue["ListaRpsNfse"]![0]!["nNfse"]!.GetValue<string>());

        var all = Call("servicos/os", "StatusOS", Records.ByOrder(OrderCode(0)), T0.AddSeconds(Count + 5));
        Assert.Equal(Count.ToString(CultureInfo.InvariantCulture), all["ListaRpsNfse"]![0]!["nNfse"]!.GetValue<string>());
        Assert.All(_account.Orders, o => Assert.Equal(Rps.Issued, o.Rps.Single().Status));
    }

    private JsonObject Call(string service, string call, JsonObject param, DateTimeOffset now)
    {
        var method = _methods.Find(service, call)!;
        // Through JSON text, as the endpoint receives it (a parsed number reads as any numeric type).
        var parsed = JsonNode.Parse(param.ToJsonString())!.AsObject();
        var work = method.Prepare(new OmieCall(parsed, _account, now));
        return _account.Transact(now, work).AsObject();
    }

    private static string CustomerCode(int i) => $"CLI-{i:D6}";
    private static string OrderCode(int i) => $"OS-{i:D6}";
    private static string Doc(int i) => (10_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture);
    private static string Punctuated(string d) => $"{d[..2]}.{d[2..5]}.{d[5..8]}/{d[8..12]}-{d[12..]}";
}
