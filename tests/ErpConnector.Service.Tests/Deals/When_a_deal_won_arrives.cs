using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Service.Deals;
using ErpConnector.TestSupport.Deals;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>The intake: issue #10 defects 4 (a rejection for an invoiced deal) and 9 (oversized payloads stored),
/// repeats, and corrections.</summary>
public sealed class When_a_deal_won_arrives : DealSpec
{
    private static DealWon Invalid(string dealId) => DealWonBuilder.AWonDeal().WithDealId(dealId).WithDocument("11.111.111/1111-11").Build();

    [Fact]
    public async Task An_invalid_event_for_an_issued_deal_is_noted_in_its_history_and_announces_no_rejection()
    {
        var issued = await SeedAsync(DealState.Issued);
        var result = await Intake.RecordAsync(Invalid(issued.DealId), default);

        Assert.Equal(DealIntake.Outcome.Ignored, result.Outcome);
        Assert.Equal(0, Rejected(issued.DealId));
        var read = await ReadAsync(issued.DealId);
        Assert.Equal(DealState.Issued, read.State);
        Assert.Equal(issued.Version, read.Version);
        Assert.Contains(await NotesAsync(issued.DealId), n => n.StartsWith("Invalid event", StringComparison.Ordinal) && n.Contains("issued", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DealState.Received)]
    [InlineData(DealState.Invoiced)]
    [InlineData(DealState.Failed)]
    public async Task An_invalid_event_for_a_deal_already_on_its_way_or_failed_is_ignored_too(string state)
    {
        var deal = await SeedAsync(state);
        Assert.Equal(DealIntake.Outcome.Ignored, (await Intake.RecordAsync(Invalid(deal.DealId), default)).Outcome);
        Assert.Equal(0, Rejected(deal.DealId));
        Assert.Equal(state, (await ReadAsync(deal.DealId)).State);
    }

    [Fact]
    public async Task An_invalid_new_deal_is_rejected_and_announced_once()
    {
        var won = Invalid($"R-{Guid.NewGuid():N}"[..20]);
        var result = await Intake.RecordAsync(won, default);

        Assert.Equal(DealIntake.Outcome.Rejected, result.Outcome);
        Assert.Contains(result.Errors, e => e.Field.Contains("Document", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, Rejected(won.DealId));
        var read = await ReadAsync(won.DealId);
        Assert.Equal(DealState.Rejected, read.State);
        Assert.Equal("validation", read.Error!.Category);
        Assert.Empty(Omie.Calls);
    }

    [Fact]
    public async Task A_still_invalid_correction_of_a_rejected_deal_is_rejected_again()
    {
        var won = Invalid($"R-{Guid.NewGuid():N}"[..20]);
        await Intake.RecordAsync(won, default);
        var again = await Intake.RecordAsync(won with { EventId = Guid.NewGuid().ToString() }, default);
        Assert.Equal(DealIntake.Outcome.Rejected, again.Outcome);
        Assert.Equal(2, Rejected(won.DealId));
    }

    [Fact]
    public async Task A_valid_correction_of_a_rejected_deal_starts_over_with_the_new_data()
    {
        var bad = Invalid($"R-{Guid.NewGuid():N}"[..20]);
        await Intake.RecordAsync(bad, default);
        var good = DealWonBuilder.AWonDeal().WithDealId(bad.DealId).Build();

        var result = await Intake.RecordAsync(good, default);
        Assert.Equal(DealIntake.Outcome.Corrected, result.Outcome);
        await Processor.AdvanceAsync(result.ToAdvance!, default);
        var read = await ReadAsync(bad.DealId);
        Assert.Equal(DealState.Invoiced, read.State);
        Assert.Equal(good.EventId, read.EventId);
        Assert.Null(read.Error);
    }

    [Fact]
    public async Task A_repeated_event_is_remembered_and_changes_nothing()
    {
        var won = DealWonBuilder.AWonDeal().Build();
        var first = await Intake.RecordAsync(won, default);
        await Processor.AdvanceAsync(first.ToAdvance!, default);
        var before = await ReadAsync(won.DealId);

        var repeat = await Intake.RecordAsync(won, default);
        Assert.Equal(DealIntake.Outcome.Duplicate, repeat.Outcome);
        Assert.Null(repeat.ToAdvance);
        Assert.Equal(before.Version, (await ReadAsync(won.DealId)).Version);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Create));
        // A redelivery adds no history line; a new event for the same deal adds one.
        var notes = (await NotesAsync(won.DealId)).Count;
        await Intake.RecordAsync(won with { EventId = Guid.NewGuid().ToString() }, default);
        Assert.Equal(notes + 1, (await NotesAsync(won.DealId)).Count);
    }

    [Fact]
    public async Task An_oversized_deal_is_rejected_keeping_only_what_finance_needs_to_find_it()
    {
        var huge = new string('x', 1_000_000);
        var won = DealWonBuilder.AWonDeal().WithServices(DealSamples.Support() with { Description = huge }).Build();
        var result = await Intake.RejectOversizedAsync(won, 1_000_500,
            [new FieldError("$", "message.too_large", "The deal.won message has 1000500 bytes; at most 262144 are accepted.")], default);

        Assert.Equal(DealIntake.Outcome.Rejected, result.Outcome);
        Assert.Equal(1, Rejected(won.DealId));
        var stored = await ReadAsync(won.DealId);
        Assert.True(stored.Payload.Length < 2_000, $"The ledger kept {stored.Payload.Length} characters of an oversized deal.");
        Assert.Contains(won.DealId, stored.Payload, StringComparison.Ordinal);
        Assert.Contains(won.Customer!.Document, stored.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("xxxxxxxxxx", stored.Payload, StringComparison.Ordinal);
    }
}
