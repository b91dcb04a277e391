using ErpConnector.Contracts;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace ErpConnector.Distributors.Tests;

public sealed class RestFeedTests(FeedHarness harness) : IClassFixture<FeedHarness>
{
    private IPriceFeedAdapter Rest => harness.Services.GetServices<IPriceFeedAdapter>().Single(a => a.Kind == "rest");

    [Fact]
    public async Task The_api_is_paged_and_priced_in_batches_under_one_oauth_token()
    {
        var feed = harness.AddRestFeed();
        await harness.SetCatalogueAsync(feed.Id, rows: 450);

        var run = await harness.RunAsync(feed.Id);

        FeedAssert.Applied(run);
        Assert.Equal(450, run.Added);
        Assert.Equal(450, run.RowsExpected);
        Assert.True(run.BytesRead > 0);
        var stats = harness.SandboxState.Stats(feed.Id);
        Assert.Equal(1, stats.TokensIssued);
        Assert.Equal(5, stats.CatalogRequests);  // pages of 100
        Assert.Equal(9, stats.PriceRequests);    // batches of 50
        var price = await harness.Prices.GetPriceAsync(feed.Id, "IM0000450", 1, default);
        Assert.NotNull(price);

        await harness.SetCatalogueAsync(feed.Id, rows: 450, changed: 10);
        var second = await harness.RunAsync(feed.Id);
        Assert.InRange(second.Changed, 20, 80);
        Assert.Equal(1, harness.SandboxState.Stats(feed.Id).TokensIssued); // the cached token is reused
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_are_waited_out_and_retried()
    {
        var feed = harness.AddRestFeed();
        await harness.SetCatalogueAsync(feed.Id, rows: 120);
        await harness.ArmAsync(feed.Id, "rate-limited", times: 2);

        var limited = await harness.RunAsync(feed.Id);

        FeedAssert.Applied(limited);
        Assert.Equal(120, limited.Added);
        Assert.Equal(2, harness.SandboxState.Stats(feed.Id).RateLimited);

        await harness.ArmAsync(feed.Id, "server-error", times: 2);
        var failing = await harness.RunAsync(feed.Id);
        FeedAssert.Applied(failing);
        Assert.Equal(120, failing.Unchanged);
        Assert.Equal(2, harness.SandboxState.Stats(feed.Id).ServerErrors);
    }

    [Fact]
    public async Task A_token_the_api_refuses_is_renewed_once()
    {
        var feed = harness.AddRestFeed();
        await harness.SetCatalogueAsync(feed.Id, rows: 60);
        await harness.RunAsync(feed.Id);
        // The API now refuses the cached token once (revoked early); the token endpoint still answers.
        harness.SandboxState.Arm(new Sandbox.Distributors.DistributorFault { FeedId = feed.Id, Kind = "unauthorized", Times = 1 });

        var run = await harness.RunAsync(feed.Id);

        FeedAssert.Applied(run);
        Assert.Equal(2, harness.SandboxState.Stats(feed.Id).TokensIssued);
    }

    [Fact]
    public async Task Persistent_server_errors_fail_the_run_and_keep_the_snapshot()
    {
        var feed = harness.AddRestFeed(f => f.Rest!.MaxRetries = 2);
        await harness.SetCatalogueAsync(feed.Id, rows: 100);
        var good = await harness.RunAsync(feed.Id);
        await harness.ArmAsync(feed.Id, "server-error");

        var run = await harness.RunAsync(feed.Id);

        Assert.Equal(FeedRunStatus.Failed, run.Status);
        Assert.Contains("HTTP 500 after 3 attempts", run.Message);
        Assert.Equal(100, await harness.CountPricesAsync(feed.Id));
        Assert.Equal(good.RunId, (await harness.Runs.GetStateAsync(feed.Id, default))!.LastGoodRunId);
    }

    [Fact]
    public async Task A_token_endpoint_answering_invalid_client_fails_the_run_as_rejected_credentials_and_a_server_error_does_not()
    {
        var wrong = harness.AddRestFeed(f => f.Rest!.ClientSecret = "not-the-secret");
        await harness.SetCatalogueAsync(wrong.Id, rows: 10);
        var down = harness.AddRestFeed(f => f.Rest!.MaxRetries = 0);
        await harness.SetCatalogueAsync(down.Id, rows: 10);
        await harness.ArmAsync(down.Id, "server-error");

        var refused = await harness.RunAsync(wrong.Id);
        var failed = await harness.RunAsync(down.Id);

        Assert.Equal(FeedRunReasons.CredentialsRejected, refused.Reason);
        Assert.Contains("invalid_client", refused.Message);
        Assert.Equal("Re-enter the credentials, then test the connection.",
            Assert.Single(harness.Events.Of<DistributorFeedRejected>(e => e.RunId == refused.RunId)).Action);
        Assert.Equal(FeedRunReasons.FetchFailed, failed.Reason);
        Assert.Null(Assert.Single(harness.Events.Of<DistributorFeedRejected>(e => e.RunId == failed.RunId)).Action);
        await harness.ClearFaultsAsync(down.Id);
    }

    [Fact]
    public async Task A_truncated_api_answer_is_rejected_by_the_row_count_guard()
    {
        var feed = harness.AddRestFeed();
        await harness.SetCatalogueAsync(feed.Id, rows: 300);
        await harness.RunAsync(feed.Id);
        await harness.ArmAsync(feed.Id, "truncated", truncateAtPercent: 50);

        var run = await harness.RunAsync(feed.Id);

        Assert.Equal(FeedRunStatus.Rejected, run.Status);
        Assert.Equal(FeedRunReasons.RowCountDrop, run.Reason);
        Assert.Equal(300, await harness.CountPricesAsync(feed.Id));
    }

    [Fact]
    public async Task Test_connection_proves_credentials_without_fetching_the_feed()
    {
        var feed = harness.AddRestFeed();
        await harness.SetCatalogueAsync(feed.Id, rows: 5000);

        var ok = await Rest.TestConnectionAsync(feed, default);

        Assert.True(ok.Ok, ok.Message);
        Assert.Contains("5,000 products", ok.Message);
        Assert.Equal(0, harness.SandboxState.Stats(feed.Id).PriceRequests);

        var wrong = harness.AddRestFeed(f => f.Rest!.ClientSecret = "not-the-secret");
        var refused = await Rest.TestConnectionAsync(wrong, default);
        Assert.False(refused.Ok);
        Assert.Equal("token", refused.Step);
        Assert.Contains("rejected the client id or secret (HTTP 401 (invalid_client", refused.Message);
        Assert.DoesNotContain("not-the-secret", refused.Message);

        var file = harness.AddFileFeed("prices.csv");
        var files = harness.Services.GetServices<IPriceFeedAdapter>().Single(a => a.Kind == "file");
        var reached = await files.TestConnectionAsync(file, default);
        Assert.True(reached.Ok, reached.Message);
        await harness.ArmAsync(file.Id, "unauthorized");
        var denied = await files.TestConnectionAsync(file, default);
        Assert.False(denied.Ok);
        Assert.Contains("rejected the credentials", denied.Message);
    }
}
