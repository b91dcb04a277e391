using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ErpConnector.Sandbox.Tests;

/// <summary>Each test arms injections, so each gets its own simulator: an armed fault must never leak into another test.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Lost_response_applies_the_call_but_drops_the_connection()
    {
        await using var host = await SandboxHost.StartAsync();
        var customer = Records.Unique("CLI");
        var code = Records.Unique("OS");
        (await host.Call("geral/clientes", "UpsertCliente", Records.Customer(customer))).Ok();
        await host.Inject(new { kind = "lost-response", method = "IncluirOS", count = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => host.Call("servicos/os", "IncluirOS", Records.Order(code, customer)));

        var orders = (await host.State())["orders"]!.AsArray();
        Assert.Single(orders, o => o!["cCodIntOS"]!.GetValue<string>() == code);
        // The blind resend the connector must avoid: it meets the duplicate.
        (await host.Call("servicos/os", "IncluirOS", Records.Order(code, customer))).Fault("SOAP-ENV:Client-102");
    }

    [Fact]
    public async Task Http_500_instability_applies_nothing_and_has_no_fault_body()
    {
        await using var host = await SandboxHost.StartAsync();
        var customer = Records.Unique("CLI");
        await host.Inject(new { kind = "http-500", method = "UpsertCliente", count = 1 });

        var unstable = await host.Call("geral/clientes", "UpsertCliente", Records.Customer(customer));
        var stateAfterFailure = await host.State();
        var retried = await host.Call("geral/clientes", "UpsertCliente", Records.Customer(customer));

        Assert.Equal(HttpStatusCode.InternalServerError, unstable.Status);
        Assert.Null(unstable.FaultCode);
        Assert.Contains("Falha durante o processamento", unstable.Body);
        Assert.Empty(stateAfterFailure["customers"]!.AsArray());
        retried.Ok();
    }

    [Fact]
    public async Task Invalid_credentials_injection_lasts_count_calls()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.Inject(new { kind = "invalid-credentials", count = 2 });
        var param = Records.Customer(Records.Unique("CLI"));

        var first = await host.Call("geral/clientes", "UpsertCliente", param);
        var second = await host.Call("geral/clientes", "UpsertCliente", param);
        var third = await host.Call("geral/clientes", "UpsertCliente", param);

        first.Fault("SOAP-ENV:Server");
        second.Fault("SOAP-ENV:Server");
        third.Ok();
    }

    [Fact]
    public async Task Injected_redundant_fault_states_the_wait_and_is_counted()
    {
        await using var host = await SandboxHost.StartAsync();
        var order = await Records.OrderReady(host);
        await host.Inject(new { kind = "throttle", method = "StatusOS", fault = "redundant", seconds = 42 });

        var throttled = await host.Call("servicos/os", "StatusOS", Records.ByOrder(order));
        var next = await host.Call("servicos/os", "StatusOS", Records.ByOrder(order));

        throttled.Fault("SOAP-ENV:Client-6");
        Assert.Equal("Consumo redundante detectado. Aguarde 42 segundos", throttled.FaultString);
        next.Ok();
        Assert.Equal(1, (await host.State())["throttleFaults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Injected_client_1100_names_a_retry_time_in_brasilia()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.Inject(new { kind = "throttle", fault = "client-1100", seconds = 30 });
        var expected = DateTimeOffset.UtcNow.AddSeconds(30).ToOffset(TimeSpan.FromHours(-3));

        var reply = await host.Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_integracao"] = "x" });

        reply.Fault("SOAP-ENV:Client-1100");
        var match = Regex.Match(reply.FaultString!, @"^ERROR: Esta requisição já foi processada ou está sendo processada e você pode tentar novamente às (\d{2}:\d{2}:\d{2})\. \(1\)$");
        Assert.True(match.Success, reply.FaultString);
        var stated = TimeOnly.Parse(match.Groups[1].Value);
        var apart = Math.Abs((stated.ToTimeSpan() - expected.TimeOfDay).TotalSeconds);
        Assert.InRange(Math.Min(apart, 86_400 - apart), 0, 3); // Circular: the retry time may fall after midnight.
    }

    [Fact]
    public async Task Injected_misuse_blocks_every_call_of_the_app_key_until_the_time_passes()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.Inject(new { kind = "throttle", method = "IncluirOS", fault = "misuse", seconds = 1 });
        var probe = new JsonObject { ["codigo_cliente_integracao"] = "x" };

        var blocked = await host.Call("servicos/os", "IncluirOS", Records.Order(Records.Unique("OS"), "x"));
        var otherMethod = await host.Call("geral/clientes", "ConsultarCliente", probe);
        await Task.Delay(1100);
        var afterBlock = await host.Call("geral/clientes", "ConsultarCliente", probe);

        blocked.Fault("MISUSE_API_PROCESS", 425);
        Assert.Equal("ERROR: API bloqueada por consumo indevido. Tente novamente em 1 segundos.", blocked.FaultString);
        otherMethod.Fault("MISUSE_API_PROCESS", 425);
        afterBlock.Fault("SOAP-ENV:Client-105");
        Assert.Equal(2, (await host.State())["throttleFaults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Injected_http_429_carries_retry_after()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.Inject(new { kind = "throttle", fault = "http-429", seconds = 7 });

        var reply = await host.Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_integracao"] = "x" });

        Assert.Equal(HttpStatusCode.TooManyRequests, reply.Status);
        Assert.Equal("Too many Requests", reply.Body);
        Assert.Equal(TimeSpan.FromSeconds(7), reply.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Slow_injection_delays_the_answer()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.Inject(new { kind = "slow", method = "UpsertCliente", milliseconds = 400 });
        var started = System.Diagnostics.Stopwatch.StartNew();

        (await host.Call("geral/clientes", "UpsertCliente", Records.Customer(Records.Unique("CLI")))).Ok();

        Assert.True(started.ElapsedMilliseconds >= 380, $"answered in {started.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task An_unknown_kind_is_refused_and_delete_clears_armed_faults()
    {
        await using var host = await SandboxHost.StartAsync();

        using var bad = await host.Http.PostAsync("/_sandbox/faults", SandboxHost.JsonContent(new { kind = "meteor" }));
        await host.Inject(new { kind = "invalid-credentials", count = 5 });
        using var cleared = await host.Http.DeleteAsync("/_sandbox/faults");
        var reply = await host.Call("geral/clientes", "UpsertCliente", Records.Customer(Records.Unique("CLI")));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        reply.Ok();
    }

    [Fact]
    public async Task Reset_clears_records_counters_and_faults()
    {
        await using var host = await SandboxHost.StartAsync();
        await Records.OrderReady(host);
        await host.Inject(new { kind = "throttle", fault = "redundant", seconds = 5 });
        await host.Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_integracao"] = "x" });

        using var reset = await host.Http.PostAsync("/_sandbox/reset", null);
        var state = await host.State();

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(state["customers"]!.AsArray());
        Assert.Empty(state["orders"]!.AsArray());
        Assert.Empty(state["calls"]!.AsObject());
        Assert.Equal(0, state["throttleFaults"]!.GetValue<int>());
        var fresh = (await host.Call("geral/clientes", "UpsertCliente", Records.Customer(Records.Unique("CLI")))).Ok();
        Assert.Equal(1_000_000_001, fresh["codigo_cliente_omie"]!.GetValue<long>());
    }
}
