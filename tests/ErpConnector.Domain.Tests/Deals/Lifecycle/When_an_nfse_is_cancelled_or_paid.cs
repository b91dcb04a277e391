using ErpConnector.Domain.Deals;

namespace ErpConnector.Domain.Tests.Deals.Lifecycle;

public sealed class When_an_nfse_is_cancelled_or_paid
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static Deal In(string state) => Deal.Restore(new DealSnapshot
    {
        DealId = "D-1", EventId = "E-1", State = state, Payload = "{}", Total = 100m,
        Nfse = DealState.HasNfse(state) ? new DealNfse("2026/1", "V", "https://city/1", T0) : null,
        StateSince = T0, CreatedAt = T0, UpdatedAt = T0,
    });

    [Fact]
    public void A_cancellation_request_is_due_at_once_and_a_second_one_joins_it()
    {
        var deal = In(DealState.Issued);
        Assert.True(deal.RequestCancellation("Serviço não prestado ao cliente", "api-key:finance", T0));
        Assert.Equal(DealState.CancelRequested, deal.State);
        Assert.Equal(T0, deal.NextDueAt);
        Assert.False(deal.RequestCancellation("Outra razão qualquer, bem longa", "someone-else", T0.AddMinutes(1)));
        Assert.Equal("Serviço não prestado ao cliente", deal.Cancellation!.Reason);
        Assert.Equal("api-key:finance", deal.Cancellation.RequestedBy);
    }

    [Theory]
    [InlineData(DealState.Invoiced)]
    [InlineData(DealState.Failed)]
    [InlineData(DealState.Rejected)]
    [InlineData(DealState.Cancelled)]
    [InlineData(DealState.Paid)]
    public void Only_an_issued_nfse_can_be_cancelled(string state) =>
        Assert.Throws<DealTransitionException>(() => In(state).RequestCancellation("Serviço não prestado ao cliente", "x", T0));

    [Fact]
    public void CancelarOS_is_stamped_once_per_request()
    {
        var deal = In(DealState.Issued);
        deal.RequestCancellation("Serviço não prestado ao cliente", "x", T0);
        deal.BeginCancellationCall(T0);
        Assert.Equal(T0, deal.Cancellation!.CalledAt);
        Assert.Throws<DealTransitionException>(() => deal.BeginCancellationCall(T0.AddSeconds(1)));
    }

    [Fact]
    public void A_refusal_goes_back_to_issued_with_the_citys_words()
    {
        var deal = In(DealState.Issued);
        deal.RequestCancellation("Serviço não prestado ao cliente", "x", T0);
        var refusal = new DealError("cancellation-refused", "E1", "Prazo de cancelamento expirado", "Substitua a nota.");
        deal.RefuseCancellation(refusal, T0.AddMinutes(2));
        Assert.Equal(DealState.Issued, deal.State);
        Assert.Equal(refusal, deal.Error);
        Assert.Null(deal.NextDueAt);
        Assert.NotNull(deal.Nfse);
    }

    [Fact]
    public void A_confirmation_cancels_and_a_repeated_one_changes_nothing()
    {
        var deal = In(DealState.Issued);
        deal.RequestCancellation("Serviço não prestado ao cliente", "x", T0);
        Assert.True(deal.ConfirmCancellation(T0.AddMinutes(1)));
        Assert.Equal(DealState.Cancelled, deal.State);
        Assert.True(deal.IsFinished);
        Assert.Equal(T0.AddMinutes(1), deal.Cancellation!.CancelledAt);
        Assert.False(deal.ConfirmCancellation(T0.AddMinutes(2)));
        Assert.Equal(T0.AddMinutes(1), deal.Cancellation.CancelledAt);
    }

    [Fact]
    public void A_cancellation_pushed_before_the_nfse_was_seen_ends_cancelled_and_the_late_authorisation_cannot_undo_it()
    {
        var deal = In(DealState.Invoiced);
        Assert.True(deal.ConfirmCancellation(T0));
        Assert.Equal(DealState.Cancelled, deal.State);
        Assert.Throws<DealTransitionException>(() => deal.Issue(new DealNfse("2026/1", "V", "", T0), T0));
    }

    [Fact]
    public void An_issued_deal_is_paid_once()
    {
        var deal = In(DealState.Issued);
        Assert.True(deal.MarkPaid(100m, new DateOnly(2026, 11, 21), T0));
        Assert.Equal(DealState.Paid, deal.State);
        Assert.False(deal.MarkPaid(100m, null, T0.AddDays(1)));
        Assert.Throws<DealTransitionException>(() => In(DealState.Invoiced).MarkPaid(1m, null, T0));
    }

    [Fact]
    public void A_city_that_does_not_move_awaits_a_person_and_can_still_be_issued()
    {
        var deal = In(DealState.Invoiced);
        deal.AwaitCity(new DealError("awaiting-city", "002", "sem retorno", "Importe o TXT."), T0, T0.AddHours(1));
        Assert.Equal(DealState.AwaitingCity, deal.State);
        Assert.False(deal.IsFinished);
        Assert.Equal(T0.AddHours(1), deal.NextDueAt);
        deal.Issue(new DealNfse("2026/9", "V", "", T0), T0.AddHours(1));
        Assert.Equal(DealState.Issued, deal.State);
        Assert.Null(deal.Error);
    }

    [Fact]
    public void Links_from_a_later_source_fill_in_without_erasing_known_ones()
    {
        var deal = In(DealState.Issued);
        deal.RecordDocuments(new DealNfseLinks(null, "https://omie/pdf", "https://omie/rps", null));
        deal.RecordDocuments(new DealNfseLinks("", "", null, "https://omie/demo"));
        Assert.Equal("https://city/1", deal.Nfse!.Url);
        Assert.Equal("https://omie/pdf", deal.Nfse.PdfUrl);
        Assert.Equal("https://omie/rps", deal.Nfse.RpsUrl);
        Assert.Equal("https://omie/demo", deal.Nfse.StatementPdfUrl);
        deal.RecordSubstitute("2026/2");
        Assert.Equal("2026/2", deal.Nfse.SubstituteNumber);
        deal.RecordBoleto("https://omie/boleto", "23790.00000", "B-1");
        Assert.Equal(new DealBoleto("https://omie/boleto", "23790.00000", "B-1"), deal.Boleto);
    }

    [Fact]
    public void Every_new_state_survives_a_restore() =>
        Assert.All(new[] { DealState.CancelRequested, DealState.Cancelled, DealState.AwaitingCity, DealState.Paid },
            s => Assert.Equal(s, In(s).State));
}
