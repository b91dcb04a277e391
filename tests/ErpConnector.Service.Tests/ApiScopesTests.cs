using ErpConnector.Service.Security;
using Microsoft.AspNetCore.Http;

namespace ErpConnector.Service.Tests;

public sealed class ApiScopesTests
{
    [Theory]
    [InlineData("GET", "/api/deals", ApiScopes.DealsRead)]
    [InlineData("GET", "/api/deals/DEAL-1", ApiScopes.DealsRead)]
    [InlineData("POST", "/api/deals", ApiScopes.DealsWrite)]
    [InlineData("POST", "/api/deals/DEAL-1/retry", ApiScopes.DealsWrite)]
    [InlineData("GET", "/api/errors/deal-won", ApiScopes.DealsRead)]
    [InlineData("POST", "/api/errors/deal-won/replay", ApiScopes.DealsWrite)]
    [InlineData("GET", "/api/distributors", ApiScopes.DistributorsRead)]
    [InlineData("GET", "/api/distributors/acme/prices/SKU-1", ApiScopes.DistributorsRead)]
    [InlineData("POST", "/api/distributors/acme/refetch", ApiScopes.DistributorsRun)]
    [InlineData("POST", "/api/distributors/acme/test-connection", ApiScopes.DistributorsRun)]
    [InlineData("GET", "/api/tax-ids/validate", ApiScopes.TaxIdsRead)]
    [InlineData("GET", "/api/prices/HP:6QN29A", ApiScopes.DistributorsRead)]
    [InlineData("get", "/API/Deals", ApiScopes.DealsRead)]
    public void each_area_of_the_api_needs_its_scope(string method, string path, string scope) =>
        Assert.Equal(scope, ApiScopes.Required(method, new PathString(path)));

    [Theory]
    [InlineData("/api/unknown")]
    [InlineData("/api/dealsx")]
    public void an_unmapped_api_path_has_no_scope_and_is_refused(string path)
    {
        Assert.True(ApiScopes.IsProtected(new PathString(path)));
        Assert.Null(ApiScopes.Required("GET", new PathString(path)));
    }

    [Theory]
    [InlineData("/health/ready")]
    [InlineData("/webhooks/salesos")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/apidocs")]
    public void paths_outside_api_are_not_protected(string path) => Assert.False(ApiScopes.IsProtected(new PathString(path)));
}
