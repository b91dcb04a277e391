using ErpConnector.Service.Security;

namespace ErpConnector.Service.Tests;

public sealed class SecurityOptionsValidationTests
{
    private static readonly string GoodHash = new('a', 64);

    private static IReadOnlyList<string> Errors(SecurityOptions options) =>
        new SecurityOptionsValidation().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void a_valid_configuration_passes()
    {
        var options = new SecurityOptions { ApiKeys = [new ApiKeyOptions { Name = "finance", Sha256 = GoodHash, Scopes = [.. ApiScopes.All] }] };
        Assert.Empty(Errors(options));
    }

    [Fact]
    public void each_problem_names_its_key()
    {
        var options = new SecurityOptions
        {
            ApiKeys =
            [
                new ApiKeyOptions { Name = "ok", Sha256 = GoodHash, Scopes = [ApiScopes.DealsRead] },
                new ApiKeyOptions { Name = "plain", Sha256 = "my-secret-key", Scopes = [ApiScopes.DealsRead, "deals:delete"] },
                new ApiKeyOptions { Name = "", Sha256 = new string('b', 64), Scopes = [] },
                new ApiKeyOptions { Name = "OK", Sha256 = GoodHash, Scopes = [ApiScopes.DealsRead] },
            ],
        };
        var errors = Errors(options);
        Assert.Contains(errors, e => e.StartsWith("Security:ApiKeys:1:Sha256 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Security:ApiKeys:1:Scopes:1 'deals:delete'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Security:ApiKeys:2:Name ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Security:ApiKeys:2:Scopes ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Security:ApiKeys:3:Name 'OK'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Security:ApiKeys:3:Sha256 is the same key", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("ApiKeys:0", StringComparison.Ordinal));
    }

    [Fact]
    public void jwt_needs_an_audience_and_a_long_enough_signing_key()
    {
        var errors = Errors(new SecurityOptions { Jwt = new JwtOptions { SigningKey = "short" } });
        Assert.Contains(errors, e => e.StartsWith("Security:Jwt:Audience", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Security:Jwt:Issuer", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Security:Jwt:SigningKey", StringComparison.Ordinal));
        Assert.Empty(Errors(new SecurityOptions { Jwt = new JwtOptions { Authority = "https://tenant.auth0.com/", Audience = "erp" } }));
    }
}
