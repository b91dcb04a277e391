using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Omie;
using ErpConnector.TestSupport.Deals;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>Issue 11: every link and the XML kept; a silent city awaits a person; an unchanged customer is not upserted again.</summary>
public sealed class When_the_nfse_documents_arrive : DealSpec
{
    private static OmieInvoiceStatus IssuedWithDocuments => new()
    {
        Invoiced = true,
        Rps = [new OmieRps("004", "2026/7", "ABCD", "https://city/7", [])
        {
            PdfUrl = "https://omie/7.pdf", RpsUrl = "https://omie/rps7.pdf", StatementPdfUrl = "https://omie/demo7.pdf", Xml = "<CompNfse><Numero>7</Numero></CompNfse>",
        }],
    };

    [Fact]
    public async Task Every_link_is_kept_the_xml_archived_and_finance_told()
    {
        var deal = await ReceiveAndAdvanceAsync();
        Omie.Next(ScriptedOmie.Status, () => IssuedWithDocuments);
        deal = await SweepAsync(deal.DealId);

        Assert.Equal(DealState.Issued, deal.State);
        Assert.Equal(("https://city/7", "https://omie/7.pdf", "https://omie/rps7.pdf", "https://omie/demo7.pdf"),
            (deal.Nfse!.Url, deal.Nfse.PdfUrl, deal.Nfse.RpsUrl, deal.Nfse.StatementPdfUrl));
        Assert.Equal("<CompNfse><Numero>7</Numero></CompNfse>", (await Archive.GetAsync(deal.DealId))!.Xml);
        var issued = Assert.Single(Bus.Published.Select<NfseIssued>()).Context.Message;
        Assert.True(issued.XmlArchived);
        Assert.Equal("https://omie/7.pdf", issued.PdfUrl);
    }

    [Fact]
    public async Task An_nfse_without_xml_is_issued_and_says_so()
    {
        var deal = await ReceiveAndAdvanceAsync();
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(DealState.Issued, deal.State);
        Assert.Null(await Archive.GetAsync(deal.DealId));
        Assert.False(Assert.Single(Bus.Published.Select<NfseIssued>()).Context.Message.XmlArchived);
    }

    [Fact]
    public async Task A_city_that_does_not_move_puts_the_deal_in_awaiting_city_once_and_a_late_answer_still_issues_it()
    {
        Options.AwaitingCityAfter = TimeSpan.FromMinutes(5);
        var cityAnswered = false;
        var deal = await ReceiveAndAdvanceAsync();
        Omie.Always(ScriptedOmie.Status, () => cityAnswered ? IssuedWithDocuments : ScriptedOmie.StatusWith("002"));
        for (var i = 0; i < 12 && deal.State == DealState.Invoiced; i++)
            deal = await SweepAsync(deal.DealId);

        Assert.Equal(DealState.AwaitingCity, deal.State);
        Assert.Contains("TXT", deal.Error!.CorrectiveAction, StringComparison.Ordinal);
        Assert.Equal(Clock.GetUtcNow() + Options.AwaitingCityPollInterval, deal.NextDueAt);
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(DealState.AwaitingCity, deal.State);
        Assert.Equal(1, Published<DealAwaitingCity>(deal.DealId, m => m.DealId));
        Assert.Equal(0, Failed(deal.DealId));
        Assert.Empty(await Ledger.FindNewlyStuckAsync(Clock.GetUtcNow().AddDays(1), 10));

        cityAnswered = true; // a person imported the TXT at the city
        deal = await SweepAsync(deal.DealId);
        Assert.Equal(DealState.Issued, deal.State);
        Assert.Null(deal.Error);
        Assert.Equal(1, Issued(deal.DealId));
    }

    [Fact]
    public async Task A_repeat_customer_whose_data_did_not_change_is_not_upserted_again()
    {
        const string document = "11.222.333/0001-81";
        var first = await ReceiveAndAdvanceAsync(DealWonBuilder.AWonDeal().WithDocument(document).Build());
        var second = await ReceiveAndAdvanceAsync(DealWonBuilder.AWonDeal().WithDocument(document).Build());

        Assert.Equal(1, Omie.CountOf(ScriptedOmie.Upsert));
        Assert.Equal(DealState.Invoiced, second.State);
        Assert.Equal(first.OmieCustomerId, second.OmieCustomerId);
        Assert.Contains(await NotesAsync(second.DealId), n => n.Contains("not sent to Omie again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_customer_whose_data_changed_is_upserted_again()
    {
        const string document = "11.222.333/0001-81";
        await ReceiveAndAdvanceAsync(DealWonBuilder.AWonDeal().WithDocument(document).Build());
        await ReceiveAndAdvanceAsync(DealWonBuilder.AWonDeal().WithDocument(document).WithCustomer(c => c with { Email = "novo@cliente.example" }).Build());
        Assert.Equal(2, Omie.CountOf(ScriptedOmie.Upsert));
    }

    [Fact]
    public async Task A_customer_omie_lost_is_forgotten_and_sent_again()
    {
        const string document = "11.222.333/0001-81";
        await ReceiveAndAdvanceAsync(DealWonBuilder.AWonDeal().WithDocument(document).Build());
        Omie.Next(ScriptedOmie.Create, () => throw ScriptedOmie.Fault("IncluirOS", "ERROR: Cliente não cadastrado para o Código [1001] !", "SOAP-ENV:Client-103"));
        var second = await ReceiveAndAdvanceAsync(DealWonBuilder.AWonDeal().WithDocument(document).Build());
        second = await SweepUntilFinishedAsync(second.DealId);
        Assert.Equal(DealState.Issued, second.State);
        Assert.Equal(2, Omie.CountOf(ScriptedOmie.Upsert));
    }

    [Fact]
    public async Task A_customer_registry_that_cannot_be_written_costs_the_next_deal_an_upsert_not_this_deal()
    {
        // The registry's write runs beside the deal's save (same group commit) and only spares later deals a call.
        await ExecuteSqlAsync("CREATE TRIGGER refuse_registry BEFORE INSERT ON omie_customers BEGIN SELECT RAISE(ABORT, 'registry refused'); END");
        var deal = await ReceiveAndAdvanceAsync(DealWonBuilder.AWonDeal().WithDocument("11.222.333/0001-81").Build());

        Assert.Equal(DealState.Invoiced, deal.State);
        Assert.Equal(DealState.Invoiced, (await ReadAsync(deal.DealId)).State);
        Assert.Contains(Logs.Lines, l => l.Contains("was not remembered", StringComparison.Ordinal));
    }
}
