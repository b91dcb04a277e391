using ErpConnector.Distributors.Feeds;

namespace ErpConnector.Distributors.Tests;

public sealed class SafeUrlTests
{
    [Theory]
    [InlineData("https://user:s3cr3t@files.example/prices/PRICE.ZIP", "https://files.example/prices/PRICE.ZIP")]
    [InlineData("https://user:p@ss@files.example:8443/a.csv", "https://files.example:8443/a.csv")]
    [InlineData("https://files.example/a.csv?Token=t0k3n&day=mon&API_KEY=k&sig=s#frag", "https://files.example/a.csv?Token=***&day=mon&API_KEY=***&sig=***")]
    [InlineData("https://files.example/a.csv?access_token=a&client_secret=b&password=c&secret=d&signature=e&key=f&apikey=g",
        "https://files.example/a.csv?access_token=***&client_secret=***&password=***&secret=***&signature=***&key=***&apikey=***")]
    [InlineData("ftp://user:s3cr3t@files.example/price.zip?signature=t0k3n", "ftp://files.example/price.zip?signature=***")]
    [InlineData("not a url ://user:s3cr3t@x/?key=t0k3n", "not a url ://x/?key=***")]
    public void Renders_without_user_info_fragment_or_secret_query_values(string configured, string shown) =>
        Assert.Equal(shown, SafeUrl.From(configured).ToString());

    [Fact]
    public void Scrubs_the_urls_credentials_from_text_it_did_not_write()
    {
        var url = SafeUrl.From(new Uri("https://user:s3cr%40t@files.example/a.csv?token=t0k3n"));
        var message = url.Scrub("Error sending https://user:s3cr%40t@files.example/a.csv?token=t0k3n (auth s3cr@t, token t0k3n)");
        Assert.Equal("Error sending https://files.example/a.csv?token=*** (auth ***, token ***)", message);
    }
}
