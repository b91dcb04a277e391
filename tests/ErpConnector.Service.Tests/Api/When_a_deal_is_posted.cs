using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ErpConnector.TestSupport.Deals;
using Microsoft.Data.Sqlite;

namespace ErpConnector.Service.Tests.Api;

/// <summary>Issue #10, defect 1: accepting means written. POST /api/deals answered 202 before anything durable
/// existed, so a crash right after lost the deal on the embedded default (in-memory bus).</summary>
public sealed class When_a_deal_is_posted(InProcessService service) : IClassFixture<InProcessService>
{
    [Fact]
    public async Task A_202_is_only_answered_once_the_deal_is_in_the_ledger()
    {
        var won = DealWonBuilder.AWonDeal().Build();
        // Another process holds the ledger's write lock for a moment (a backup, a second instance starting).
        await using var locker = new SqliteConnection($"Data Source={service.LedgerPath};Pooling=False");
        await locker.OpenAsync();
        await using (var begin = locker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        var post = service.Client.PostAsJsonAsync("/api/deals", won);
        // Give an answer that does not wait for the ledger the time to come.
        if (await Task.WhenAny(post, Task.Delay(TimeSpan.FromSeconds(3))) == post)
        {
            using var early = await post;
            // Answered while nothing could be written: only correct if it did not claim to accept the deal.
            Assert.NotEqual(HttpStatusCode.Accepted, early.StatusCode);
            Assert.Equal(0, await CountAsync(locker, won.DealId));
            return;
        }
        await using (var commit = locker.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }
        using var response = await post;
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await CountAsync(locker, won.DealId));
    }

    [Fact]
    public async Task The_answer_says_what_became_of_the_deal()
    {
        var won = DealWonBuilder.AWonDeal().Build();
        using var accepted = await service.Client.PostAsJsonAsync("/api/deals", won);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"/api/deals/{won.DealId}", accepted.Headers.Location?.OriginalString);

        using var again = await service.Client.PostAsJsonAsync("/api/deals", won);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("already-known", (await again.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());

        var invalid = DealWonBuilder.AWonDeal().WithDocument("11.111.111/1111-11").Build();
        using var rejected = await service.Client.PostAsJsonAsync("/api/deals", invalid);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        var error = (await rejected.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("deal.invalid", error["code"]!.GetValue<string>());
        Assert.NotEmpty(error["details"]!["errors"]!.AsArray());
        Assert.NotNull(error["requestId"]);
    }

    [Fact]
    public async Task Retrying_a_deal_that_cannot_be_retried_is_409_in_the_error_shape()
    {
        var invalid = DealWonBuilder.AWonDeal().WithDocument("11.111.111/1111-11").Build();
        using (await service.Client.PostAsJsonAsync("/api/deals", invalid)) { }

        using var retry = await service.Client.PostAsync($"/api/deals/{invalid.DealId}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        var error = (await retry.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("deal.not_retryable", error["code"]!.GetValue<string>());
        Assert.Contains("corrected deal.won", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<long> CountAsync(SqliteConnection db, string dealId)
    {
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM deals WHERE deal_id = $id";
        count.Parameters.AddWithValue("$id", dealId);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
