using ErpConnector.Contracts;
using ErpConnector.Distributors.Runs;
using ErpConnector.Distributors.Snapshots;
using Microsoft.Extensions.DependencyInjection;

namespace ErpConnector.Distributors.Tests.Sftp;

/// <summary>sftp:// price files against a real OpenSSH server: logins, the pinned host key, missing files, the newest
/// file of a pattern, a connection cut mid-file (failed cleanly, or fetched whole again), test connection.</summary>
[Collection(SftpCollection.Name)]
public sealed class SftpFeedTests(SftpServer server) : IAsyncLifetime
{
    private readonly SftpFeedHarness _harness = new(server);
    private readonly string _folder = $"t{Guid.NewGuid().ToString("N")[..8]}";

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private string Put(string name, byte[] content, DateTime? modifiedUtc = null) => server.Put($"{_folder}/{name}", content, modifiedUtc);

    [SftpFact]
    public async Task A_zipped_price_file_is_fetched_with_a_password_and_test_connection_reports_its_size_and_age()
    {
        var zip = PriceFiles.Zip(PriceFiles.Csv(500));
        Put("PRICE.ZIP", zip, DateTime.UtcNow.AddHours(-3));
        var feed = _harness.AddFeed($"{_folder}/PRICE.ZIP", f => f.Zipped = true);

        var check = await _harness.Files.TestConnectionAsync(feed, default);
        Assert.True(check.Ok, check.Message);
        Assert.Contains($"{zip.Length:N0} bytes", check.Message);
        Assert.Contains("3 h ago", check.Message);
        Assert.Contains($"as '{server.User}'", check.Message);
        Assert.Empty(await _harness.Runs.ListStatesAsync(default)); // a check, not a run

        var run = await _harness.RunAsync(feed.Id);

        FeedAssert.Applied(run);
        Assert.Equal(500, run.Added);
        Assert.Equal(zip.Length, run.BytesRead);
        Assert.Equal(500, await _harness.CountPricesAsync(feed.Id));
        var price = await _harness.Services.GetRequiredService<IPriceSnapshotStore>().GetPriceAsync(feed.Id, "SKU0000007", 1, default);
        Assert.Equal(10.07m, price!.Price);
        Assert.DoesNotContain(_harness.Logs.Entries, e => e.Contains(server.Password, StringComparison.Ordinal));
    }

    [SftpFact]
    public async Task A_private_key_logs_in_given_as_a_path_or_inline()
    {
        Assert.True(server.PrivateKeyPath is not null, "the server names no private key (SFTP_PRIVATE_KEY)");
        Put("prices.csv", PriceFiles.Csv(50));
        var byPath = _harness.AddFeed($"{_folder}/prices.csv", f => { f.Password = null; f.PrivateKey = server.PrivateKeyPath; });
        var inline = _harness.AddFeed($"{_folder}/prices.csv", f => { f.Password = null; f.PrivateKey = File.ReadAllText(server.PrivateKeyPath!); });

        // As an environment variable carries it: one line, newlines written out.
        var escaped = _harness.AddFeed($"{_folder}/prices.csv", f => { f.Password = null; f.PrivateKey = File.ReadAllText(server.PrivateKeyPath!).Replace("\n", "\\n"); });

        var check = await _harness.Files.TestConnectionAsync(byPath, default);
        var escapedCheck = await _harness.Files.TestConnectionAsync(escaped, default);
        var run = await _harness.RunAsync(inline.Id);

        Assert.True(check.Ok, check.Message);
        Assert.True(escapedCheck.Ok, escapedCheck.Message);
        FeedAssert.Applied(run);
        Assert.Equal(50, run.Added);
        var key = File.ReadAllText(server.PrivateKeyPath!).Split('\n')[1];
        Assert.DoesNotContain(_harness.Logs.Entries, e => e.Contains(key, StringComparison.Ordinal));
    }

    [SftpFact]
    public async Task A_refused_login_is_reported_as_rejected_credentials_not_as_a_distributor_that_is_down()
    {
        Put("prices.csv", PriceFiles.Csv(20));
        var feed = _harness.AddFeed($"{_folder}/prices.csv", f => f.Password = "not-the-password");

        var check = await _harness.Files.TestConnectionAsync(feed, default);
        var run = await _harness.RunAsync(feed.Id);

        Assert.False(check.Ok);
        Assert.True(check.CredentialsRejected, check.Message);
        Assert.Equal("login", check.Step);
        Assert.Equal(FeedRunStatus.Failed, run.Status);
        Assert.Equal(FeedRunReasons.CredentialsRejected, run.Reason);
        Assert.Contains($"refused the login of user '{server.User}'", run.Message);
        var rejected = Assert.Single(_harness.Events.Of<DistributorFeedRejected>(e => e.RunId == run.RunId));
        Assert.Equal("credentials-rejected", rejected.Reason);
        Assert.Equal("Re-enter the credentials, then test the connection.", rejected.Action);
        Assert.DoesNotContain(_harness.Logs.Entries.Append(run.Message!), e => e.Contains("not-the-password", StringComparison.Ordinal));
    }

    [SftpFact]
    public async Task A_server_presenting_another_host_key_is_refused_and_the_message_shows_the_key_it_presented()
    {
        Put("prices.csv", PriceFiles.Csv(20));
        var pinned = "SHA256:" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=');
        var feed = _harness.AddFeed($"{_folder}/prices.csv", f => f.HostKeyFingerprint = pinned);

        var check = await _harness.Files.TestConnectionAsync(feed, default);
        var run = await _harness.RunAsync(feed.Id);

        Assert.False(check.Ok);
        Assert.Equal("host-key", check.Step);
        Assert.Equal(FeedRunStatus.Failed, run.Status);
        Assert.Equal(FeedRunReasons.FetchFailed, run.Reason); // not the credentials: they were never sent
        Assert.Contains($"presented the host key {server.HostKeyFingerprint}, not the pinned {pinned}", run.Message);
        Assert.Equal(0, await _harness.CountPricesAsync(feed.Id));
    }

    [SftpFact]
    public async Task A_missing_file_fails_in_plain_words_and_the_last_good_snapshot_stays()
    {
        var path = Put("prices.csv", PriceFiles.Csv(40));
        var feed = _harness.AddFeed($"{_folder}/prices.csv");
        FeedAssert.Applied(await _harness.RunAsync(feed.Id));
        var missing = _harness.AddFeed($"{_folder}/gone.csv");
        feed.File!.Url = missing.File!.Url;

        var run = await _harness.RunAsync(feed.Id);
        var check = await _harness.Files.TestConnectionAsync(missing, default);

        Assert.Equal(FeedRunStatus.Failed, run.Status);
        Assert.Equal(FeedRunReasons.FetchFailed, run.Reason);
        Assert.Contains("No file at sftp://", run.Message);
        Assert.Contains("the last good snapshot stays", run.Message);
        Assert.Equal(40, await _harness.CountPricesAsync(feed.Id));
        Assert.False(check.Ok);
        Assert.False(check.CredentialsRejected);
        Assert.Equal("file", check.Step);
        Assert.NotNull(path);
    }

    [SftpFact]
    public async Task The_newest_file_matching_a_pattern_is_the_one_fetched()
    {
        var now = DateTime.UtcNow;
        // Names sort the other way round: the pick must come from the modification time.
        Put("PRICE_b.zip", PriceFiles.Zip(PriceFiles.Csv(30, prefix: "OLD")), now.AddDays(-2));
        Put("PRICE_a.zip", PriceFiles.Zip(PriceFiles.Csv(25, prefix: "NEW")), now.AddHours(-1));
        Put("PRICE_c.txt", PriceFiles.Csv(10, prefix: "TXT"), now);
        var feed = _harness.AddFeed($"{_folder}/PRICE_*.zip");

        var check = await _harness.Files.TestConnectionAsync(feed, default);
        var run = await _harness.RunAsync(feed.Id);

        Assert.True(check.Ok, check.Message);
        Assert.Contains("PRICE_a.zip", check.Message);
        FeedAssert.Applied(run);
        Assert.Equal(25, run.Added);
        Assert.NotNull(await _harness.Services.GetRequiredService<IPriceSnapshotStore>().GetPriceAsync(feed.Id, "NEW0000025", 1, default));

        var none = _harness.AddFeed($"{_folder}/STOCK_*.zip");
        var nothing = await _harness.RunAsync(none.Id);
        Assert.Contains("matches 'STOCK_*.zip'", nothing.Message);
    }

    [LocalSftpFact]
    public async Task A_connection_cut_mid_file_fails_the_run_cleanly_and_the_last_good_snapshot_stays()
    {
        Put("prices.csv", PriceFiles.Csv(100));
        var feed = _harness.AddFeed($"{_folder}/prices.csv", f => f.DownloadAttempts = 1);
        FeedAssert.Applied(await _harness.RunAsync(feed.Id));
        var big = PriceFiles.Csv(150_000, basePrice: 20m);
        Put("prices.csv", big);

        var midFile = _harness.Gate.ArmAsync();
        var running = _harness.RunAsync(feed.Id);
        await midFile.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(server.CutSessions() > 0, "no session process to cut");
        _harness.Gate.Release();
        var run = await running;

        Assert.Equal(FeedRunStatus.Failed, run.Status);
        Assert.Equal(FeedRunReasons.FetchFailed, run.Reason);
        Assert.Contains("ended early after", run.Message);
        Assert.Contains($"of {big.Length:N0} bytes", run.Message);
        Assert.Equal(100, await _harness.CountPricesAsync(feed.Id));
        var price = await _harness.Services.GetRequiredService<IPriceSnapshotStore>().GetPriceAsync(feed.Id, "SKU0000001", 1, default);
        Assert.Equal(10.01m, price!.Price); // the last good snapshot, not a part of the cut file
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"erpconnector-feed-{feed.Id}-*"));
    }

    [LocalSftpFact]
    public async Task A_connection_cut_mid_file_is_fetched_whole_again_and_applied()
    {
        var big = PriceFiles.Csv(150_000, basePrice: 20m);
        Put("prices.csv", big);
        var feed = _harness.AddFeed($"{_folder}/prices.csv", f => f.DownloadAttempts = 2);

        var midFile = _harness.Gate.ArmAsync();
        var running = _harness.RunAsync(feed.Id);
        await midFile.WaitAsync(TimeSpan.FromMinutes(1));
        server.CutSessions();
        _harness.Gate.Release();
        var run = await running;

        FeedAssert.Applied(run);
        Assert.Equal(150_000, run.Added);
        Assert.Equal(big.Length, run.BytesRead);
        Assert.Contains(_harness.Logs.Entries, e => e.Contains("try 1 of 2", StringComparison.Ordinal) && e.Contains("ended early", StringComparison.Ordinal));
    }
}
