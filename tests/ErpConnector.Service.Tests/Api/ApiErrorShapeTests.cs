using System.Net.Http.Json;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ErpConnector.Service.Tests.Api;

/// <summary>
/// Issue #10, defect 7: bodies the API cannot read, unknown routes and methods, and unexpected failures used to
/// answer an empty 400/404/405/415/500. Each must now answer in the one error shape, saying where the body is wrong.
/// </summary>
public sealed class ApiErrorShapeTests(InProcessService service) : IClassFixture<InProcessService>
{
    private const string Deal = """{"eventId":"E-1","dealId":"D-1","occurredAt":"2026-11-22T14:00:00-03:00","currency":"BRL","total":10.5}""";

    [Theory]
    // Truncated: the object is never closed; the reader stops at the end of the 30 bytes.
    [InlineData("""{"eventId":"E-1","dealId":"D-1""", "$.dealId", 1, 31)]
    // Trailing garbage after a complete object.
    [InlineData("""{"eventId":"E-1"} x""", "$", 1, 19)]
    [InlineData("{\n  \"eventId\": \"E-1\",\n  \"dealId\": D-1\n}", "$.dealId", 3, 13)]
    public async Task malformed_json_is_400_body_malformed_with_its_line_and_position(string body, string path, int line, int position)
    {
        using var response = await service.Client.PostAsync("/api/deals", Json(body));
        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "body.malformed");
        AssertLocation(error, path, line, position);
    }

    [Theory]
    // Conversion errors point just past the value that does not fit; syntax errors at the offending character.
    [InlineData("""[{"dealId":"D-1"}]""", "$", 1, 2, "object")]
    [InlineData("{\n  \"eventId\": \"E-1\",\n  \"dealId\": 123\n}", "$.dealId", 3, 16, "string")]
    [InlineData("""{"eventId":"E-1","dealId":"D-1","total":"abc"}""", "$.total", 1, 46, "number")]
    [InlineData("""{"eventId":"E-1","dealId":"D-1","customer":"x"}""", "$.customer", 1, 47, "object")]
    public async Task a_value_of_the_wrong_type_is_400_body_invalid_type_naming_the_field(string body, string path, int line, int position, string expected)
    {
        using var response = await service.Client.PostAsync("/api/deals", Json(body));
        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "body.invalid_type");
        AssertLocation(error, path, line, position);
        Assert.Contains(expected, error["message"]!.GetValue<string>());
        if (path != "$") Assert.Contains($"'{path}'", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_blank_json_body_is_400_body_required()
    {
        using var response = await service.Client.PostAsync("/api/deals", Json(" \r\n "));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "body.required");
    }

    /// <summary>Guard, not a regression: an empty body already got body.required from the deals handler; it must keep
    /// doing so whether or not a handler checks for null itself (a non-nullable body parameter makes the framework refuse).</summary>
    [Fact]
    public async Task an_empty_body_is_400_body_required()
    {
        using (var json = await service.Client.PostAsync("/api/deals", Json("")))
            await AssertErrorAsync(json, HttpStatusCode.BadRequest, "body.required");
        using (var none = await service.Client.PostAsync("/api/deals", null))
            await AssertErrorAsync(none, HttpStatusCode.BadRequest, "body.required");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task a_body_that_is_not_json_is_415_naming_the_accepted_content_type(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Deal));
        if (contentType is not null) content.Headers.ContentType = new(contentType);
        using var response = await service.Client.PostAsync("/api/deals", content);
        var error = await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "body.content_type");
        Assert.Equal("application/json", Assert.Single(error["details"]!["accepted"]!.AsArray())!.GetValue<string>());
        Assert.Contains("application/json", error["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/errors/deal-won/replay")]
    [InlineData("/api/deals")]
    public async Task every_json_endpoint_answers_bad_bodies_in_the_shape(string path)
    {
        using (var malformed = await service.Client.PostAsync(path, Json("""{"messageIds": ["m-1"]""")))
            AssertLocation(await AssertErrorAsync(malformed, HttpStatusCode.BadRequest, "body.malformed"), "$", 1, 23);
        using (var plain = await service.Client.PostAsync(path, new StringContent("{}", Encoding.UTF8, "text/plain")))
            await AssertErrorAsync(plain, HttpStatusCode.UnsupportedMediaType, "body.content_type");
    }

    [Fact]
    public async Task a_query_value_of_the_wrong_type_is_400_request_invalid_naming_the_parameter()
    {
        using var response = await service.Client.GetAsync("/api/deals?page=abc");
        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "request.invalid");
        Assert.Contains("page", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_unknown_route_under_api_is_404_route_not_found()
    {
        using var response = await service.Client.GetAsync("/api/deals/D-1/no/such/route");
        var error = await AssertErrorAsync(response, HttpStatusCode.NotFound, "route.not_found");
        Assert.Equal("/api/deals/D-1/no/such/route", error["details"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_wrong_method_is_405_method_not_allowed_listing_the_allowed_ones()
    {
        using var response = await service.Client.DeleteAsync("/api/deals/D-1");
        var error = await AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "method.not_allowed");
        Assert.Contains("GET", error["details"]!["allowed"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task an_unexpected_failure_is_500_internal_without_the_exception()
    {
        using var response = await service.Client.GetAsync(InProcessService.FailingPath);
        var raw = await response.Content.ReadAsStringAsync();
        var error = await AssertErrorAsync(response, HttpStatusCode.InternalServerError, "internal");
        Assert.DoesNotContain(InProcessService.FailureMessage, raw);
        Assert.DoesNotContain("InvalidOperationException", raw);
        Assert.DoesNotContain(" at ", raw);
        Assert.Contains("requestId", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_existing_401_and_413_answers_keep_the_shape()
    {
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/api/deals/D-1");
        anonymous.Headers.Add("X-Api-Key", "not-a-key");
        using (var unauthorized = await service.Client.SendAsync(anonymous))
            await AssertErrorAsync(unauthorized, HttpStatusCode.Unauthorized, "auth.invalid");
        using (var tooLarge = await service.Client.PostAsync("/api/deals", Json(new string(' ', 1024 * 1024 + 1))))
            await AssertErrorAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "request.too_large");
    }

    [Fact]
    public async Task a_well_formed_deal_is_judged_by_its_content()
    {
        // Readable JSON gets past the body checks: an incomplete deal is 422 with its field errors, a good one 202.
        using var incomplete = await service.Client.PostAsync("/api/deals", Json(Deal));
        var error = await AssertErrorAsync(incomplete, HttpStatusCode.UnprocessableEntity, "deal.invalid");
        Assert.NotEmpty(error["details"]!["errors"]!.AsArray());

        using var good = await service.Client.PostAsJsonAsync("/api/deals", ErpConnector.TestSupport.Deals.DealWonBuilder.AWonDeal().Build());
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>Status, JSON content type, exactly the four fields of the shape, the code and a requestId.</summary>
    private static async Task<JsonObject> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var raw = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {raw}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = Assert.IsType<JsonObject>(JsonNode.Parse(raw));
        Assert.Equal(["code", "details", "message", "requestId"], error.Select(p => p.Key).Order());
        Assert.True(code == error["code"]?.GetValue<string>(), $"expected code {code}: {raw}");
        Assert.False(string.IsNullOrWhiteSpace(error["message"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(error["requestId"]?.GetValue<string>()));
        return error;
    }

    private static void AssertLocation(JsonObject error, string path, int line, int position)
    {
        var details = error["details"]!;
        Assert.Equal((path, line, position),
            (details["path"]!.GetValue<string>(), details["line"]!.GetValue<int>(), details["position"]!.GetValue<int>()));
    }
}
