using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Tests;

/// <summary>
/// The per-order call log (IncluirOS, FaturarOS, ReenviarOS) behind /_sandbox/orders/{code}/calls and the
/// "orderCalls" summary of /_sandbox/state, which the chaos suite reads to count writes sent again after a success.
/// </summary>
public sealed class OrderCallLogTests
{
    [Fact]
    public async Task Each_order_write_is_logged_with_its_arrival_completion_and_outcome()
    {
        await using var host = await SandboxHost.StartAsync();
        var order = await Records.OrderReady(host);
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Fault("SOAP-ENV:Client-102");

        var calls = await CallsOf(host, order);

        Assert.Equal(["IncluirOS", "FaturarOS", "FaturarOS"], calls.Select(c => c!["method"]!.GetValue<string>()));
        Assert.Equal(["applied", "applied", "refused"], calls.Select(c => c!["outcome"]!.GetValue<string>()));
        Assert.Contains("já está faturada", calls[2]!["fault"]!.GetValue<string>());
        Assert.All(calls, c => Assert.True(c!["completedAt"]!.GetValue<DateTimeOffset>() >= c["arrivedAt"]!.GetValue<DateTimeOffset>()));
    }

    [Fact]
    public async Task The_state_counts_orders_written_again_after_their_first_success()
    {
        await using var host = await SandboxHost.StartAsync();
        var resent = await Records.OrderReady(host);
        var once = await Records.OrderReady(host);
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(once))).Ok();
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(resent))).Ok();
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(resent))).Fault("SOAP-ENV:Client-102");
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(resent))).Fault("SOAP-ENV:Client-102");
        // An IncluirOS repeated after it was applied is a resend too, even though Omie refuses it.
        (await host.Call("servicos/os", "IncluirOS", Records.Order(resent, "CLI-any"))).Fault("SOAP-ENV:Client-102");

        var summary = (await host.State())["orderCalls"]!;

        var faturar = summary["FaturarOS"]!;
        Assert.Equal(4, faturar["calls"]!.GetValue<int>());
        Assert.Equal(2, faturar["orders"]!.GetValue<int>());
        Assert.Equal(1, faturar["resentAfterSuccess"]!.GetValue<int>());
        Assert.Equal([resent], faturar["resentOrders"]!.AsArray().Select(o => o!.GetValue<string>()));
        var incluir = summary["IncluirOS"]!;
        Assert.Equal(3, incluir["calls"]!.GetValue<int>());
        Assert.Equal(1, incluir["resentAfterSuccess"]!.GetValue<int>());
        Assert.Equal(0, summary["ReenviarOS"]!["calls"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_delayed_FaturarOS_is_applied_after_the_delay_even_when_the_client_has_gone_away()
    {
        await using var host = await SandboxHost.StartAsync();
        var order = await Records.OrderReady(host);
        await host.Inject(new { kind = "slow", method = "FaturarOS", milliseconds = 1500 });

        using var impatient = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMilliseconds(300) };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.PostAsync("/api/v1/servicos/osp/", Envelope("FaturarOS", Records.ByOrder(order))));

        // The positive signal: the call completed on the server (it is not waited for by a timer).
        var faturar = await CompletedCall(host, order, "FaturarOS");
        Assert.Equal("applied", faturar["outcome"]!.GetValue<string>());
        var state = await host.State();
        var stored = state["orders"]!.AsArray().Single(o => o!["cCodIntOS"]!.GetValue<string>() == order)!;
        Assert.True(stored["faturada"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_call_sent_while_another_is_in_flight_is_counted_apart_from_a_resend_after_success()
    {
        await using var host = await SandboxHost.StartAsync();
        var order = await Records.OrderReady(host);
        // Held long enough that the second call surely arrives while it is in flight, even on a loaded CI machine.
        await host.Inject(new { kind = "slow", method = "FaturarOS", milliseconds = 6000, count = 1 });

        var slow = host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order));
        await host.CallsHeld("FaturarOS", 1);
        (await host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        (await slow).Fault("SOAP-ENV:Client-102");

        var faturar = (await host.State())["orderCalls"]!["FaturarOS"]!;
        Assert.Equal(1, faturar["sentWhileInFlight"]!.GetValue<int>());
        // The slow call arrived before the fast one succeeded: overlapping, not sent again after a success.
        Assert.Equal(0, faturar["resentAfterSuccess"]!.GetValue<int>());
    }

    private static async Task<JsonArray> CallsOf(SandboxHost host, string order) =>
        JsonNode.Parse(await host.Http.GetStringAsync($"/_sandbox/orders/{order}/calls"))!.AsArray();

    private static async Task<JsonNode> CompletedCall(SandboxHost host, string order, string method)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var call = (await CallsOf(host, order)).LastOrDefault(c => c!["method"]!.GetValue<string>() == method);
            if (call?["outcome"]?.GetValue<string>() is { } outcome && outcome != "pending") return call;
            Assert.True(DateTime.UtcNow < deadline, $"{method} for {order} never completed");
            await Task.Delay(50);
        }
    }

    private static StringContent Envelope(string call, JsonObject param)
    {
        var body = new JsonObject
        {
            ["call"] = call,
            ["app_key"] = SandboxHost.AppKey,
            ["app_secret"] = SandboxHost.AppSecret,
            ["param"] = new JsonArray(param),
        };
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        return content;
    }
}
