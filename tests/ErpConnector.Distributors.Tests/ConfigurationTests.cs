using ErpConnector.Distributors.Configuration;

namespace ErpConnector.Distributors.Tests;

public sealed class ConfigurationTests
{
    private static readonly PriceFeedOptionsValidator Validator = new(cron => cron.Split(' ').Length is 6 or 7 ? null : "expected 6 or 7 fields");

    private static PriceFeedOptions ValidRest() => new()
    {
        Id = "ingram-br", Adapter = "rest", Schedule = "0 0 6 * * ?",
        Rest = new RestFeedOptions { BaseUrl = "https://api.example/", TokenUrl = "https://api.example/oauth/token", ClientId = "id", ClientSecret = "secret" },
    };

    [Fact]
    public void A_valid_configuration_passes()
    {
        var options = new DistributorsOptions { Feeds = [ValidRest()] };
        Assert.Empty(Validator.Validate(options));
        Assert.Equal("America/Sao_Paulo", options.Feeds[0].TimeZone);
        Assert.Equal(20, options.Feeds[0].Thresholds.MaxDropPercent);
    }

    [Fact]
    public void Each_error_names_the_configuration_key()
    {
        var bad = ValidRest();
        bad.Schedule = "every day";
        bad.TimeZone = "Mars/Olympus";
        bad.Rest!.PageSize = 500;
        bad.Thresholds.MaxDropPercent = 120;
        var file = new PriceFeedOptions
        {
            Id = "ingram-br", Adapter = "file", Schedule = "0 0 6 * * ?",
            File = new FileFeedOptions { Url = "ftp://x", Delimiter = "word", Encoding = "ebcdic", Mode = "delta", Columns = new() { Sku = "" } },
        };

        var errors = Validator.Validate(new DistributorsOptions { Feeds = [bad, file] });

        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:0:Schedule 'every day' is not a valid Quartz cron expression"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:0:TimeZone 'Mars/Olympus'"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:0:Rest:PageSize"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:0:Thresholds:MaxDropPercent"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:1:Id 'ingram-br' is used by another feed"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:1:File:Url"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:1:File:Delimiter"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:1:File:Encoding"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:1:File:Columns:Sku"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:1:File:Columns:Action is required when Mode is 'delta'"));
    }
}
