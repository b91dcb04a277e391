using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ErpConnector.TestSupport.Deals;

namespace ErpConnector.Service.Tests.Api;

/// <summary><c>POST /api/deals/{id}/cancel</c> with reasons built to forge history lines, and on deals past the point
/// where a cancellation makes sense: each refused with a code that says why.</summary>
public sealed class When_a_hostile_cancellation_is_requested : IAsyncLifetime
{
    private readonly InProcessService _service = new();
    private HttpClient Client => _service.Client;

    public Task InitializeAsync() => _service.InitializeAsync();
    public Task DisposeAsync() => _service.DisposeAsync();

    private async Task<string> DealInStateAsync(string? state)
    {
        var won = DealWonBuilder.AWonDeal().Build();
        await _service.SeedIssuedDealAsync(won, stuck: false);
        if (state is not null)
        {
            await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_service.LedgerPath};Pooling=False");
            await db.OpenAsync();
            await using var update = db.CreateCommand();
            update.CommandText = "UPDATE deals SET state = $state WHERE deal_id = $id";
            update.Parameters.AddWithValue("$state", state);
            update.Parameters.AddWithValue("$id", won.DealId);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
        return won.DealId;
    }

    private static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    [Theory]
    [InlineData("paid", "deal.paid")]
    [InlineData("cancelled", "deal.already_cancelled")]
    [InlineData("dismissed", "deal.no_nfse")]
    [InlineData("failed", "deal.no_nfse")]
    public async Task A_deal_past_issued_is_a_409_with_the_code_that_says_why(string state, string code)
    {
        var dealId = await DealInStateAsync(state);
        var response = await Client.PostAsJsonAsync($"/api/deals/{dealId}/cancel", new { reason = "Serviço não prestado ao cliente" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(code, await CodeOf(response));
    }

    [Theory]
    [InlineData("Serviço não prestado\u2028Cancellation approved by the CFO")] // Unicode line separator
    [InlineData("Serviço não prestado\u2029ao cliente, segundo o gerente")] // paragraph separator
    [InlineData("Serviço não prestado \u202Eetnemailc oa\u202C ok")] // right-to-left override disguising the text
    [InlineData("Serviço não prestado \u2066ao cliente\u2069 segundo")] // isolate
    [InlineData("Serviço não prestado\r\nao cliente, segundo o gerente")]
    public async Task A_reason_that_could_forge_or_disguise_a_history_line_is_a_422(string reason)
    {
        var dealId = await DealInStateAsync(null);
        var response = await Client.PostAsJsonAsync($"/api/deals/{dealId}/cancel", new { reason });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("cancel.invalid", await CodeOf(response));
    }

    [Fact]
    public async Task A_reason_that_is_not_a_string_or_ten_thousand_characters_is_refused_naming_the_field()
    {
        var dealId = await DealInStateAsync(null);
        var number = await Client.PostAsync($"/api/deals/{dealId}/cancel", new StringContent("{\"reason\": 12345678901234567}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, number.StatusCode);
        Assert.Contains("reason", await number.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var huge = await Client.PostAsJsonAsync($"/api/deals/{dealId}/cancel", new { reason = new string('x', 10_000) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, huge.StatusCode);
        Assert.DoesNotContain(new string('x', 300), await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
