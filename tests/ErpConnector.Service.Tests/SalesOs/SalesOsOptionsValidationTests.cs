using ErpConnector.SalesOs;
using ErpConnector.Service.SalesOs;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Tests.SalesOs;

public sealed class SalesOsOptionsValidationTests
{
    private static SalesOsSyncOptionsValidation Validation(SalesOsOptions? client = null) => new(Options.Create(client ?? new SalesOsOptions()));

    [Fact]
    public void Write_back_without_an_api_client_stops_the_start_naming_the_keys()
    {
        var result = Validation().Validate(null, new SalesOsWriteBackOptions { Enabled = true });

        Assert.True(result.Failed);
        Assert.Contains("SalesOS:WriteBack:Enabled", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("SalesOS:ClientId", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lease_shorter_than_the_longest_call_is_refused()
    {
        var client = new SalesOsOptions { ClientId = "c", ClientSecret = "s", Timeout = TimeSpan.FromSeconds(20), MaxInlineRetryAfter = TimeSpan.FromSeconds(15) };

        var result = Validation(client).Validate(null, new SalesOsWriteBackOptions { Enabled = true, Lease = TimeSpan.FromSeconds(30) });

        Assert.True(result.Failed);
        Assert.Contains("SalesOS:WriteBack:Lease", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid_with_an_api_client()
    {
        var client = new SalesOsOptions { ClientId = "c", ClientSecret = "s" };
        Assert.True(Validation(client).Validate(null, new SalesOsWriteBackOptions { Enabled = true }).Succeeded);
        Assert.True(Validation(client).Validate(null, new SalesOsCatchUpOptions()).Succeeded);
        Assert.True(new SalesOsOptionsValidation().Validate(null, client).Succeeded);
    }

    [Fact]
    public void A_client_id_without_its_secret_is_refused_naming_the_environment_variable()
    {
        var result = new SalesOsOptionsValidation().Validate(null, new SalesOsOptions { ClientId = "c" });

        Assert.True(result.Failed);
        Assert.Contains("SalesOS__ClientSecret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_catch_up_refuses_a_page_size_salesos_would_not_serve()
    {
        var result = Validation().Validate(null, new SalesOsCatchUpOptions { PageSize = 0 });

        Assert.True(result.Failed);
        Assert.Contains("SalesOS:CatchUp:PageSize", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("D-1", "D-1:7", true)]
    [InlineData("D-1", "D-2:7", false)]
    [InlineData("D-1", "D-1:", false)]
    [InlineData("D-1", "D-1:x", false)]
    public void A_deal_carrying_its_own_marker_is_an_echo(string dealId, string marker, bool echo)
    {
        var fields = new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["erp_connector_sync"] = System.Text.Json.JsonSerializer.SerializeToElement(marker),
        };
        var deal = new ErpConnector.Service.Webhooks.SalesOsDeal(dealId, null, null, null, null, null, fields);

        Assert.Equal(echo, WriteBackEcho.IsOwnWrite(deal, "erp_connector_sync"));
    }
}
