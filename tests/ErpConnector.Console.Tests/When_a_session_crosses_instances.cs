using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ErpConnector.Service;
using ErpConnector.Service.Console;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Console.Tests;

/// <summary>Sessions without a browser: two instances on one ledger accept each other's cookie (data-protection keys
/// in the ledger), the cookie's attributes, and the OpenID Connect scheme when an authority is configured.</summary>
public sealed partial class When_a_session_crosses_instances : IAsyncLifetime
{
    private const string Key = "cross-instance-key-5d1e2f3a4b6c7d8e";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erpconnector-console-dp-{Guid.NewGuid():N}");
    private readonly List<WebApplication> _apps = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_session_started_on_one_instance_is_accepted_by_another_on_the_same_ledger()
    {
        var first = await StartAsync();
        var second = await StartAsync();
        var cookies = await SignInAsync(first);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/console");
        request.Headers.Add("Cookie", cookies);
        using var response = await second.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("cross-instance", await response.Content.ReadAsStringAsync());
        // The key ring is the ledger's, not a directory one machine happens to share.
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "ledger.db")};Pooling=False");
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM data_protection_keys";
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_same_site_strict_and_scoped_to_the_console()
    {
        var app = await StartAsync();
        var cookies = await SignInAsync(app, keepHeaders: true);
        Assert.Matches("(?i)\\.erp\\.console=[^;]+;.*path=/console.*samesite=strict.*httponly", cookies);
    }

    [Fact]
    public async Task A_wrong_key_starts_no_session()
    {
        var app = await StartAsync();
        var (token, antiforgeryCookie) = await FormTokenAsync(app);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/console/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["key"] = "wrong", ["returnUrl"] = "/console" }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        using var response = await app.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("failed=1", response.Headers.Location!.ToString());
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith(".erp.console=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://evil.example/console")]
    [InlineData("//evil.example/console")]
    [InlineData("/\\evil.example")]
    public async Task Sign_in_never_redirects_off_the_console(string returnUrl)
    {
        var app = await StartAsync();
        var (token, antiforgeryCookie) = await FormTokenAsync(app);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/console/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["key"] = Key, ["returnUrl"] = returnUrl }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        using var response = await app.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task OpenID_Connect_sign_in_is_offered_when_an_authority_is_configured()
    {
        var app = await StartAsync(new()
        {
            ["Security:Jwt:Authority"] = "https://tenant.example.com/",
            ["Security:Jwt:Audience"] = "https://erp-connector",
        });
        var schemes = _apps[^1].Services.GetRequiredService<IAuthenticationSchemeProvider>();
        Assert.NotNull(await schemes.GetSchemeAsync(ConsoleAccess.OidcScheme));
        Assert.Contains("/console/sign-in/oidc", await app.GetStringAsync("/console/sign-in"));
    }

    [Fact]
    public async Task Without_an_authority_there_is_no_OpenID_Connect_scheme()
    {
        await StartAsync();
        var schemes = _apps[^1].Services.GetRequiredService<IAuthenticationSchemeProvider>();
        Assert.Null(await schemes.GetSchemeAsync(ConsoleAccess.OidcScheme));
    }

    private async Task<HttpClient> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var app = ServiceApp.Build([], b =>
        {
            b.WebHost.UseTestServer();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Messaging:RabbitMqUri"] = "",
                ["Persistence:Provider"] = "sqlite",
                ["Persistence:ConnectionString"] = $"Data Source={Path.Combine(_directory, "ledger.db")}",
                ["Omie:BaseUrl"] = "http://127.0.0.1:9/api/v1/",
                ["Omie:AppKey"] = "k",
                ["Omie:AppSecret"] = "s",
                ["Security:ApiKeys:0:Name"] = "cross-instance",
                ["Security:ApiKeys:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
                ["Security:ApiKeys:0:Scopes:0"] = "deals:read",
            });
            if (extra is not null) b.Configuration.AddInMemoryCollection(extra);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        _apps.Add(app);
        var client = app.GetTestClient();
        return client;
    }

    private static async Task<(string Token, string Cookie)> FormTokenAsync(HttpClient app)
    {
        using var page = await app.GetAsync("/console/sign-in");
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html).Groups[1].Value;
        var cookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        return (token, cookie);
    }

    private static async Task<string> SignInAsync(HttpClient app, bool keepHeaders = false)
    {
        var (token, antiforgeryCookie) = await FormTokenAsync(app);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/console/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["key"] = Key, ["returnUrl"] = "/console" }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        using var response = await app.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".erp.console=", StringComparison.Ordinal));
        return keepHeaders ? session : session.Split(';')[0];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
