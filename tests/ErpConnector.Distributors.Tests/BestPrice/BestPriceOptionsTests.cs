using ErpConnector.Distributors.Configuration;

namespace ErpConnector.Distributors.Tests.BestPrice;

public sealed class BestPriceOptionsTests
{
    private static readonly PriceFeedOptionsValidator Validator = new(_ => null);

    private static PriceFeedOptions Feed(int priority) => new()
    {
        Id = "td", Adapter = "file", Schedule = "0 0 6 * * ?", Priority = priority,
        File = new FileFeedOptions { Url = "https://files.example/p.csv", HasHeader = false, Columns = new() { Sku = "0", Price = "1", Stock = "AVAIL" } },
    };

    [Fact]
    public void Defaults_are_valid_vendor_part_matching_no_threshold_and_a_week()
    {
        var options = new DistributorsOptions();
        Assert.Empty(Validator.Validate(options));
        Assert.Equal("vendor-part", options.MatchBy);
        Assert.Equal(0m, options.PreferCheaperBy);
        Assert.Equal(TimeSpan.FromDays(7), options.IgnoreOlderThan);
        Assert.Equal(100, new PriceFeedOptions().Priority);
    }

    [Fact]
    public void Bad_best_price_settings_are_refused_at_start_naming_the_key()
    {
        var options = new DistributorsOptions { MatchBy = "sku", PreferCheaperBy = 100, IgnoreOlderThan = TimeSpan.Zero, Feeds = [Feed(-1)] };

        var errors = Validator.Validate(options);

        Assert.Contains(errors, e => e.StartsWith("Distributors:MatchBy must be 'vendor-part' or 'ean' (got 'sku')"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:PreferCheaperBy must be a percentage"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:IgnoreOlderThan must be positive"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:0:Priority must be between 0 and 1000"));
        Assert.Contains(errors, e => e.StartsWith("Distributors:Feeds:0:File:Columns:Stock must be a zero-based position"));
        Assert.Empty(Validator.Validate(new DistributorsOptions { MatchBy = "EAN", PreferCheaperBy = 99.5m }));
        Assert.Contains(Validator.Validate(new DistributorsOptions { PreferCheaperBy = -0.1m }), e => e.StartsWith("Distributors:PreferCheaperBy"));
    }
}
