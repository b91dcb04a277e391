using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Tests;

/// <summary>NFS-e issuance is asynchronous: FaturarOS answers at once, the city decides after Sandbox:NfseIssueDelay.</summary>
public sealed class InvoicingTests
{
    [Fact]
    public async Task FaturarOS_sends_an_rps_that_is_issued_after_the_delay()
    {
        // A delay of its own, long enough that the "still processing" read cannot race the city.
        await using var host = await SandboxHost.StartAsync(("Sandbox:NfseIssueDelay", "00:00:01"));
        var order = await Records.OrderReady(host);

        var invoiced = (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        var pending = (await host.Call("servicos/os", "StatusOS", Records.ByOrder(order))).Ok();
        var issued = await Records.SettledRps(host, order);

        Assert.Equal("0", invoiced["cCodStatus"]!.GetValue<string>());
        Assert.Equal("S", pending["cFaturada"]!.GetValue<string>());
        Assert.Equal("H", pending["cAmbiente"]!.GetValue<string>());
        Assert.Equal("002", pending["ListaRpsNfse"]![0]!["cStatusRps"]!.GetValue<string>());
        Assert.Equal("004", issued["cStatusRps"]!.GetValue<string>());
        Assert.Equal("1", issued["nNfse"]!.GetValue<string>());
        var verification = issued["cCodVerif"]!.GetValue<string>();
        Assert.Equal(new Uri(host.Address, $"/_sandbox/nfse/1?v={verification}"), new Uri(issued["cUrlNfse"]!.GetValue<string>()));
        Assert.Equal("SUCESSO", issued["mensagens"]![0]!["cSituacao"]!.GetValue<string>());
        var state = (await host.State())["orders"]![0]!;
        Assert.True(state["faturada"]!.GetValue<bool>());
        Assert.Equal("004", state["rps"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invoicing_twice_is_a_fault()
    {
        await using var host = await SandboxHost.StartAsync();
        var order = await Records.OrderReady(host);
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();

        var again = await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order));

        again.Fault("SOAP-ENV:Client-102");
        Assert.Contains("já está faturada", again.FaultString);
        Assert.Single((await host.State())["orders"]![0]!["rps"]!.AsArray());
    }

    [Fact]
    public async Task A_customer_without_nome_fantasia_can_be_ordered_but_not_invoiced()
    {
        await using var host = await SandboxHost.StartAsync();
        var customer = Records.Unique("CLI");
        var order = Records.Unique("OS");
        (await host.Call("geral/clientes", "UpsertCliente", Records.Customer(customer, tradeName: null))).Ok();
        (await host.Call("servicos/os", "IncluirOS", Records.Order(order, customer))).Ok();

        var reply = await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order));

        reply.Fault("SOAP-ENV:Client-102");
        Assert.Contains("[nome_fantasia]", reply.FaultString);
    }

    [Fact]
    public async Task City_rejects_the_next_rps_and_a_resend_gets_it_issued()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.Inject(new { kind = "city-rejects", code = "E0310", message = "Código de tributação nacional inexistente", correction = "Informe um código válido", count = 1 });
        var rejectedOrder = await Records.OrderReady(host);
        var laterOrder = await Records.OrderReady(host);

        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(rejectedOrder))).Ok();
        var rejected = await Records.SettledRps(host, rejectedOrder);
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(laterOrder))).Ok();
        var later = await Records.SettledRps(host, laterOrder);

        Assert.Equal("003", rejected["cStatusRps"]!.GetValue<string>());
        var message = rejected["mensagens"]![0]!;
        Assert.Equal("E0310", message["cCodigo"]!.GetValue<string>());
        Assert.Equal("Código de tributação nacional inexistente", message["cDescricao"]!.GetValue<string>());
        Assert.Equal("Informe um código válido", message["cCorrecao"]!.GetValue<string>());
        Assert.Equal("ERRO", message["cSituacao"]!.GetValue<string>());
        Assert.Equal("004", later["cStatusRps"]!.GetValue<string>());

        (await host.Call("servicos/osp", "ReenviarOS", Records.ByOrder(rejectedOrder))).Ok();
        Assert.Equal("004", (await Records.SettledRps(host, rejectedOrder))["cStatusRps"]!.GetValue<string>());
    }

    [Fact]
    public async Task City_unavailable_rejects_with_a_transient_message_until_the_window_ends()
    {
        await using var host = await SandboxHost.StartAsync(("Sandbox:NfseIssueDelay", "00:00:00.100"));
        var order = await Records.OrderReady(host);
        await host.Inject(new { kind = "city-unavailable", seconds = 1 });
        var windowEnds = DateTime.UtcNow.AddSeconds(1);

        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        var rejected = await Records.SettledRps(host, order);
        await Task.Delay(windowEnds - DateTime.UtcNow + TimeSpan.FromMilliseconds(100));
        (await host.Call("servicos/osp", "ReenviarOS", Records.ByOrder(order))).Ok();
        var issued = await Records.SettledRps(host, order);

        Assert.Equal("003", rejected["cStatusRps"]!.GetValue<string>());
        Assert.Equal("E999", rejected["mensagens"]![0]!["cCodigo"]!.GetValue<string>());
        Assert.Contains("instabilidade", rejected["mensagens"]![0]!["cDescricao"]!.GetValue<string>());
        Assert.Equal("004", issued["cStatusRps"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReenviarOS_is_refused_unless_the_rps_was_rejected()
    {
        await using var host = await SandboxHost.StartAsync();
        var order = await Records.OrderReady(host);

        var reply = await host.Call("servicos/osp", "ReenviarOS", Records.ByOrder(order));

        reply.Fault("SOAP-ENV:Client-102");
    }

    [Fact]
    public async Task An_rps_for_a_txt_only_city_stays_processing_until_imported()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.Inject(new { kind = "city-txt-import", count = 1 });
        var txtOrder = await Records.OrderReady(host);
        var laterOrder = await Records.OrderReady(host);

        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(txtOrder))).Ok();
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(laterOrder))).Ok();
        // The later RPS was due after the first one: once it is decided, the first one would have been too.
        var later = await Records.SettledRps(host, laterOrder);
        var waiting = (await host.Call("servicos/os", "StatusOS", Records.ByOrder(txtOrder))).Ok()["ListaRpsNfse"]![0]!;
        using var imported = await host.Http.PostAsync($"/_sandbox/orders/{txtOrder}/import", null);
        var issued = (await host.Call("servicos/os", "StatusOS", Records.ByOrder(txtOrder))).Ok()["ListaRpsNfse"]![0]!;
        using var again = await host.Http.PostAsync($"/_sandbox/orders/{txtOrder}/import", null);

        Assert.Equal("004", later["cStatusRps"]!.GetValue<string>());
        Assert.Equal("002", waiting["cStatusRps"]!.GetValue<string>());
        Assert.Equal(System.Net.HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal("004", issued["cStatusRps"]!.GetValue<string>());
        Assert.Equal(System.Net.HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_city_configured_as_txt_only_holds_every_rps()
    {
        await using var host = await SandboxHost.StartAsync(("Sandbox:Cities:SAO PAULO (SP):TxtImportOnly", "true"));
        var order = await Records.OrderReady(host);
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();

        Assert.True((await host.State())["orders"]![0]!["rps"]![0]!["awaitingImport"]!.GetValue<bool>());
        using var imported = await host.Http.PostAsync($"/_sandbox/orders/{order}/import", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal("004", (await host.Call("servicos/os", "StatusOS", Records.ByOrder(order))).Ok()["ListaRpsNfse"]![0]!["cStatusRps"]!.GetValue<string>());
    }
}
