using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ErpConnector.IntegrationTests.Fixtures;

namespace ErpConnector.IntegrationTests.Production;

/// <summary>Issue #10, defect 7, over a real Kestrel and broker: a body the API cannot read, an unknown route and a
/// wrong method answer in the error shape (they used to be empty 400/404/405/415), saying where the body is wrong.</summary>
[Collection(ConnectorCollection.Name)]
public sealed class When_a_request_cannot_be_read(ConnectorFixture fixture)
{
    [Fact]
    public async Task malformed_json_names_the_line_and_position_even_when_chunked()
    {
        var body = Encoding.UTF8.GetBytes("{\n  \"eventId\": \"E-1\",\n  \"dealId\": \"D-1\"\n  \"total\": 10\n}");
        var content = new StreamContent(new MemoryStream(body)); // no Content-Length: sent chunked
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await fixture.Api.PostAsync("/api/deals", content);
        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "body.malformed");
        Assert.Equal((4, 3), (error["details"]!["line"]!.GetValue<int>(), error["details"]!["position"]!.GetValue<int>()));
    }

    [Fact]
    public async Task a_value_of_the_wrong_type_names_its_json_path()
    {
        using var response = await fixture.Api.PostAsync("/api/errors/deal-won/replay",
            new StringContent("""{"messageIds": "m-1", "reason": "fixed"}""", Encoding.UTF8, "application/json"));
        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "body.invalid_type");
        Assert.Equal("$.messageIds", error["details"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task xml_is_415_naming_json()
    {
        using var response = await fixture.Api.PostAsync("/api/deals", new StringContent("<deal/>", Encoding.UTF8, "application/xml"));
        var error = await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "body.content_type");
        Assert.Equal("application/json", error["details"]!["accepted"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task an_unknown_route_and_a_wrong_method_are_404_and_405()
    {
        using (var missing = await fixture.Api.GetAsync("/api/distributors/x/no-such-thing"))
            await AssertErrorAsync(missing, HttpStatusCode.NotFound, "route.not_found");
        using (var wrong = await fixture.Api.PutAsync("/api/deals", new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            var error = await AssertErrorAsync(wrong, HttpStatusCode.MethodNotAllowed, "method.not_allowed");
            Assert.Contains("POST", error["details"]!["allowed"]!.AsArray().Select(m => m!.GetValue<string>()));
        }
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = await When_the_api_is_called.ErrorAsync(response);
        Assert.Equal(code, error["code"]!.GetValue<string>());
        return error;
    }
}
