using System.Net;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Tests;

/// <summary>Omie's webhook deliveries: posted by the simulator's own sender, FIFO, retried until 2xx, with injected faults.</summary>
public sealed class PushTests
{
    private const string Faturada = "OrdemServico.Faturada";
    private const string Autorizada = "NFSe.NotaAutorizada";
    private const string Cancelada = "NFSe.NotaCancelada";
    private const string OsCancelada = "OrdemServico.Cancelada";
    private const string Boleto = "Financas.ContaReceber.BoletoGerado";

    private static string Text(JsonNode? node) => node!.GetValue<string>();
    private static string Topic(JsonObject e) => PushReceiver.Topic(e);

    private static Task<SandboxHost> Host(PushReceiver receiver, params (string, string)[] more) => SandboxHost.StartAsync(
        [("Sandbox:Omie:Pushes:Url", receiver.Url), ("Sandbox:Omie:Pushes:FirstRetryDelay", "00:00:00.050"), .. more]);

    [Fact]
    public async Task An_issued_nfse_is_pushed_in_order_without_anyone_polling()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await Host(receiver);
        var order = await Records.OrderReady(host, boleto: true);

        var invoiced = (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        var pushes = await receiver.WaitForTopic(Boleto);

        Assert.Equal([Faturada, Autorizada, Boleto], pushes.Select(Topic));
        var authorised = pushes[1];
        Assert.Equal(SandboxHost.AppKey, Text(authorised["appKey"]));
        Assert.True(Guid.TryParse(Text(authorised["messageId"]), out _));
        Assert.NotNull(authorised["author"]!["email"]);
        Assert.NotNull(authorised["origin"]);
        Assert.Equal(3, pushes.Select(p => Text(p["messageId"])).Distinct().Count());
        var evt = authorised["event"]!;
        Assert.Equal(invoiced["nCodOS"]!.GetValue<long>(), evt["codigo_os"]!.GetValue<long>());
        Assert.Equal("1", Text(evt["numero_os"]));
        Assert.Equal("1", Text(evt["numero_nfse"]));
        Assert.Equal("1", Text(evt["numero_rps"]));
        Assert.True(evt["id_nf"]!.GetValue<long>() > 1_000_000_000);
        Assert.Contains("<nNFSe>1</nNFSe>", Text(evt["nfse_xml"]));
        Assert.Contains(Text(evt["codigo_verificacao"]), Text(evt["url_nfse"]));
        Assert.EndsWith("/_sandbox/nfse/1.pdf", Text(evt["url_pdf_dest"]));
        Assert.EndsWith("/_sandbox/nfse/1/rps.pdf", Text(evt["url_rps"]));
        Assert.Matches(@"^\d\d/\d\d/\d{4}$", Text(evt["data_emis"]));
        var boleto = pushes[2]["event"]!;
        Assert.Equal(47, Text(boleto["codigo_barras"]).Length);
        Assert.Equal(invoiced["nCodOS"]!.GetValue<long>(), boleto["codigo_os"]!.GetValue<long>());
        // Nobody asked: the sender let the city decide on its own.
        Assert.Null((await host.State())["calls"]!["StatusOS"]);
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_until_2xx_and_the_queue_waits_behind_it()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.AnswerNext(500, 503);
        await using var host = await Host(receiver);
        var order = await Records.OrderReady(host);

        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        await receiver.WaitForTopic(Autorizada);

        var received = receiver.Received;
        Assert.Equal([(Faturada, 500), (Faturada, 503), (Faturada, 200), (Autorizada, 200)], received.Select(r => (Topic(r.Envelope), r.Answered)));
        Assert.Single(received.Take(3).Select(r => Text(r.Envelope["messageId"])).Distinct());
        var pushes = (await host.State())["pushes"]!;
        Assert.Equal(3, pushes["sent"]!.AsArray().Single(p => Text(p!["topic"]) == Faturada)!["attempts"]!.GetValue<int>());
        Assert.Empty(pushes["deadLettered"]!.AsArray());
    }

    [Fact]
    public async Task A_delivery_that_never_gets_a_2xx_is_dead_lettered_and_the_next_one_goes_out()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.AnswerNext(500, 500);
        await using var host = await Host(receiver, ("Sandbox:Omie:Pushes:MaxAttempts", "2"));
        var order = await Records.OrderReady(host);

        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        var accepted = await receiver.WaitForTopic(Autorizada);

        Assert.Equal([Autorizada], accepted.Select(Topic));
        var dead = (await host.State())["pushes"]!["deadLettered"]!.AsArray().Single()!;
        Assert.Equal(Faturada, Text(dead["topic"]));
        Assert.Equal(2, dead["attempts"]!.GetValue<int>());
        Assert.Equal("500", Text(dead["lastOutcome"]));
    }

    [Fact]
    public async Task A_duplicated_push_arrives_twice_with_the_same_message_id()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await Host(receiver);
        await host.Inject(new { kind = "push-duplicated", topic = Autorizada });
        var order = await Records.OrderReady(host);

        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        var pushes = await receiver.WaitFor(a => a.Count(e => Topic(e) == Autorizada) == 2, "two NotaAutorizada");

        var copies = pushes.Where(e => Topic(e) == Autorizada).ToList();
        Assert.Equal(Text(copies[0]["messageId"]), Text(copies[1]["messageId"]));
        Assert.Equal(copies[0].ToJsonString(), copies[1].ToJsonString());
        Assert.Single(pushes, e => Topic(e) == Faturada);
    }

    [Fact]
    public async Task A_lost_push_never_arrives_and_the_state_lists_it()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await Host(receiver);
        await host.Inject(new { kind = "push-lost", topic = Autorizada });
        var order = await Records.OrderReady(host, boleto: true);

        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        // The boleto push is published after the lost one: once it is here, the lost one would have been too.
        var pushes = await receiver.WaitForTopic(Boleto);

        Assert.Equal([Faturada, Boleto], pushes.Select(Topic));
        var lost = (await host.State())["pushes"]!["lost"]!.AsArray().Single()!;
        Assert.Equal(Autorizada, Text(lost["topic"]));
        // Polling is the backstop: Omie itself still has the NFS-e.
        Assert.Equal("004", Text((await Records.SettledRps(host, order))["cStatusRps"]));
    }

    [Fact]
    public async Task An_out_of_order_push_arrives_after_the_next_one_cancelled_before_authorised()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await Host(receiver);
        await host.Inject(new { kind = "push-out-of-order", topic = Autorizada });
        var order = await Records.OrderReady(host);

        await Records.IssuedOrder(host, order);
        (await host.Call("servicos/osp", "CancelarOS", new JsonObject { ["cCodIntOS"] = order })).Ok();
        var pushes = await receiver.WaitForTopic(OsCancelada);

        Assert.Equal([Faturada, Cancelada, Autorizada, OsCancelada], pushes.Select(Topic));
        Assert.Equal("1", Text(pushes[1]["event"]!["numero_nfse"]));
        Assert.NotNull(pushes[1]["event"]!["data_canc"]);
    }

    [Fact]
    public async Task A_delayed_push_is_overtaken_by_the_ones_published_after_it()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await Host(receiver);
        await host.Inject(new { kind = "push-delayed", topic = Faturada, milliseconds = 1500 });
        var order = await Records.OrderReady(host);

        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        var pushes = await receiver.WaitForTopic(Faturada);

        Assert.Equal([Autorizada, Faturada], pushes.Select(Topic));
    }

    [Fact]
    public async Task Pushes_are_off_until_a_url_is_set_at_run_time()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await SandboxHost.StartAsync();
        var before = await Records.OrderReady(host);
        await Records.IssuedOrder(host, before);
        Assert.Equal(0, (await host.State())["pushes"]!["published"]!.GetValue<int>());

        using (var bad = await host.Http.PostAsync("/_sandbox/omie/pushes", SandboxHost.JsonContent(new { url = "ftp://x" })))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var set = await host.Http.PostAsync("/_sandbox/omie/pushes", SandboxHost.JsonContent(new { url = receiver.Url })))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var after = await Records.OrderReady(host);
        var invoiced = (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(after))).Ok();
        var pushes = await receiver.WaitForTopic(Autorizada);

        Assert.Equal([Faturada, Autorizada], pushes.Select(Topic));
        Assert.All(pushes, p => Assert.Equal(invoiced["nCodOS"]!.GetValue<long>(), p["event"]!["codigo_os"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_substitution_and_a_payment_are_pushed()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await Host(receiver);
        var order = await Records.OrderReady(host, boleto: true);
        var issued = await Records.IssuedOrder(host, order);
        var boleto = (await receiver.WaitForTopic(Boleto)).Single(e => Topic(e) == Boleto)["event"]!;

        using (var substituted = await host.Http.PostAsync($"/_sandbox/nfse/{Text(issued["nNfse"])}/substitute", null))
            Assert.Equal(HttpStatusCode.OK, substituted.StatusCode);
        using (var settled = await host.Http.PostAsync($"/_sandbox/omie/receivables/{boleto["codigo_lancamento"]}/settle", null))
            Assert.Equal(HttpStatusCode.OK, settled.StatusCode);
        var pushes = await receiver.WaitForTopic("Financas.ContaReceber.BaixaRealizada");

        var substitution = pushes.Single(e => Topic(e) == "NFSe.NotaSubstituida")["event"]!;
        Assert.Equal("1", Text(substitution["numero_nfse"]));
        Assert.Equal("2", Text(substitution["numero_nfse_substituta"]));
        var paid = pushes.Single(e => Topic(e) == "Financas.ContaReceber.BaixaRealizada")["event"]!;
        Assert.Equal(boleto["codigo_lancamento"]!.GetValue<long>(), paid["codigo_lancamento"]!.GetValue<long>());
        Assert.Equal(3001.00m, paid["valor"]!.GetValue<decimal>());
        Assert.Equal("2", Text((await host.Call("servicos/os", "StatusOS", Records.ByOrder(order))).Ok()["ListaRpsNfse"]![0]!["nNfse"]));
    }

    [Fact]
    public async Task An_endpoint_slower_than_the_timeout_or_unreachable_gets_retried_then_dead_lettered()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.AnswerNext(PushReceiver.Hang, PushReceiver.Hang);
        await using var host = await Host(receiver, ("Sandbox:Omie:Pushes:MaxAttempts", "2"), ("Sandbox:Omie:Pushes:Timeout", "00:00:00.300"));
        var order = await Records.OrderReady(host);

        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        await receiver.WaitForTopic(Autorizada);
        var dead = (await host.State())["pushes"]!["deadLettered"]!.AsArray().Single()!;

        Assert.Equal(Faturada, Text(dead["topic"]));
        Assert.Equal("timeout", Text(dead["lastOutcome"]));

        // Nobody listening at all: connection refused is a failed attempt too, and the queue moves on.
        var closed = receiver.Url;
        await receiver.DisposeAsync();
        using (var set = await host.Http.PostAsync("/_sandbox/omie/pushes", SandboxHost.JsonContent(new { url = closed })))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var second = await Records.OrderReady(host);
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(second))).Ok();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonArray letters;
        do
        {
            letters = (await host.State())["pushes"]!["deadLettered"]!.AsArray();
            if (letters.Count >= 3) break;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal([Faturada, Faturada, Autorizada], letters.Select(l => Text(l!["topic"])));
        Assert.All(letters.Skip(1), l => Assert.NotEqual("timeout", Text(l!["lastOutcome"])));
    }

    [Fact]
    public async Task The_state_hides_the_webhook_token()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await Host(receiver);
        var order = await Records.OrderReady(host);
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        await receiver.WaitForTopic(Autorizada);

        var pushes = (await host.State())["pushes"]!.ToJsonString();

        Assert.DoesNotContain("secret-token", pushes);
        Assert.Contains("/webhooks/omie/***", pushes);
    }
}
