using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErpConnector.Omie.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_Omies_published_limits()
    {
        var o = new OmieOptions();
        Assert.Equal("Omie", OmieOptions.SectionName);
        Assert.Equal("https://app.omie.com.br/api/v1/", o.BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(30), o.Timeout);
        Assert.Equal(TimeSpan.FromHours(24), o.MaxStatedWait);
        Assert.Equal((960, 240, 4, 10_000), (o.RequestsPerMinutePerIp, o.RequestsPerMinutePerMethod, o.MaxConcurrentPerMethod, o.QueueLimit));
    }

    [Fact]
    public void Missing_credentials_are_reported()
    {
        var errors = OmieOptions.Validate(new OmieOptions());
        Assert.Contains(errors, e => e.Contains("AppKey"));
        Assert.Contains(errors, e => e.Contains("AppSecret"));
        Assert.Throws<OptionsValidationException>(() => OmieOptions.ValidateOrThrow(new OmieOptions { AppKey = " ", AppSecret = "s" }));
    }

    [Theory]
    [InlineData("ftp://app.omie.com.br/api/v1/")]
    [InlineData("app.omie.com.br/api/v1/")]
    [InlineData("/api/v1/")]
    [InlineData("")]
    public void BaseUrl_must_be_absolute_http_or_https(string baseUrl)
        => Assert.Contains(OmieOptions.Validate(new OmieOptions { AppKey = "k", AppSecret = "s", BaseUrl = baseUrl }), e => e.Contains("BaseUrl"));

    [Fact]
    public void Limits_must_be_consistent()
    {
        var errors = OmieOptions.Validate(new OmieOptions
        {
            AppKey = "k", AppSecret = "s", BaseUrl = "http://localhost:5080/api/v1/",
            BurstPerMethod = 500, Timeout = TimeSpan.Zero, MaxConcurrentByMethod = { ["FaturarOS"] = 0 },
        });
        Assert.Equal(3, errors.Count);
        Assert.Empty(OmieOptions.Validate(new OmieOptions { AppKey = "k", AppSecret = "s", BaseUrl = "http://localhost:5080/api/v1/" }));
    }

    [Fact]
    public void AddOmieClient_binds_the_Omie_section_and_registers_singletons()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Omie:BaseUrl"] = "http://localhost:5080/api/v1/",
            ["Omie:AppKey"] = "sandbox-app-key",
            ["Omie:AppSecret"] = "sandbox-app-secret",
            ["Omie:Timeout"] = "00:00:05",
            ["Omie:MaxConcurrentByMethod:FaturarOS"] = "1",
        }).Build();
        using var provider = new ServiceCollection().AddOmieClient(configuration).BuildServiceProvider(validateScopes: true);

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<OmieOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.Equal(1, options.GetMaxConcurrent("faturaros"));
        Assert.Equal(4, options.GetMaxConcurrent("StatusOS"));

        var client = provider.GetRequiredService<IOmieClient>();
        Assert.Same(provider.GetRequiredService<OmieClient>(), client);
        var transport = provider.GetRequiredService<OmieTransport>();
        Assert.Same(provider.GetRequiredService<OmieRateLimiter>(), transport.RateLimiter);
        Assert.Same(provider.GetRequiredService<OmieRecordLocks>(), provider.GetRequiredService<OmieRecordLocks>());
        Assert.Equal("http://localhost:5080/api/v1/", transport.BaseUri.AbsoluteUri);
    }

    [Fact]
    public void AddOmieClient_fails_at_start_up_without_credentials()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Omie:BaseUrl"] = "not a url",
        }).Build();
        using var provider = new ServiceCollection().AddOmieClient(configuration).BuildServiceProvider();

        var error = Assert.ThrowsAny<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("AppKey", error.Message);
        Assert.Contains("BaseUrl", error.Message);
    }
}
