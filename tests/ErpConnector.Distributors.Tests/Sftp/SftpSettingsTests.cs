using System.Net;
using System.Net.Sockets;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Runs;

namespace ErpConnector.Distributors.Tests.Sftp;

/// <summary>sftp:// settings checked at start-up, and what needs no SSH server: one that never speaks.</summary>
public sealed class SftpSettingsTests
{
    private static readonly PriceFeedOptionsValidator Validator = new(_ => null);

    private static PriceFeedOptions Feed(Action<FileFeedOptions> configure)
    {
        var feed = new PriceFeedOptions
        {
            Id = "ingram-eu", Adapter = "file", Schedule = "0 0 6 * * ?",
            File = new FileFeedOptions
            {
                Url = "sftp://sftp.example:2222/out/PRICE_*.zip", Username = "reseller", Password = "pw",
                HostKeyFingerprint = "SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og",
            },
        };
        configure(feed.File);
        return feed;
    }

    [Fact]
    public void An_sftp_url_with_a_pattern_a_password_and_a_pinned_host_key_is_valid()
    {
        Assert.Empty(Validator.Validate(new DistributorsOptions { Feeds = [Feed(_ => { })] }));
        Assert.Empty(Validator.Validate(new DistributorsOptions { Feeds = [Feed(f => { f.Password = null; f.PrivateKey = "/run/secrets/key"; })] }));
    }

    [Fact]
    public void Each_missing_or_wrong_sftp_setting_is_named_with_its_key()
    {
        var errors = Validator.Validate(new DistributorsOptions
        {
            Feeds =
            [
                Feed(f => { f.HostKeyFingerprint = null; f.Password = null; f.Username = null; }),
                Feed(f => { f.Url = "sftp://sftp.example/out/*/PRICE.zip"; f.HostKeyFingerprint = "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"; f.DownloadAttempts = 0; }),
                Feed(f => f.Url = "sftp://sftp.example/out/"),
            ],
        }.WithUniqueIds());

        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:0:File:HostKeyFingerprint is required for an sftp:// URL") && e.Contains("ssh-keyscan -p 2222 sftp.example"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:0:File:Password or Distributors:Feeds:0:File:PrivateKey is required"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:0:File:Username is required"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:1:File:Url may use * and ? only in the file's name"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:1:File:HostKeyFingerprint") && e.Contains("MD5:16:27"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:1:File:DownloadAttempts must be between 1 and 10"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:2:File:Url must name a file"));
        Assert.DoesNotContain(errors, e => e.Contains("pw", StringComparison.Ordinal) && e.Contains("Password:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_accepts_the_connection_but_never_speaks_ssh_fails_the_run_after_the_connect_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new System.Collections.Concurrent.ConcurrentBag<TcpClient>();
        _ = Task.Run(async () => { while (true) accepted.Add(await silent.AcceptTcpClientAsync()); });
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var harness = new SftpFeedHarness(new SftpServer());
        var feed = harness.AddFeed("prices.csv", f =>
        {
            f.Url = $"sftp://127.0.0.1:{port}/out/prices.csv";
            f.HostKeyFingerprint = "SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og";
            f.ConnectTimeout = TimeSpan.FromSeconds(1);
            f.DownloadAttempts = 1;
            f.Password = "pw";
        });

        var run = await harness.RunAsync(feed.Id);
        var check = await harness.Files.TestConnectionAsync(feed, default);

        Assert.Equal(FeedRunStatus.Failed, run.Status);
        Assert.Equal(FeedRunReasons.FetchFailed, run.Reason);
        Assert.Contains($"sftp://127.0.0.1:{port}/out/prices.csv", run.Message);
        Assert.False(check.Ok);
        Assert.False(check.CredentialsRejected);
        Assert.Equal("connect", check.Step);
        foreach (var client in accepted.ToList()) client.Dispose();
    }
}

internal static class DistributorsOptionsTestExtensions
{
    public static DistributorsOptions WithUniqueIds(this DistributorsOptions options)
    {
        for (var i = 0; i < options.Feeds.Count; i++) options.Feeds[i].Id = $"feed-{i}";
        return options;
    }
}
