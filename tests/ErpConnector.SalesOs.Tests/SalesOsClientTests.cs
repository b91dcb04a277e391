using System.Net;
using ErpConnector.TestSupport.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace ErpConnector.SalesOs.Tests;

public sealed class SalesOsClientTests
{
    private const string Secret = "client-secret-never-logged-1234";
    private static readonly Dictionary<string, string?> Fields = new() { ["invoice_status"] = "issued" };

    private static (SalesOsClient Client, SalesOsCredentialState Credential) Create(ScriptedSalesOs salesOs, TimeSpan? maxInline = null)
    {
        var options = new SalesOsOptions
        {
            TokenUrl = "https://auth.test/oauth/token", BaseUrl = "https://api.test/v1/", ClientId = "client", ClientSecret = Secret,
            MaxInlineRetryAfter = maxInline ?? TimeSpan.FromSeconds(15),
        };
        var credential = new SalesOsCredentialState();
        return (new SalesOsClient(options, new SalesOsPacer(TimeProvider.System), credential, NullLogger<SalesOsClient>.Instance, salesOs), credential);
    }

    [Fact]
    public async Task The_token_is_asked_for_once_and_sent_as_a_bearer_on_every_call()
    {
        var salesOs = new ScriptedSalesOs();
        var (client, _) = Create(salesOs);

        for (var i = 0; i < 3; i++) await client.UpdateCustomFieldsAsync("D-1", Fields, default);

        Assert.Equal(1, salesOs.TokenRequests);
        var token = salesOs.Requests.Single(r => r.Path.EndsWith("/oauth/token", StringComparison.Ordinal));
        Assert.Contains("\"grant_type\":\"client_credentials\"", token.Body);
        Assert.Contains("\"audience\":\"https://api.play2sell.com\"", token.Body);
        Assert.All(salesOs.Requests.Where(r => r.Path == "/v1/deals/D-1"), r => Assert.Equal("Bearer token-1", r.Authorization));
    }

    [Fact]
    public async Task A_401_on_a_cached_token_fetches_a_new_one_and_repeats_the_call_once()
    {
        var salesOs = new ScriptedSalesOs();
        var (client, credential) = Create(salesOs);
        await client.UpdateCustomFieldsAsync("D-1", Fields, default);
        salesOs.Api(HttpStatusCode.Unauthorized, """{"error":{"code":"unauthorized","message":"expired"}}""");

        await client.UpdateCustomFieldsAsync("D-2", Fields, default);

        Assert.Equal(2, salesOs.TokenRequests);
        Assert.Equal("Bearer token-2", salesOs.Requests[^1].Authorization);
        Assert.False(credential.Current.Broken);
    }

    [Fact]
    public async Task A_401_on_a_token_just_issued_reports_the_credential_broken_naming_the_likely_causes()
    {
        var salesOs = new ScriptedSalesOs().Api(HttpStatusCode.Unauthorized, """{"code":"unauthorized","message":"audience","request_id":"req-9"}""");
        var (client, credential) = Create(salesOs);

        var ex = await Assert.ThrowsAsync<SalesOsCallException>(() => client.UpdateCustomFieldsAsync("D-1", Fields, default));

        Assert.Equal(SalesOsFailure.CredentialBroken, ex.Failure);
        Assert.Equal("req-9", ex.Error!.RequestId);
        Assert.True(credential.Current.Broken);
        Assert.Contains("revoked", credential.Current.Cause, StringComparison.Ordinal);
        Assert.Contains("Audience", credential.Current.Cause, StringComparison.Ordinal);
        Assert.Equal(1, salesOs.TokenRequests);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_request_reports_the_credential_broken()
    {
        var salesOs = new ScriptedSalesOs().Token(HttpStatusCode.Unauthorized, """{"error":"access_denied","error_description":"Unauthorized"}""");
        var (client, credential) = Create(salesOs);

        var ex = await Assert.ThrowsAsync<SalesOsCallException>(() => client.ListWonDealsAsync(DateTimeOffset.UtcNow, null, 10, default));

        Assert.Equal(SalesOsFailure.CredentialBroken, ex.Failure);
        Assert.True(credential.Current.Broken);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_names_the_missing_scope()
    {
        var salesOs = new ScriptedSalesOs().Api(HttpStatusCode.Forbidden, """{"error":{"code":"insufficient_scope","message":"no","details":["deals:write"],"request_id":"req-1"}}""");
        var (client, _) = Create(salesOs);

        var ex = await Assert.ThrowsAsync<SalesOsCallException>(() => client.UpdateCustomFieldsAsync("D-1", Fields, default));

        Assert.Equal((SalesOsFailure.MissingScope, "deals:write"), (ex.Failure, ex.Scope));
        Assert.Contains("deals:write", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["deals:write"], ex.Error!.Details);
    }

    [Fact]
    public async Task A_429_waits_for_its_retry_after_then_the_call_lands()
    {
        var salesOs = new ScriptedSalesOs().Api((HttpStatusCode)429, """{"code":"rate_limit_exceeded"}""", ("Retry-After", "1"));
        var (client, _) = Create(salesOs);

        await client.UpdateCustomFieldsAsync("D-1", Fields, default);

        var calls = salesOs.Requests.Where(r => r.Path == "/v1/deals/D-1").ToList();
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(1), $"repeated after {calls[1].At - calls[0].At}");
    }

    [Fact]
    public async Task A_429_longer_than_the_inline_wait_fails_with_its_time_and_holds_every_later_call()
    {
        var salesOs = new ScriptedSalesOs().Api((HttpStatusCode)429, "{}", ("Retry-After", "120"));
        var (client, _) = Create(salesOs, maxInline: TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<SalesOsCallException>(() => client.UpdateCustomFieldsAsync("D-1", Fields, default));
        var held = await Assert.ThrowsAsync<SalesOsCallException>(() => client.UpdateCustomFieldsAsync("D-2", Fields, default));

        Assert.Equal(SalesOsFailure.RateLimited, ex.Failure);
        Assert.True(ex.RetryAt > DateTimeOffset.UtcNow.AddSeconds(100));
        Assert.Equal(SalesOsFailure.RateLimited, held.Failure);
        Assert.DoesNotContain(salesOs.Requests, r => r.Path == "/v1/deals/D-2"); // never sent before Retry-After
    }

    [Fact]
    public async Task Remaining_zero_makes_the_next_call_wait_for_the_window_reset()
    {
        var reset = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds() + 1;
        var salesOs = new ScriptedSalesOs().Api(HttpStatusCode.OK, "{}", ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (client, _) = Create(salesOs);

        await client.UpdateCustomFieldsAsync("D-1", Fields, default);
        await client.UpdateCustomFieldsAsync("D-2", Fields, default);

        var second = salesOs.Requests.Single(r => r.Path == "/v1/deals/D-2");
        Assert.True(second.At >= DateTimeOffset.FromUnixTimeSeconds(reset), $"sent at {second.At:O}, window reset at {DateTimeOffset.FromUnixTimeSeconds(reset):O}");
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_5xx_is_unavailable_for_a_durable_retry_and_keeps_salesos_error_body(HttpStatusCode status)
    {
        var salesOs = new ScriptedSalesOs().Api(status, """{"error":{"code":"internal","message":"oops","request_id":"req-5"}}""");
        var (client, _) = Create(salesOs);

        var ex = await Assert.ThrowsAsync<SalesOsCallException>(() => client.UpdateCustomFieldsAsync("D-1", Fields, default));

        Assert.Equal(SalesOsFailure.Unavailable, ex.Failure);
        Assert.Contains("request_id req-5", ex.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_422_is_rejected_with_the_fields_that_failed()
    {
        var salesOs = new ScriptedSalesOs().Api((HttpStatusCode)422, """{"code":"validation_error","message":"bad","details":[{"field":"custom_fields.nfse_number"}],"request_id":"req-7"}""");
        var (client, _) = Create(salesOs);

        var ex = await Assert.ThrowsAsync<SalesOsCallException>(() => client.UpdateCustomFieldsAsync("D-1", Fields, default));

        Assert.Equal(SalesOsFailure.Rejected, ex.Failure);
        Assert.Contains("custom_fields.nfse_number", ex.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_write_sends_custom_fields_as_json()
    {
        var salesOs = new ScriptedSalesOs();
        var (client, _) = Create(salesOs);

        await client.UpdateCustomFieldsAsync("D-1", new Dictionary<string, string?> { ["nfse_number"] = "123", ["invoice_failure_reason"] = null }, default);

        Assert.Equal("""{"custom_fields":{"nfse_number":"123","invoice_failure_reason":null}}""", salesOs.Requests[^1].Body);
    }

    [Fact]
    public async Task A_page_of_deals_carries_the_next_cursor()
    {
        var salesOs = new ScriptedSalesOs().Api(HttpStatusCode.OK, """{"data":[{"id":"D-1"},{"id":"D-2"}],"next_cursor":"abc"}""");
        var (client, _) = Create(salesOs);

        var page = await client.ListWonDealsAsync(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), null, 2, default);

        Assert.Equal(2, page.Deals.Count);
        Assert.Equal("abc", page.NextCursor);
    }

    [Fact]
    public async Task An_answer_over_the_size_limit_is_unavailable_and_reading_stops_at_the_limit()
    {
        var body = new EndlessBody(4L * SalesOsClient.MaxAnswerBytes);
        var salesOs = new ScriptedSalesOs().Api(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
        var (client, _) = Create(salesOs);

        var error = await Assert.ThrowsAsync<SalesOsCallException>(() => client.ListWonDealsAsync(DateTimeOffset.UnixEpoch, null, 100, default));

        Assert.Equal(SalesOsFailure.Unavailable, error.Failure);
        Assert.InRange(body.Given, SalesOsClient.MaxAnswerBytes, SalesOsClient.MaxAnswerBytes + 1024 * 1024);
    }
}
