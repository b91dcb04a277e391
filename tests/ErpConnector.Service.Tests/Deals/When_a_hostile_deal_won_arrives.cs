using ErpConnector.Domain.Deals;
using ErpConnector.Service.Deals;
using ErpConnector.TestSupport.Deals;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>
/// Ids and sizes no CRM sends but a hostile or broken publisher does: a 10 KB id, control characters, a body
/// four times the bus's limit over HTTP. Each is answered and announced, and none becomes a ledger key, a stored
/// megabyte or a forged log line (PostgreSQL refuses a key over ~2.7 KB and any NUL: a 500 on every redelivery).
/// </summary>
public sealed class When_a_hostile_deal_won_arrives : DealSpec
{
    public static TheoryData<string> UnusableDealIds() => [new string('D', 10_240), "DEAL-1\n2026-11-30 fake: line\0", "DEAL-ção"];

    [Theory]
    [MemberData(nameof(UnusableDealIds))]
    public async Task A_deal_id_that_cannot_be_a_key_is_rejected_and_announced_but_not_stored(string dealId)
    {
        var won = DealWonBuilder.AWonDeal().WithDealId(dealId).Build();

        var result = await Intake.RecordAsync(won, default);

        Assert.Equal(DealIntake.Outcome.Rejected, result.Outcome);
        Assert.Contains(result.Errors, e => e.Field == "dealId");
        Assert.Equal(1, Rejected(dealId));
        Assert.Null(await Ledger.GetAsync(dealId));
    }

    [Theory]
    [InlineData(10_240, 'E')]
    [InlineData(12, '\0')]
    [InlineData(12, '\n')]
    public async Task An_event_id_that_cannot_be_a_key_rejects_the_deal_and_the_ledger_keeps_its_fingerprint(int length, char filler)
    {
        var eventId = "evt-" + new string(filler, length);
        var won = DealWonBuilder.AWonDeal().WithEventId(eventId).Build();

        var result = await Intake.RecordAsync(won, default);

        Assert.Equal(DealIntake.Outcome.Rejected, result.Outcome);
        Assert.Contains(result.Errors, e => e.Field == "eventId");
        Assert.Empty(Omie.Calls);
        var stored = await ReadAsync(won.DealId);
        Assert.Equal(DealState.Rejected, stored.State);
        Assert.True(stored.EventId.Length <= 100 && stored.EventId.All(c => c is >= ' ' and <= '~'),
            $"The ledger keeps an event id of {stored.EventId.Length} characters, control characters included.");
        Assert.All(await NotesAsync(won.DealId), n => Assert.True(n.Length < 2_000 && !n.Contains('\0') && !n.Contains('\n'), n));
    }

    [Fact]
    public async Task An_unusable_event_id_for_an_issued_deal_still_announces_no_rejection()
    {
        var issued = await SeedAsync(DealState.Issued);
        var won = DealWonBuilder.AWonDeal().WithDealId(issued.DealId).WithEventId("evt-\0" + new string('E', 5_000)).Build();

        Assert.Equal(DealIntake.Outcome.Ignored, (await Intake.RecordAsync(won, default)).Outcome);
        Assert.Equal(0, Rejected(issued.DealId));
    }

    [Fact]
    public async Task An_invalid_deal_larger_than_the_bus_accepts_keeps_only_its_summary()
    {
        // Under the HTTP body limit (1 MB), over the bus's deal.won limit (256 KB): the bus would keep a summary.
        var won = DealWonBuilder.AWonDeal().WithServices(DealSamples.Support() with { Description = new string('x', 900_000) }).Build();

        var result = await Intake.RecordAsync(won, default);

        Assert.Equal(DealIntake.Outcome.Rejected, result.Outcome);
        var stored = await ReadAsync(won.DealId);
        Assert.True(stored.Payload.Length < 2_000, $"The ledger kept {stored.Payload.Length} characters of an oversized invalid deal.");
        Assert.Contains(won.Customer!.Document, stored.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Its_ids_reach_the_log_on_one_short_line()
    {
        // A line break in an id forged a log line ("Deal A\nB ... rejected"); 10 KB ids made 10 KB lines.
        await Intake.RecordAsync(DealWonBuilder.AWonDeal().WithDealId("DEAL-1\n2026-11-30 info: Deal DEAL-2 issued").Build(), default);
        await Intake.RecordAsync(DealWonBuilder.AWonDeal().WithDealId(new string('D', 10_240)).WithEventId("evt-\r\n" + new string('E', 10_240)).Build(), default);

        var rejections = Logs.Lines.Where(l => l.Contains("rejected with", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rejections.Count);
        Assert.All(rejections, l => Assert.True(!l.Contains('\n') && !l.Contains('\r') && l.Length < 1_000, $"A log line of {l.Length} characters: {l[..Math.Min(l.Length, 200)]}"));
    }
}
