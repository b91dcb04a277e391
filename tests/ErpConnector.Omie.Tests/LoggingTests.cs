using Microsoft.Extensions.Logging;

namespace ErpConnector.Omie.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task The_app_secret_never_reaches_logs_or_exception_messages()
    {
        var answers = new Queue<Func<HttpResponseMessage>>(
        [
            () => FakeHandler.Json(200, Samples.OsStatusOk),
            // Omie echoing the request back in a fault must not leak the secret either.
            () => FakeHandler.Fault(500, "SOAP-ENV:Server", $"JSON request with SyntaxError: {{\"app_secret\":\"{TestClient.AppSecret}\"}}"),
            () => FakeHandler.Text(502, $"upstream said {TestClient.AppSecret}"),
            () => throw new HttpRequestException($"connection to host failed ({TestClient.AppSecret})"),
            () => FakeHandler.Fault(425, "MISUSE_API_PROCESS", $"ERROR: API bloqueada por consumo indevido ({TestClient.AppSecret}). Tente novamente em 1 segundos."),
        ]);
        using var t = TestClient.Answering(_ => answers.Dequeue()());
        var messages = new List<string>();

        await t.Client.CreateServiceOrderAsync(Samples.Order());
        for (var i = 0; i < 4; i++)
        {
            var error = await Record.ExceptionAsync(() => t.Client.InvoiceServiceOrderAsync("deal-42"));
            Assert.NotNull(error);
            messages.Add(error.ToString());
            if (error is OmieFaultException fault) messages.Add(fault.FaultString);
        }
        messages.Add(t.Limiter.PauseReason ?? "");

        var logs = t.Logger.Entries.ToArray();
        Assert.NotEmpty(logs);
        Assert.All(logs, entry => Assert.DoesNotContain(TestClient.AppSecret, entry.AllText));
        Assert.All(messages, message => Assert.DoesNotContain(TestClient.AppSecret, message));
        Assert.Contains(messages, m => m.Contains("***"));
        // The request body (which carries the secret) is never logged, not even the harmless parts.
        Assert.All(logs, entry => Assert.DoesNotContain("\"param\"", entry.AllText));
    }

    [Fact]
    public async Task Calls_are_logged_with_structured_method_module_status_and_elapsed_time()
    {
        using var t = TestClient.Answering(r => r.Body.Contains("IncluirOS")
            ? FakeHandler.Json(200, Samples.OsStatusOk)
            : FakeHandler.Fault(500, "SOAP-ENV:Client-1880", "ERROR: Já existe uma requisição desse método sendo executada e você pode tentar novamente em alguns instantes. (1)"));

        await t.Client.CreateServiceOrderAsync(Samples.Order());
        await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.InvoiceServiceOrderAsync("deal-42"));

        var logs = t.Logger.Entries.ToArray();
        // Successful calls log at Debug: at hundreds of deals a second they are noise at Information.
        var success = Assert.Single(logs, e => e.Level == LogLevel.Debug);
        var values = success.State.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("IncluirOS", values["Method"]);
        Assert.Equal("servicos/os/", values["Module"]);
        Assert.Equal(200, values["HttpStatus"]);
        Assert.True(values.ContainsKey("ElapsedMs"));

        var fault = Assert.Single(logs, e => e.Level == LogLevel.Warning);
        values = fault.State.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("FaturarOS", values["Method"]);
        Assert.Equal("servicos/osp/", values["Module"]);
        Assert.Equal("SOAP-ENV:Client-1880", values["FaultCode"]);
        Assert.Equal(500, values["HttpStatus"]);
    }
}
