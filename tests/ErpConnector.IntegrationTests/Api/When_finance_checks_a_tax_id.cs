using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.IntegrationTests.Fixtures;

namespace ErpConnector.IntegrationTests.Api;

[Collection(ConnectorCollection.Name)]
public sealed class When_finance_checks_a_tax_id(ConnectorFixture fixture)
{
    [Theory]
    [InlineData("12.ABC.345/01DE-35", "cnpj", "12ABC34501DE35", "12.ABC.345/01DE-35")]
    [InlineData("11222333000181", "cnpj", "11222333000181", "11.222.333/0001-81")]
    [InlineData("123.456.789-09", "cpf", "12345678909", "123.456.789-09")]
    public async Task A_valid_document_comes_back_normalised_and_formatted(string value, string kind, string normalized, string formatted)
    {
        var body = await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/tax-ids/validate?value={Uri.EscapeDataString(value)}");
        Assert.Equal(kind, body!["kind"]!.GetValue<string>());
        Assert.Equal(normalized, body["normalized"]!.GetValue<string>());
        Assert.Equal(formatted, body["formatted"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("11.222.333/0001-82", "check_digits")]
    [InlineData("12.ABÇ.345/01DE-35", "characters")]
    [InlineData("", "required")]
    public async Task An_invalid_document_is_422_with_the_reason(string value, string codeFragment)
    {
        using var response = await fixture.Api.GetAsync($"/api/tax-ids/validate?value={Uri.EscapeDataString(value)}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        var error = Assert.Single(body!["errors"]!.AsArray())!;
        Assert.Equal("value", error["field"]!.GetValue<string>());
        Assert.Contains(codeFragment, error["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
    }
}
