using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ErpConnector.Service.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Tests;

/// <summary>The security pipeline alone (no broker, no database) on an in-memory test server.</summary>
public sealed class AccessControlTests : IAsyncLifetime
{
    private const string ReaderKey = "reader-key-0f9e8d7c6b5a49382716";
    private const string WriterKey = "writer-key-1a2b3c4d5e6f70819203";
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = Build(new Dictionary<string, string?>
        {
            ["Security:ApiKeys:0:Name"] = "reader",
            ["Security:ApiKeys:0:Sha256"] = Hash(ReaderKey),
            ["Security:ApiKeys:0:Scopes:0"] = ApiScopes.DealsRead,
            ["Security:ApiKeys:1:Name"] = "writer",
            ["Security:ApiKeys:1:Sha256"] = Hash(WriterKey).ToUpperInvariant(),
            ["Security:ApiKeys:1:Scopes:0"] = ApiScopes.DealsWrite,
            ["Security:ApiKeys:1:Scopes:1"] = ApiScopes.DealsRead,
        });
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddConnectorSecurity(builder.Configuration);
        var app = builder.Build();
        app.UseConnectorSecurity();
        app.MapGet("/api/deals/{id}", (string id, HttpContext http) => Results.Ok(new { id, caller = http.User.Identity!.Name }));
        app.MapPost("/api/deals", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            return Results.Ok(new { length = (await reader.ReadToEndAsync()).Length });
        });
        app.MapGet("/api/other", () => Results.Ok());
        app.MapGet("/health/live", () => Results.Ok());
        app.MapGet("/named", () => Results.Ok()).RequireAuthorization(ApiScopes.DealsWrite);
        return app;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpRequestMessage Request(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return request;
    }

    [Fact]
    public async Task the_key_holder_is_known_by_name_and_upper_case_hashes_work()
    {
        using var response = await _client.SendAsync(Request(HttpMethod.Get, "/api/deals/D1", WriterKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("writer", (await response.Content.ReadFromJsonAsync<JsonObject>())!["caller"]!.GetValue<string>());
    }

    [Fact]
    public async Task missing_scope_is_403_and_names_it()
    {
        using var response = await _client.SendAsync(Request(HttpMethod.Post, "/api/deals", ReaderKey, new StringContent("{}")));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("auth.forbidden", body["code"]!.GetValue<string>());
        Assert.Equal(ApiScopes.DealsWrite, body["details"]!["requiredScope"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["requestId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task named_scope_policies_work_too()
    {
        using (var denied = await _client.SendAsync(Request(HttpMethod.Get, "/named", ReaderKey)))
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        using (var allowed = await _client.SendAsync(Request(HttpMethod.Get, "/named", WriterKey)))
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using (var anonymous = await _client.SendAsync(Request(HttpMethod.Get, "/named", null)))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData(null, "auth.required")]
    [InlineData("reader-key-0f9e8d7c6b5a4938271", "auth.invalid")]
    [InlineData("READER-KEY-0F9E8D7C6B5A49382716", "auth.invalid")]
    public async Task no_or_wrong_key_is_401(string? key, string code)
    {
        using var response = await _client.SendAsync(Request(HttpMethod.Get, "/api/deals/D1", key));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("ApiKey", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_api_path_without_a_scope_rule_is_refused_even_with_every_scope()
    {
        using var response = await _client.SendAsync(Request(HttpMethod.Get, "/api/other", WriterKey));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("auth.scope_unmapped", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task health_is_open_and_unknown_api_paths_still_need_credentials()
    {
        using (var health = await _client.GetAsync("/health/live")) Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using (var unknown = await _client.GetAsync("/api/nothing-here")) Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task a_body_over_the_limit_is_413_and_one_under_it_passes()
    {
        var limit = 1024 * 1024;
        using (var over = await _client.SendAsync(Request(HttpMethod.Post, "/api/deals", WriterKey, new ByteArrayContent(new byte[limit + 1]))))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
            Assert.Equal("request.too_large", (await over.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        }
        using (var under = await _client.SendAsync(Request(HttpMethod.Post, "/api/deals", WriterKey, new ByteArrayContent(new byte[limit]))))
            Assert.Equal(HttpStatusCode.OK, under.StatusCode);
    }

    [Fact]
    public async Task a_bad_configuration_stops_start_up_naming_the_key()
    {
        await using var app = Build(new Dictionary<string, string?>
        {
            ["Security:ApiKeys:0:Name"] = "ops",
            ["Security:ApiKeys:0:Sha256"] = "the-key-itself",
            ["Security:ApiKeys:0:Scopes:0"] = ApiScopes.DealsRead,
        });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("Security:ApiKeys:0:Sha256", error.Message);
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
