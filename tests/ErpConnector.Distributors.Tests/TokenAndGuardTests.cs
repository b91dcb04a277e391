using System.Net;
using System.Text;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Guards;
using ErpConnector.Distributors.Rest;
using ErpConnector.Distributors.Runs;

namespace ErpConnector.Distributors.Tests;

public sealed class TokenAndGuardTests
{
    [Fact]
    public async Task A_token_is_reused_until_shortly_before_it_expires_then_renewed()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var handler = new TokenEndpoint();
        var http = new HttpClient(handler);
        var cache = new OAuthTokenCache(time);
        var rest = new RestFeedOptions { TokenUrl = "https://auth.example/token", ClientId = "id", ClientSecret = "secret" };

        var first = await cache.GetAsync("feed", rest, http, default);
        time.Now += TimeSpan.FromSeconds(79);   // lifetime 100 s, renewed 20 s early
        var reused = await cache.GetAsync("feed", rest, http, default);
        time.Now += TimeSpan.FromSeconds(2);
        var renewed = await cache.GetAsync("feed", rest, http, default);

        Assert.Equal(first, reused);
        Assert.NotEqual(first, renewed);
        Assert.Equal(2, handler.Calls);
    }

    [Theory]
    [InlineData(1000, 0, 1000, 790, FeedRunReasons.RowCountDrop)]   // 21% fewer
    [InlineData(1000, 0, 1000, 800, null)]                          // exactly 20% fewer: allowed
    [InlineData(1000, 101, 1000, 1000, FeedRunReasons.TooManyMalformed)]
    [InlineData(0, 0, 1000, 0, FeedRunReasons.Empty)]
    [InlineData(1000, 0, 0, 1000, null)]                            // first load: nothing to drop from
    public void Guards_decide_on_counts(long valid, long malformed, long before, long after, string? reason)
    {
        var thresholds = new FeedThresholds { MaxMalformedPercent = 100 };
        var verdict = FeedGuard.Evaluate(thresholds, new FeedRunCounts(valid + malformed, valid, malformed, before, after));
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(reason is null, verdict.Accepted);
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class TokenEndpoint : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var n = Interlocked.Increment(ref Calls);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"access_token":"token-{{n}}","token_type":"Bearer","expires_in":100}""", Encoding.UTF8, "application/json"),
            });
        }
    }
}

public sealed class PriceTextTests
{
    [Theory]
    [InlineData("10.50", "10.5")]
    [InlineData("100", "100")]
    [InlineData("1.000", "1")]
    [InlineData("0.00", "0")]
    [InlineData("-3.1400", "-3.14")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    [InlineData("7922816251426433759354395033.50", "7922816251426433759354395033.5")]
    public void Prices_have_one_canonical_text(string input, string canonical)
    {
        var value = decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(canonical, ErpConnector.Distributors.Feeds.PriceText.Format(value));
        Assert.Equal(value, ErpConnector.Distributors.Feeds.PriceText.Normalize(value));
    }

    [Fact]
    public void Brazilian_numbers_parse_with_a_comma_separator()
    {
        Assert.True(ErpConnector.Distributors.Feeds.PriceText.TryParse("1.234,56", ErpConnector.Distributors.Feeds.PriceText.For(","), out var value));
        Assert.Equal(1234.56m, value);
    }
}
