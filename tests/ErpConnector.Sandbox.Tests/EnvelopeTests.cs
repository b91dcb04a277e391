using System.Net;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Tests;

public sealed class EnvelopeTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private SandboxHost Host => fixture.Host;

    [Fact]
    public async Task Missing_trailing_slash_redirects_and_applies_nothing()
    {
        var code = Records.Unique("CLI");
        var body = new JsonObject
        {
            ["call"] = "UpsertCliente",
            ["app_key"] = SandboxHost.AppKey,
            ["app_secret"] = SandboxHost.AppSecret,
            ["param"] = new JsonArray(Records.Customer(code)),
        }.ToJsonString();

        using var response = await Host.Http.PostAsync("/api/v1/geral/clientes", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(new Uri(Host.Address, "/api/v1/geral/clientes/"), response.Headers.Location);
        var customers = (await Host.State())["customers"]!.AsArray();
        Assert.DoesNotContain(customers, c => c!["codigo_cliente_integracao"]!.GetValue<string>() == code);
    }

    [Fact]
    public async Task Wrong_secret_is_the_access_key_fault()
    {
        var reply = await Host.Call("geral/clientes", "ConsultarCliente", new JsonObject { ["codigo_cliente_integracao"] = "x" }, appSecret: "wrong");

        reply.Fault("SOAP-ENV:Server");
        Assert.Equal("A chave de acesso não está preenchida ou não é válida.", reply.FaultString);
    }

    [Theory]
    [InlineData("""{"call":"ConsultarCliente","app_key":"test-app-key","app_secret":"test-app-secret","param":{"codigo_cliente_integracao":"x"}}""")]
    [InlineData("""{"call":"ConsultarCliente","app_key":"test-app-key","app_secret":"test-app-secret","param":[{"a":1},{"b":2}]}""")]
    [InlineData("""{"call":"ConsultarCliente","app_key":"test-app-key","app_secret":"test-app-secret","param":[]}""")]
    [InlineData("""{"app_key":"test-app-key","app_secret":"test-app-secret","param":[{}]}""")]
    [InlineData("""[1,2]""")]
    public async Task Param_must_be_an_array_of_exactly_one_object(string body)
    {
        var reply = await Host.Send("/api/v1/geral/clientes/", body);

        Assert.Equal(HttpStatusCode.InternalServerError, reply.Status);
        Assert.Equal("Invalid JSON Object", reply.FaultString);
    }

    [Fact]
    public async Task Malformed_json_is_a_syntax_error_fault()
    {
        var reply = await Host.Send("/api/v1/geral/clientes/", """{"call":"ConsultarCliente", "param": [ {""");

        Assert.Equal(HttpStatusCode.InternalServerError, reply.Status);
        Assert.Equal("JSON request with SyntaxError", reply.FaultString);
    }

    [Fact]
    public async Task Non_json_content_is_refused()
    {
        var reply = await Host.Send("/api/v1/geral/clientes/", "call=ConsultarCliente", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.InternalServerError, reply.Status);
        Assert.Equal("Invalid JSON Object", reply.FaultString);
    }

    [Fact]
    public async Task Unknown_call_is_a_fault()
    {
        var reply = await Host.Call("geral/clientes", "IncluirOS", new JsonObject());

        reply.Fault("SOAP-ENV:Server");
        Assert.Contains("IncluirOS", reply.FaultString);
    }
}
