using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Tests;

public sealed class InvoicingTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxHost Host => fixture.Host;

    [Fact]
    public async Task FaturarOS_sends_an_rps_that_is_issued_after_the_delay()
    {
        var order = await Records.OrderReady(Host);

        var invoiced = (await Host.Call("servicos/osp", "FaturarOS", Records.ByOrder(order))).Ok();
        var right after = 0;
    }
}
