using System.Net;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Tests;

/// <summary>CancelarOS on servicos/osp/: taken at once, decided by the city after the processing delay, within its window.</summary>
public sealed class CancellationTests
{
    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static JsonObject Cancel(string order, string flag = "S") => new() { ["cCodIntOS"] = order, ["cCancelarNfse"] = flag };

    private static string Today() => DateTime.UtcNow.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Within_the_window_the_nfse_becomes_cancelled_after_the_delay()
    {
        // A delay of its own, long enough that the "still in force" read cannot race the city.
        await using var host = await SandboxHost.StartAsync(("Sandbox:NfseIssueDelay", "00:00:01"));
        var order = await Records.OrderReady(host);
        await Records.IssuedOrder(host, order);
        var before = Today();

        var reply = (await host.Call("servicos/osp", "CancelarOS", Cancel(order))).Ok();
        var pending = (await host.Call("servicos/os", "StatusOS", Records.ByOrder(order))).Ok();
        var cancelled = await Records.StatusUntil(host, order, s => Text(s["cCancelada"]) == "S");

        Assert.Equal("0", Text(reply["cCodStatus"]));
        Assert.Equal(order, Text(reply["cCodIntOS"]));
        Assert.Equal("N", Text(pending["cCancelada"]));
        Assert.Equal("004", Text(pending["ListaRpsNfse"]![0]!["cStatusRps"]));
        Assert.Equal("S", Text(cancelled["cCancelada"]));
        Assert.Contains(Text(cancelled["dDtCanc"]), new[] { before, Today() });
        var rps = cancelled["ListaRpsNfse"]![0]!;
        Assert.Equal("005", Text(rps["cStatusRps"]));
        Assert.Equal("SUCESSO", Text(rps["mensagens"]!.AsArray()[^1]!["cSituacao"]));
        var state = (await host.State())["orders"]![0]!;
        Assert.True(state["cancelada"]!.GetValue<bool>());
        Assert.Equal(1, (await host.State())["orderCalls"]!["CancelarOS"]!["applied"]!.GetValue<int>());
    }

    [Fact]
    public async Task Past_the_window_the_city_refuses_and_the_nfse_stays_issued()
    {
        await using var host = await SandboxHost.StartAsync();
        var order = await Records.OrderReady(host);
        var issued = await Records.IssuedOrder(host, order);
        var number = Text(issued["nNfse"]);
        using (var aged = await host.Http.PostAsync($"/_sandbox/nfse/{number}/age", SandboxHost.JsonContent(new { days = 31 })))
            Assert.Equal(HttpStatusCode.OK, aged.StatusCode);

        (await host.Call("servicos/osp", "CancelarOS", Cancel(order))).Ok();
        var refused = await Records.StatusUntil(host, order, s => s["ListaRpsNfse"]![0]!["mensagens"]!.AsArray().Any(m => Text(m!["cSituacao"]) == "ERRO"));

        Assert.Equal("N", Text(refused["cCancelada"]));
        Assert.Equal("", Text(refused["dDtCanc"]));
        var rps = refused["ListaRpsNfse"]![0]!;
        Assert.Equal("004", Text(rps["cStatusRps"]));
        var message = rps["mensagens"]!.AsArray().Single(m => Text(m!["cSituacao"]) == "ERRO")!;
        Assert.Equal("E0205", Text(message["cCodigo"]));
        Assert.Contains("Prazo para cancelamento da NFS-e expirado", Text(message["cDescricao"]));
        Assert.NotEqual("", Text(message["cCorrecao"]));
        // Refused, not stuck: a second request is taken (and refused again), not answered "already in progress".
        (await host.Call("servicos/osp", "CancelarOS", Cancel(order))).Ok();
    }

    [Fact]
    public async Task A_city_configured_with_no_window_refuses_every_cancellation()
    {
        await using var host = await SandboxHost.StartAsync(("Sandbox:Cities:SAO PAULO (SP):CancellationWindow", "00:00:00"));
        var order = await Records.OrderReady(host);
        await Records.IssuedOrder(host, order);

        (await host.Call("servicos/osp", "CancelarOS", Cancel(order))).Ok();
        var refused = await Records.StatusUntil(host, order, s => s["ListaRpsNfse"]![0]!["mensagens"]!.AsArray().Any(m => Text(m!["cSituacao"]) == "ERRO"));

        Assert.Equal("004", Text(refused["ListaRpsNfse"]![0]!["cStatusRps"]));
        Assert.Equal("E0205", Text(refused["ListaRpsNfse"]![0]!["mensagens"]!.AsArray().Last()!["cCodigo"]));
    }

    [Fact]
    public async Task An_order_without_an_authorised_nfse_cannot_be_cancelled()
    {
        await using var host = await SandboxHost.StartAsync(("Sandbox:NfseIssueDelay", "00:10:00"));
        var notInvoiced = await Records.OrderReady(host);
        var processing = await Records.OrderReady(host);
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(processing))).Ok();

        var refusedNotInvoiced = await host.Call("servicos/osp", "CancelarOS", Cancel(notInvoiced));
        var refusedProcessing = await host.Call("servicos/osp", "CancelarOS", Cancel(processing, "N"));
        var unknown = await host.Call("servicos/osp", "CancelarOS", Cancel("OS-UNKNOWN"));

        refusedNotInvoiced.Fault("SOAP-ENV:Client-102");
        Assert.Contains("não possui NFS-e autorizada", refusedNotInvoiced.FaultString);
        refusedProcessing.Fault("SOAP-ENV:Client-102");
        unknown.Fault("SOAP-ENV:Client-103");
    }

    [Fact]
    public async Task A_second_request_while_the_city_decides_is_refused_and_one_after_is_already_cancelled()
    {
        await using var host = await SandboxHost.StartAsync(("Sandbox:NfseIssueDelay", "00:00:01"));
        var order = await Records.OrderReady(host);
        await Records.IssuedOrder(host, order);

        (await host.Call("servicos/osp", "CancelarOS", Cancel(order))).Ok();
        var whilePending = await host.Call("servicos/osp", "CancelarOS", Cancel(order));
        await Records.StatusUntil(host, order, s => Text(s["cCancelada"]) == "S");
        var afterwards = await host.Call("servicos/osp", "CancelarOS", Cancel(order));

        whilePending.Fault("SOAP-ENV:Client-102");
        Assert.Contains("já foi solicitado", whilePending.FaultString);
        afterwards.Fault("SOAP-ENV:Client-102");
        Assert.Contains("já está cancelada", afterwards.FaultString);
    }

    [Fact]
    public async Task Without_cancelling_the_nfse_only_the_order_is_cancelled_at_once()
    {
        await using var host = await SandboxHost.StartAsync();
        var order = await Records.OrderReady(host);
        await Records.IssuedOrder(host, order);

        (await host.Call("servicos/osp", "CancelarOS", Cancel(order, "N"))).Ok();
        var status = (await host.Call("servicos/os", "StatusOS", Records.ByOrder(order))).Ok();

        Assert.Equal("S", Text(status["cCancelada"]));
        Assert.Equal("004", Text(status["ListaRpsNfse"]![0]!["cStatusRps"]));
        (await host.Call("servicos/osp", "CancelarOS", Cancel(order, "X"))).Fault("SOAP-ENV:Client-102");
    }

    [Fact]
    public async Task An_injected_http_500_on_CancelarOS_applies_nothing()
    {
        await using var host = await SandboxHost.StartAsync();
        var order = await Records.OrderReady(host);
        await Records.IssuedOrder(host, order);
        await host.Inject(new { kind = "http-500", method = "CancelarOS" });

        var failed = await host.Call("servicos/osp", "CancelarOS", Cancel(order));
        var state = (await host.State())["orders"]![0]!;

        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Null(failed.FaultCode);
        Assert.False(state["rps"]![0]!["cancellationPending"]!.GetValue<bool>());
        // The retry is then taken.
        (await host.Call("servicos/osp", "CancelarOS", Cancel(order))).Ok();
        Assert.True((await host.State())["orders"]![0]!["rps"]![0]!["cancellationPending"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_city_that_is_down_refuses_the_cancellation_as_instability_and_a_later_one_succeeds()
    {
        await using var host = await SandboxHost.StartAsync();
        var order = await Records.OrderReady(host);
        var issued = await Records.IssuedOrder(host, order);
        await host.Inject(new { kind = "city-unavailable", seconds = 600 });

        (await host.Call("servicos/osp", "CancelarOS", Cancel(order))).Ok();
        var refused = await Records.StatusUntil(host, order, s => s["ListaRpsNfse"]![0]!["mensagens"]!.AsArray().Any(m => Text(m!["cSituacao"]) == "ERRO"));
        using (var substitute = await host.Http.PostAsync($"/_sandbox/nfse/{Text(issued["nNfse"])}/substitute", null))
            Assert.Equal(HttpStatusCode.OK, substitute.StatusCode);
        using (var cleared = await host.Http.DeleteAsync("/_sandbox/faults"))
            Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        (await host.Call("servicos/osp", "CancelarOS", Cancel(order))).Ok();
        var cancelled = await Records.StatusUntil(host, order, s => Text(s["cCancelada"]) == "S");

        Assert.Equal("E999", Text(refused["ListaRpsNfse"]![0]!["mensagens"]!.AsArray().Last()!["cCodigo"]));
        Assert.Equal("004", Text(refused["ListaRpsNfse"]![0]!["cStatusRps"]));
        Assert.Equal("005", Text(cancelled["ListaRpsNfse"]![0]!["cStatusRps"]));
        // The substitute is what got cancelled.
        Assert.Equal("2", Text(cancelled["ListaRpsNfse"]![0]!["nNfse"]));
    }

    [Fact]
    public async Task A_substitution_is_refused_while_a_cancellation_waits_for_the_city()
    {
        await using var host = await SandboxHost.StartAsync(("Sandbox:NfseIssueDelay", "00:00:01"));
        var order = await Records.OrderReady(host);
        var issued = await Records.IssuedOrder(host, order);
        (await host.Call("servicos/osp", "CancelarOS", Cancel(order))).Ok();

        using var substitute = await host.Http.PostAsync($"/_sandbox/nfse/{Text(issued["nNfse"])}/substitute", null);

        Assert.Equal(HttpStatusCode.Conflict, substitute.StatusCode);
    }
}
