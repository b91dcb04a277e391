using System.Net;
using System.Net.Sockets;

namespace ErpConnector.Omie.Tests;

/// <summary>No usable answer → OmieTransportException (ambiguous); the caller's own cancellation → OperationCanceledException.</summary>
public sealed class TransportTests
{
    [Fact]
    public async Task Connection_refused_is_a_transport_error()
    {
        var port = FreePort(); // nothing listens there any more
        using var t = new TestClient((_, _) => throw new InvalidOperationException("fake handler must not be used"),
            o => o.BaseUrl = $"http://127.0.0.1:{port}/api/v1/", useHandler: false);

        var error = await Assert.ThrowsAsync<OmieTransportException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Equal("StatusOS", error.Method);
        Assert.Null(error.HttpStatus);
    }

    [Fact]
    public async Task Connection_reset_by_the_server_is_a_transport_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[8192];
            await socket.ReceiveAsync(buffer); // read (part of) the request, then reset the connection
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        });
        using var t = new TestClient((_, _) => throw new InvalidOperationException("unused"),
            o => o.BaseUrl = $"http://127.0.0.1:{port}/api/v1/", useHandler: false);

        var error = await Assert.ThrowsAsync<OmieTransportException>(() => t.Client.CreateServiceOrderAsync(Samples.Order()));

        Assert.Equal("IncluirOS", error.Method);
        Assert.Null(error.HttpStatus);
        await server;
    }

    [Fact]
    public async Task A_handler_exception_such_as_an_aborted_connection_is_a_transport_error()
    {
        using var t = new TestClient((_, _) => throw new HttpRequestException("The response ended prematurely.", new IOException("aborted")));

        var error = await Assert.ThrowsAsync<OmieTransportException>(() => t.Client.InvoiceServiceOrderAsync("deal-42"));

        Assert.Equal("FaturarOS", error.Method);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Timeout_is_a_transport_error()
    {
        using var t = new TestClient(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        }, o => o.Timeout = TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<OmieTransportException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Contains("timed out", error.Message);
    }

    [Theory]
    [InlineData(500, "")]
    [InlineData(502, "<html><body>Bad Gateway</body></html>")]
    [InlineData(503, "Service Unavailable")]
    [InlineData(500, "{\"message\":\"internal error\"}")] // JSON, but not a fault
    public async Task Http_5xx_without_a_fault_body_is_a_transport_error(int status, string body)
    {
        using var t = TestClient.Answering(_ => FakeHandler.Text(status, body));

        var error = await Assert.ThrowsAsync<OmieTransportException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Equal(status, error.HttpStatus);
    }

    [Fact]
    public async Task Http_200_with_an_unreadable_body_is_a_transport_error()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Text(200, "<html>maintenance</html>", "text/html"));

        var error = await Assert.ThrowsAsync<OmieTransportException>(() => t.Client.CreateServiceOrderAsync(Samples.Order()));

        Assert.Equal(200, error.HttpStatus);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_a_transport_error()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var t = new TestClient(async (_, ct) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        using var cts = new CancellationTokenSource();

        var call = t.Client.GetInvoiceStatusAsync("deal-42", cts.Token);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
