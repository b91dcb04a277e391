using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ErpConnector.IntegrationTests.Fixtures;
using ErpConnector.Service.Security;

namespace ErpConnector.IntegrationTests.Production;

/// <summary>Access control of /api: API keys and JWTs with scopes, 401/403 in the API's error shape, open health
/// and OpenAPI, and the 1 MB body limit.</summary>
[Collection(ConnectorCollection.Name)]
public sealed class When_the_api_is_called(ConnectorFixture fixture)
{
    private Uri Base => fixture.Api.BaseAddress!;

    /// <summary>One request per scope; any answer but 401/403 means the credential got through.</summary>
    public static TheoryData<string, string, string> Routes => new()
    {
        { ApiScopes.DealsRead, "GET", "/api/deals?state=failed" },
        { ApiScopes.DealsRead, "GET", "/api/deals/NO-SUCH-DEAL" },
        { ApiScopes.DealsWrite, "POST", "/api/deals/NO-SUCH-DEAL/retry" },
        { ApiScopes.DistributorsRead, "GET", "/api/distributors" },
        { ApiScopes.DistributorsRun, "POST", "/api/distributors/no-such-feed/test-connection" },
        { ApiScopes.DistributorsRun, "POST", "/api/distributors/no-such-feed/refetch" },
        { ApiScopes.TaxIdsRead, "GET", "/api/tax-ids/validate?value=11.222.333/0001-81" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task each_scope_is_allowed_with_its_key_and_denied_with_any_other(string scope, string method, string path)
    {
        using var allowed = Credentials.WithApiKey(Base, ProductionSettings.KeyFor(scope));
        using var ok = await allowed.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.NotEqual(HttpStatusCode.Unauthorized, ok.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, ok.StatusCode);

        foreach (var other in ApiScopes.All.Where(s => s != scope))
        {
            using var denied = Credentials.WithApiKey(Base, ProductionSettings.KeyFor(other));
            using var response = await denied.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var error = await ErrorAsync(response);
            Assert.Equal("auth.forbidden", error["code"]!.GetValue<string>());
            Assert.Equal(scope, error["details"]!["requiredScope"]!.GetValue<string>());
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task no_key_or_a_bad_key_is_401_in_the_error_shape(string scope, string method, string path)
    {
        _ = scope;
        using var anonymous = Credentials.WithApiKey(Base, null);
        using var missing = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("auth.required", (await ErrorAsync(missing))["code"]!.GetValue<string>());

        using var wrong = Credentials.WithApiKey(Base, ProductionSettings.AdminKey + "x");
        using var bad = await wrong.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("auth.invalid", (await ErrorAsync(bad))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task posting_a_deal_needs_deals_write()
    {
        var deal = DealWonBuilder.AWonDeal().Build();
        using var reader = Credentials.WithApiKey(Base, ProductionSettings.KeyFor(ApiScopes.DealsRead));
        using var denied = await reader.PostAsJsonAsync("/api/deals", deal);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        using var writer = Credentials.WithApiKey(Base, ProductionSettings.KeyFor(ApiScopes.DealsWrite));
        using var accepted = await writer.PostAsJsonAsync("/api/deals", deal);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task a_jwt_carries_its_scopes_and_a_bad_one_is_401()
    {
        using var reader = Credentials.WithBearer(Base, Credentials.Jwt("openid deals:read"));
        using (var ok = await reader.GetAsync("/api/deals?state=failed")) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using (var denied = await reader.PostAsync("/api/deals/NO-SUCH-DEAL/retry", null))
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        // Auth0 RBAC puts them in "permissions".
        using var runner = Credentials.WithBearer(Base, Credentials.Jwt("distributors:read tax-ids:read", asPermissions: true));
        using (var ok = await runner.GetAsync("/api/tax-ids/validate?value=11.222.333/0001-81")) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        foreach (var token in new[]
                 {
                     Credentials.Jwt("deals:read", audience: "someone-else"),
                     Credentials.Jwt("deals:read", signingKey: "another-signing-key-0123456789abcdef-xyz"),
                     Credentials.Jwt("deals:read", lifetime: TimeSpan.FromMinutes(-10)),
                 })
        {
            using var client = Credentials.WithBearer(Base, token);
            using var response = await client.GetAsync("/api/deals?state=failed");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("auth.invalid", (await ErrorAsync(response))["code"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar")]
    [InlineData("/metrics")]
    public async Task health_metrics_and_the_api_document_need_no_credentials(string path)
    {
        using var anonymous = Credentials.WithApiKey(Base, null);
        using var response = await anonymous.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task the_api_document_lists_the_routes_and_the_key_scheme()
    {
        using var anonymous = Credentials.WithApiKey(Base, null);
        var document = (await anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        Assert.NotNull(document["paths"]!["/api/deals/{dealId}"]);
        Assert.NotNull(document["components"]!["securitySchemes"]!["ApiKey"]);
    }

    [Fact]
    public async Task a_body_over_1_mb_is_refused_with_413()
    {
        var big = "{\"dealId\":\"" + new string('x', 1024 * 1024) + "\"}";
        // Expect: 100-continue (as curl sends for large bodies): the 413 comes before the body is sent, so the
        // client never writes into a connection the server has already closed.
        using var sized = new HttpRequestMessage(HttpMethod.Post, "/api/deals") { Content = new StringContent(big, Encoding.UTF8, "application/json") };
        sized.Headers.ExpectContinue = true;
        using var response = await fixture.Api.SendAsync(sized);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal("request.too_large", error["code"]!.GetValue<string>());
        Assert.Contains("larger than 1048576 bytes", error["message"]!.GetValue<string>());

        // Without Content-Length (chunked), the limit trips while the body is read.
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/webhooks/salesos") { Content = new ChunkedContent(Encoding.UTF8.GetBytes(big)) };
        using var streamed = await fixture.Api.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal("request.too_large", (await ErrorAsync(streamed))["code"]!.GetValue<string>());
    }

    internal static async Task<JsonObject> ErrorAsync(HttpResponseMessage response)
    {
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(body["code"]);
        Assert.NotNull(body["message"]);
        Assert.True(body.ContainsKey("details"));
        Assert.False(string.IsNullOrEmpty(body["requestId"]?.GetValue<string>()));
        return body;
    }

    /// <summary>A body sent with Transfer-Encoding: chunked (no Content-Length).</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
