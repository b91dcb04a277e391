using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ErpConnector.Service.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Service.Tests.Api;

/// <summary>
/// A body sent chunked (no Content-Length) crosses the 1 MB limit only while the endpoint reads it. On Kestrel
/// (the test server enforces no body limit) that answered 413 with the generic <c>http.413</c>, where a body that
/// announced its length gets <c>request.too_large</c>: the same refusal under two codes.
/// </summary>
public sealed class When_a_body_is_streamed_over_the_limit : IAsyncLifetime
{
    private const string Key = "streamed-body-test-key-0b7e4c21a9d3";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erpconnector-kestrel-tests-{Guid.NewGuid():N}");
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var url = $"http://127.0.0.1:{FreePort()}";
        _app = ServiceApp.Build(["--urls", url], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Messaging:RabbitMqUri"] = "",
                ["Persistence:Provider"] = "sqlite",
                ["Persistence:ConnectionString"] = $"Data Source={Path.Combine(_directory, "ledger.db")}",
                ["Omie:BaseUrl"] = "http://127.0.0.1:9/api/v1/",
                ["Omie:AppKey"] = "unit-test-app-key",
                ["Omie:AppSecret"] = "unit-test-app-secret",
                ["Security:ApiKeys:0:Name"] = "writer",
                ["Security:ApiKeys:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
                ["Security:ApiKeys:0:Scopes:0"] = ApiScopes.DealsWrite,
            });
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(url), DefaultRequestHeaders = { { "X-Api-Key", Key } } };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task It_is_the_same_413_request_too_large_as_a_body_that_announces_its_length()
    {
        using var content = new UnannouncedLength(Encoding.UTF8.GetBytes("{\"dealId\":\"" + new string('x', 1024 * 1024 + 16) + "\"}"));
        content.Headers.ContentType = new("application/json");

        using var response = await _client.PostAsync("/api/deals", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["code", "details", "message", "requestId"], error.Select(p => p.Key).Order());
        Assert.Equal("request.too_large", error["code"]!.GetValue<string>());
    }

    /// <summary>A body sent without Content-Length: chunked on the wire.</summary>
    private sealed class UnannouncedLength(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
