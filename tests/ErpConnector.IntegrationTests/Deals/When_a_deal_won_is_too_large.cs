using System.Globalization;
using ErpConnector.Contracts;
using ErpConnector.IntegrationTests.Fixtures;

namespace ErpConnector.IntegrationTests.Deals;

/// <summary>
/// Issue #10, defect 9, on the bus: a deal.won rejected as too large (Messaging:MaxDealMessageBytes, 256 KB) used to
/// be kept whole in the ledger; a megabyte per bad publish. Only what finance needs to find it may be kept.
/// </summary>
[Collection(ConnectorCollection.Name)]
public sealed class When_a_deal_won_is_too_large(ConnectorFixture fixture)
{
    [Fact]
    public async Task It_is_rejected_and_the_ledger_keeps_a_summary_not_the_message()
    {
        var padding = new string('x', 600 * 1024);
        var won = DealWonBuilder.AWonDeal()
            .WithServices(DealSamples.Support() with { Description = padding })
            .Build();

        await fixture.Bus.PublishRawAsync(won);

        var rejected = await fixture.Bus.WaitForAsync(ExchangeNames.DealRejected, won.DealId);
        Assert.Contains(rejected["errors"]!.AsArray(), e => e!["code"]!.GetValue<string>() == "message.too_large");
        await using var db = await fixture.LedgerDatabase.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT payload FROM deals WHERE deal_id = @dealId";
        var parameter = query.CreateParameter();
        parameter.ParameterName = "dealId";
        parameter.Value = won.DealId;
        query.Parameters.Add(parameter);
        var payload = Convert.ToString(await query.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
        Assert.True(payload.Length < 2_000, $"The ledger kept {payload.Length} characters of a rejected oversized deal.won.");
        Assert.Contains(won.DealId, payload, StringComparison.Ordinal);
        Assert.Contains(won.EventId, payload, StringComparison.Ordinal);
    }
}
