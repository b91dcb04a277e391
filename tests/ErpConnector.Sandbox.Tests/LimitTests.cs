using System.Net;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Tests;

/// <summary>Omie's consumption limits, switched on per test with small numbers so they trip quickly.</summary>
public sealed class LimitTests
{
    [Fact]
    public async Task Limits_are_off_by_default()
    {
        await using var host = await SandboxHost.StartAsync();
        var order = await Records.OrderReady(host);

        for (var i = 0; i < 5; i++) (await host.Call("servicos/os", "StatusOS", Records.ByOrder(order))).Ok();

        Assert.Equal(0, (await host.State())["throttleFaults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sixty_second_rule_refuses_a_repeated_query_of_the_same_record()
    {
        await using var host = await SandboxHost.StartAsync(("Sandbox:EnforceSixtySecondRule", "true"), ("Sandbox:RedundancyWindow", "00:00:01.500"));
        var order = await Records.OrderReady(host);
        var otherOrder = await Records.OrderReady(host);

        var first = await host.Call("servicos/os", "StatusOS", Records.ByOrder(order));
        var repeated = await host.Call("servicos/os", "StatusOS", Records.ByOrder(order));
        var otherRecord = await host.Call("servicos/os", "StatusOS", Records.ByOrder(otherOrder));
        var otherMethod = await host.Call("servicos/os", "ConsultarOS", Records.ByOrder(order));
        await Task.Delay(1600);
        var afterWindow = await host.Call("servicos/os", "StatusOS", Records.ByOrder(order));

        first.Ok();
        repeated.Fault("SOAP-ENV:Client-6");
        Assert.Equal("Consumo redundante detectado. Aguarde 2 segundos", repeated.FaultString);
        otherRecord.Ok();
        otherMethod.Ok();
        afterWindow.Ok();
        Assert.Equal(1, (await host.State())["throttleFaults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sixty_second_rule_states_the_seconds_left_of_a_default_window()
    {
        await using var host = await SandboxHost.StartAsync(("Sandbox:EnforceSixtySecondRule", "true"));
        var code = Records.Unique("CLI");
        (await host.Call("geral/clientes", "UpsertCliente", Records.Customer(code))).Ok();
        var query = new JsonObject { ["codigo_cliente_integracao"] = code };

        (await host.Call("geral/clientes", "ConsultarCliente", query)).Ok();
        var repeated = await host.Call("geral/clientes", "ConsultarCliente", query);

        repeated.Fault("SOAP-ENV:Client-6");
        Assert.Matches("^Consumo redundante detectado. Aguarde (59|60) segundos$", repeated.FaultString);
    }

    [Fact]
    public async Task Ignoring_throttle_faults_gets_the_app_key_blocked_for_misuse()
    {
        await using var host = await SandboxHost.StartAsync(
            ("Sandbox:EnforceSixtySecondRule", "true"),
            ("Sandbox:EnforceRateLimits", "true"),
            ("Sandbox:MisuseAfterThrottleFaults", "3"),
            ("Sandbox:MisuseBlock", "00:00:01"));
        var order = await Records.OrderReady(host);

        (await host.Call("servicos/os", "StatusOS", Records.ByOrder(order))).Ok();
        for (var i = 0; i < 3; i++) (await host.Call("servicos/os", "StatusOS", Records.ByOrder(order))).Fault("SOAP-ENV:Client-6");
        var blocked = await host.Call("servicos/os", "StatusOS", Records.ByOrder(order));
        var anyOtherCall = await host.Call("geral/clientes", "UpsertCliente", Records.Customer(Records.Unique("CLI")));
        await Task.Delay(1100);
        var afterBlock = await host.Call("geral/clientes", "UpsertCliente", Records.Customer(Records.Unique("CLI")));

        blocked.Fault("MISUSE_API_PROCESS", 425);
        Assert.Matches(@"^ERROR: API bloqueada por consumo indevido\. Tente novamente em 1 segundos\.$", blocked.FaultString);
        anyOtherCall.Fault("MISUSE_API_PROCESS", 425);
        afterBlock.Ok();
        Assert.Equal(5, (await host.State())["throttleFaults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Per_method_quota_answers_429_beyond_the_limit()
    {
        await using var host = await SandboxHost.StartAsync(("Sandbox:EnforceRateLimits", "true"), ("Sandbox:RequestsPerMinutePerMethod", "3"));
        var query = new JsonObject { ["codigo_cliente_integracao"] = "x" };

        for (var i = 0; i < 3; i++) (await host.Call("geral/clientes", "ConsultarCliente", query)).Fault("SOAP-ENV:Client-105");
        var limited = await host.Call("geral/clientes", "ConsultarCliente", query);
        var otherMethod = await host.Call("geral/clientes", "ListarClientes", new JsonObject { ["pagina"] = 1 });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("Too many Requests", limited.Body);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        otherMethod.Fault("SOAP-ENV:Client-5113");
    }

    [Fact]
    public async Task Too_many_simultaneous_calls_of_one_method_get_client_1880()
    {
        await using var host = await SandboxHost.StartAsync(("Sandbox:EnforceRateLimits", "true"), ("Sandbox:ConcurrentRequestsPerMethod", "1"));
        // Long enough that the second call surely arrives while the first is held, even while CI runs test
        // assemblies side by side on 2 cores (1.5 s was not: the first call had finished once).
        await host.Inject(new { kind = "slow", method = "ConsultarCliente", milliseconds = 6000 });

        var slow = host.Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_integracao"] = "a" });
        await host.CallsHeld("ConsultarCliente", 1);
        var concurrent = await host.Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_integracao"] = "b" });

        concurrent.Fault("SOAP-ENV:Client-1880");
        Assert.Equal("ERROR: Já existe uma requisição desse método sendo executada e você pode tentar novamente em alguns instantes. (1)", concurrent.FaultString);
        (await slow).Fault("SOAP-ENV:Client-105");
    }

    [Fact]
    public async Task A_second_write_of_the_same_record_in_flight_gets_client_1100()
    {
        await using var host = await SandboxHost.StartAsync(("Sandbox:EnforceRateLimits", "true"));
        var code = Records.Unique("CLI");
        // Long enough that the second call surely arrives while the first is held, even while CI runs test
        // assemblies side by side on 2 cores (1.5 s was not: the first call had finished once).
        await host.Inject(new { kind = "slow", method = "UpsertCliente", milliseconds = 6000 });

        var slow = host.Call("geral/clientes", "UpsertCliente", Records.Customer(code));
        await host.CallsHeld("UpsertCliente", 1);
        var sameRecord = await host.Call("geral/clientes", "UpsertCliente", Records.Customer(code));
        var otherRecord = await host.Call("geral/clientes", "UpsertCliente", Records.Customer(Records.Unique("CLI")));

        sameRecord.Fault("SOAP-ENV:Client-1100");
        Assert.Contains("você pode tentar novamente às", sameRecord.FaultString);
        otherRecord.Ok();
        (await slow).Ok();
    }
}
