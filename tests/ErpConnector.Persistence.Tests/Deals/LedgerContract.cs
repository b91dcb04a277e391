using ErpConnector.Domain.Deals;
using ErpConnector.Persistence.Deals;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErpConnector.Persistence.Tests.Deals;

/// <summary>
/// What every IDealLedger must guarantee, run against each provider: de-duplication, one lease holder at a
/// time, a sweep that never hands one deal to two concurrent claimers, and saves that lose to a newer version.
/// </summary>
public abstract class LedgerContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected IDealLedger Ledger { get; private set; } = null!;
    protected ConnectionFactory Connections { get; private set; } = null!;
    protected DatabaseMigrator Migrator { get; private set; } = null!;

    protected abstract Task<PersistenceOptions> CreateOptionsAsync();
    protected abstract IDealLedger CreateLedger(ConnectionFactory connections);

    public async Task InitializeAsync()
    {
        var options = Options.Create(await CreateOptionsAsync());
        Connections = new ConnectionFactory(options);
        Migrator = new DatabaseMigrator(Connections, NullLogger<DatabaseMigrator>.Instance);
        Migrator.Migrate();
        Ledger = CreateLedger(Connections);
    }

    /// <summary>Closes the provider's pool (PostgreSQL: the data source's connections), so the fixture can drop the database.</summary>
    public virtual async Task DisposeAsync() => await Connections.DisposeAsync();

    private static Deal NewDeal(string? id = null, DateTimeOffset? due = null, Func<DealSnapshot, DealSnapshot>? with = null)
    {
        var snapshot = new DealSnapshot
        {
            DealId = id ?? $"D-{Guid.NewGuid():N}",
            EventId = Guid.NewGuid().ToString(),
            State = DealState.Received,
            Payload = """{"dealId":"x","total":10.5}""",
            Total = 1500.50m,
            NextDueAt = due ?? T0,
            StateSince = T0,
            CreatedAt = T0,
            UpdatedAt = T0,
        };
        return Deal.Restore(with is null ? snapshot : with(snapshot));
    }

    private static DealNfse Nfse(DateTimeOffset at) => new("123", "ABC", "https://nfse.example/123", at);

    [Fact]
    public void Migrating_again_changes_nothing() => Migrator.Migrate();

    [Fact]
    public async Task Money_round_trips_exactly_without_passing_through_a_double()
    {
        // 16 significant digits: a double keeps ~15, so a REAL anywhere on the way would round the cents.
        var deal = NewDeal(with: s => s with { Total = 12_345_678_901_234.56m });
        Assert.True(await Ledger.TryCreateAsync(deal, "created"));
        Assert.Equal(12_345_678_901_234.56m, (await Ledger.GetAsync(deal.DealId))!.Total);

        var rejected = NewDeal(with: s => s with { State = DealState.Rejected, Total = 1m });
        Assert.True(await Ledger.TryCreateAsync(rejected, "created"));
        var saved = (await Ledger.GetAsync(rejected.DealId))!;
        saved.AcceptCorrection("e2", "{}", 0.07m, T0);
        Assert.True(await Ledger.SaveAsync(saved, null, releaseLease: false, T0));
        Assert.Equal(0.07m, (await Ledger.GetAsync(rejected.DealId))!.Total);
    }

    [Fact]
    public async Task A_save_keeps_the_stored_payload_and_writes_a_corrected_one()
    {
        var rejected = NewDeal(with: s => s with { State = DealState.Rejected, Payload = "{\"v\":1}" });
        Assert.True(await Ledger.TryCreateAsync(rejected, "created"));
        var read = (await Ledger.GetAsync(rejected.DealId))!;
        Assert.False(read.PayloadChanged);
        Assert.True(await Ledger.SaveAsync(read, "a save that does not touch the payload", releaseLease: false, T0));
        Assert.Equal("{\"v\":1}", (await Ledger.GetAsync(rejected.DealId))!.Payload);

        var corrected = (await Ledger.GetAsync(rejected.DealId))!;
        corrected.AcceptCorrection("e2", "{\"v\":2}", 1m, T0);
        Assert.True(corrected.PayloadChanged);
        Assert.True(await Ledger.SaveAsync(corrected, "corrected", releaseLease: false, T0));
        Assert.False(corrected.PayloadChanged);
        Assert.Equal("{\"v\":2}", (await Ledger.GetAsync(rejected.DealId))!.Payload);

        // Saved again after the correction (e.g. the next step): the corrected payload stays.
        Assert.True(await Ledger.SaveAsync(corrected, "next step", releaseLease: false, T0));
        Assert.Equal("{\"v\":2}", (await Ledger.GetAsync(rejected.DealId))!.Payload);
    }

    [Fact]
    public async Task A_created_deal_reads_back_field_for_field()
    {
        var deal = NewDeal(with: s => s with
        {
            Uncertain = true, OmieCustomerId = 9_876_543_210, CustomerDocument = "12ABC34501DE35", Nfse = Nfse(T0.AddSeconds(3.5)),
            Error = new DealError("transient", "E1", "msg", "fix"),
        });
        Assert.True(await Ledger.TryCreateAsync(deal, "created"));

        var read = await Ledger.GetAsync(deal.DealId);
        Assert.NotNull(read);
        Assert.Equal(deal.State, read.State);
        Assert.True(read.Uncertain);
        Assert.Equal(1500.50m, read.Total);
        Assert.Equal(9_876_543_210, read.OmieCustomerId);
        Assert.Equal("12ABC34501DE35", read.CustomerDocument);
        Assert.Equal(deal.Nfse, read.Nfse);
        Assert.Equal(deal.Error, read.Error);
        Assert.Equal(T0, read.NextDueAt);
        Assert.Null(read.Lease);
        Assert.Equal(0, read.Version);
        Assert.Equal(["created"], (await Ledger.HistoryAsync(deal.DealId)).Select(h => h.Note));
    }

    [Fact]
    public async Task A_deal_is_created_once()
    {
        var deal = NewDeal();
        Assert.True(await Ledger.TryCreateAsync(deal, "first"));
        Assert.False(await Ledger.TryCreateAsync(NewDeal(deal.DealId), "second"));
        Assert.Single(await Ledger.HistoryAsync(deal.DealId));
    }

    [Fact]
    public async Task An_event_id_is_recorded_once()
    {
        var eventId = Guid.NewGuid().ToString();
        Assert.True(await Ledger.TryRecordEventAsync(eventId, "D-1", T0));
        Assert.False(await Ledger.TryRecordEventAsync(eventId, "D-1", T0));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_deal_let_exactly_one_win()
    {
        var id = $"D-{Guid.NewGuid():N}";
        var wins = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Ledger.TryCreateAsync(NewDeal(id), "race"))));
        Assert.Equal(1, wins.Count(w => w));
    }

    [Fact]
    public async Task A_lease_belongs_to_one_owner_until_it_expires()
    {
        var deal = NewDeal();
        await Ledger.TryCreateAsync(deal, "created");

        var a = await Ledger.TryClaimAsync(deal.DealId, "A", T0, Lease);
        Assert.NotNull(a);
        Assert.Equal("A", a.Lease!.Owner);
        Assert.Null(await Ledger.TryClaimAsync(deal.DealId, "B", T0.AddMinutes(1), Lease));
        // Not even its owner: two tasks of one process must not both advance the deal.
        Assert.Null(await Ledger.TryClaimAsync(deal.DealId, "A", T0.AddMinutes(1), Lease));
        var b = await Ledger.TryClaimAsync(deal.DealId, "B", T0.AddMinutes(4), Lease);
        Assert.NotNull(b);
        Assert.Equal("B", b.Lease!.Owner);
        // A's lease expired unreleased: it may have called Omie without recording it, so B asks first.
        Assert.True(b.Uncertain);
    }

    [Fact]
    public async Task Concurrent_claimers_of_one_deal_get_one_lease()
    {
        var deal = NewDeal();
        await Ledger.TryCreateAsync(deal, "created");
        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => Ledger.TryClaimAsync(deal.DealId, $"worker-{i}", T0, Lease))));
        Assert.Single(claims, c => c is not null);
    }

    [Fact]
    public async Task The_sweep_never_hands_one_deal_to_two_concurrent_claimers()
    {
        const int deals = 300;
        var prefix = $"S-{Guid.NewGuid():N}"[..10];
        for (var i = 0; i < deals; i++)
            await Ledger.TryCreateAsync(NewDeal($"{prefix}-{i:D4}", T0.AddMilliseconds(i)), "created");

        var claimed = new System.Collections.Concurrent.ConcurrentBag<(string Owner, string DealId)>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            while (true)
            {
                var batch = await Ledger.ClaimDueAsync($"sweeper-{w}", T0.AddSeconds(1), Lease, 25);
                if (batch.Count == 0) return;
                foreach (var d in batch)
                {
                    Assert.Equal($"sweeper-{w}", d.Lease!.Owner);
                    claimed.Add(($"sweeper-{w}", d.DealId));
                }
            }
        })));

        var mine = claimed.Where(c => c.DealId.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(deals, mine.Count);
        Assert.Equal(deals, mine.Select(c => c.DealId).Distinct().Count());
    }

    [Fact]
    public async Task The_sweep_skips_leased_and_not_yet_due_deals()
    {
        var leased = NewDeal(due: T0);
        var later = NewDeal(due: T0.AddHours(1));
        await Ledger.TryCreateAsync(leased, "created");
        await Ledger.TryCreateAsync(later, "created");
        await Ledger.TryClaimAsync(leased.DealId, "A", T0, Lease);

        var due = await Ledger.ClaimDueAsync("B", T0.AddSeconds(1), Lease, 1000);
        Assert.DoesNotContain(due, d => d.DealId == leased.DealId || d.DealId == later.DealId);

        var afterLease = await Ledger.ClaimDueAsync("B", T0.AddMinutes(3), Lease, 1000);
        Assert.Contains(afterLease, d => d.DealId == leased.DealId);
    }

    [Fact]
    public async Task A_save_on_a_stale_version_loses()
    {
        var deal = NewDeal();
        await Ledger.TryCreateAsync(deal, "created");
        var first = (await Ledger.TryClaimAsync(deal.DealId, "A", T0, Lease))!;
        var stale = (await Ledger.GetAsync(deal.DealId))!;

        first.RegisterCustomer("11222333000181", "C1", 1, T0);
        Assert.True(await Ledger.SaveAsync(first, "step", releaseLease: false, T0));
        stale.Fail(new DealError("x", "y", "z", "w"), 1, T0);
        Assert.False(await Ledger.SaveAsync(stale, "stale", releaseLease: true, T0));

        var read = (await Ledger.GetAsync(deal.DealId))!;
        Assert.Equal(DealState.CustomerRegistered, read.State);
        Assert.Equal(first.Version, read.Version);
        Assert.DoesNotContain(await Ledger.HistoryAsync(deal.DealId), h => h.Note == "stale");
    }

    [Fact]
    public async Task A_claim_bumps_the_version_so_a_worker_that_lost_its_lease_cannot_save()
    {
        var deal = NewDeal();
        await Ledger.TryCreateAsync(deal, "created");
        var a = (await Ledger.TryClaimAsync(deal.DealId, "A", T0, Lease))!;
        var b = (await Ledger.TryClaimAsync(deal.DealId, "B", T0.AddMinutes(5), Lease))!; // A's lease expired

        a.Fail(new DealError("x", "y", "z", "w"), 1, T0.AddMinutes(5));
        Assert.False(await Ledger.SaveAsync(a, "late", releaseLease: true, T0.AddMinutes(5)));
        b.RegisterCustomer("11222333000181", "C1", 1, T0.AddMinutes(5));
        Assert.True(await Ledger.SaveAsync(b, "b", releaseLease: true, T0.AddMinutes(5)));
        var read = (await Ledger.GetAsync(deal.DealId))!;
        Assert.Null(read.Lease);
        Assert.Equal(DealState.CustomerRegistered, read.State);
    }

    [Fact]
    public async Task Lists_and_stuck_candidates_filter_by_state()
    {
        var failed = NewDeal(with: s => s with { State = DealState.Failed });
        var open = NewDeal(with: s => s with { CreatedAt = T0.AddDays(-1) });
        await Ledger.TryCreateAsync(failed, "f");
        await Ledger.TryCreateAsync(open, "o");

        var failedPage = await Ledger.ListAsync(new DealQuery(DealState.Failed, 1, 500));
        Assert.Contains(failedPage, d => d.DealId == failed.DealId);
        Assert.DoesNotContain(failedPage, d => d.DealId == open.DealId);

        var stuck = await Ledger.FindNewlyStuckAsync(T0.AddHours(-1), 500);
        Assert.Contains(stuck, d => d.DealId == open.DealId);
        Assert.DoesNotContain(stuck, d => d.DealId == failed.DealId);

        Assert.True(await Ledger.MarkStuckAsync(open.DealId, "stuck", T0));
        Assert.False(await Ledger.MarkStuckAsync(failed.DealId, "finished deals are never stuck", T0));
        Assert.Contains(await Ledger.ListAsync(new DealQuery("stuck", 1, 500)), d => d.DealId == open.DealId);
        Assert.DoesNotContain(await Ledger.FindNewlyStuckAsync(T0.AddHours(-1), 500), d => d.DealId == open.DealId);
    }

    [Fact]
    public async Task A_worker_whose_lease_was_taken_over_cannot_renew_it()
    {
        var deal = NewDeal();
        await Ledger.TryCreateAsync(deal, "created");
        var a = (await Ledger.TryClaimAsync(deal.DealId, "A", T0, Lease))!;
        Assert.True(await Ledger.RenewLeaseAsync(a, T0.AddMinutes(1), Lease));
        Assert.Equal(T0.AddMinutes(3), a.Lease!.Until);
        // Renewed: B cannot take it at T0 + 2.5 min, when A's first lease would have run out.
        Assert.Null(await Ledger.TryClaimAsync(deal.DealId, "B", T0.AddMinutes(2.5), Lease));

        var b = (await Ledger.TryClaimAsync(deal.DealId, "B", T0.AddMinutes(4), Lease))!;
        Assert.True(b.Lease!.Token > a.Lease.Token);
        // A wakes up after a long Omie call: its fencing token is stale, so it must not write.
        Assert.False(await Ledger.RenewLeaseAsync(a, T0.AddMinutes(4), Lease));
        Assert.True(await Ledger.RenewLeaseAsync(b, T0.AddMinutes(4), Lease));
    }

    [Fact]
    public async Task A_renewal_does_not_change_the_version_so_the_holder_can_still_save()
    {
        var deal = NewDeal();
        await Ledger.TryCreateAsync(deal, "created");
        var a = (await Ledger.TryClaimAsync(deal.DealId, "A", T0, Lease))!;
        Assert.True(await Ledger.RenewLeaseAsync(a, T0.AddMinutes(1), Lease));
        a.RegisterCustomer("11222333000181", "C1", 1, T0.AddMinutes(1));
        Assert.True(await Ledger.SaveAsync(a, "step", releaseLease: false, T0.AddMinutes(1)));
        // Saving without releasing keeps the renewed lease.
        Assert.Equal(T0.AddMinutes(3), (await Ledger.GetAsync(deal.DealId))!.Lease!.Until);
    }

    [Fact]
    public async Task A_save_never_writes_back_a_stale_stuck_flag()
    {
        var deal = NewDeal();
        await Ledger.TryCreateAsync(deal, "created");
        var worker = (await Ledger.TryClaimAsync(deal.DealId, "A", T0, Lease))!;
        // The stuck job flags the deal while the worker holds its (stuck = false) copy.
        Assert.True(await Ledger.MarkStuckAsync(deal.DealId, "stuck", T0));
        worker.RegisterCustomer("11222333000181", "C1", 1, T0);
        Assert.True(await Ledger.SaveAsync(worker, "step", releaseLease: true, T0));

        Assert.True((await Ledger.GetAsync(deal.DealId))!.Stuck);
        Assert.False(await Ledger.MarkStuckAsync(deal.DealId, "stuck again", T0));
        Assert.Empty(await Ledger.FindNewlyStuckAsync(T0.AddHours(1), 1000) is var open ? open.Where(d => d.DealId == deal.DealId) : []);
    }

    [Fact]
    public async Task Finishing_a_deal_clears_its_stuck_flag()
    {
        var deal = NewDeal(with: s => s with { State = DealState.Invoiced, OrderCode = "OS-1" });
        await Ledger.TryCreateAsync(deal, "created");
        Assert.True(await Ledger.MarkStuckAsync(deal.DealId, "stuck", T0));
        var worker = (await Ledger.TryClaimAsync(deal.DealId, "A", T0, Lease))!;
        worker.Issue(Nfse(T0), T0);
        Assert.True(await Ledger.SaveAsync(worker, "issued", releaseLease: true, T0));

        var read = (await Ledger.GetAsync(deal.DealId))!;
        Assert.False(read.Stuck);
        Assert.DoesNotContain(await Ledger.ListAsync(new DealQuery("stuck", 1, 500)), d => d.DealId == deal.DealId);
    }

    [Fact]
    public async Task A_note_goes_into_the_history_without_changing_the_deal()
    {
        var deal = NewDeal();
        await Ledger.TryCreateAsync(deal, "created");
        await Ledger.AppendNoteAsync(deal.DealId, "conflicting event ignored", T0.AddSeconds(1));
        var read = (await Ledger.GetAsync(deal.DealId))!;
        Assert.Equal(0, read.Version);
        Assert.Equal(["created", "conflicting event ignored"], (await Ledger.HistoryAsync(deal.DealId)).Select(h => h.Note));
    }

    [Fact]
    public async Task Taking_over_an_abandoned_lease_marks_the_deal_uncertain()
    {
        var crashed = NewDeal(with: s => s with { State = DealState.OrderCreated, OrderCode = "OS-1" });
        var released = NewDeal(with: s => s with { State = DealState.OrderCreated, OrderCode = "OS-2" });
        await Ledger.TryCreateAsync(crashed, "c");
        await Ledger.TryCreateAsync(released, "r");
        await Ledger.TryClaimAsync(crashed.DealId, "dead-worker", T0, TimeSpan.FromMinutes(1)); // never saved: the process died
        var held = (await Ledger.TryClaimAsync(released.DealId, "A", T0, TimeSpan.FromMinutes(1)))!;
        Assert.True(await Ledger.SaveAsync(held, "done a step", releaseLease: true, T0));

        var swept = await Ledger.ClaimDueAsync("B", T0.AddMinutes(2), TimeSpan.FromMinutes(1), 1000);
        Assert.True(swept.Single(d => d.DealId == crashed.DealId).Uncertain);
        Assert.False(swept.Single(d => d.DealId == released.DealId).Uncertain);
    }

    // ── after the NFS-e (issue 11) ──────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Links_cancellation_boleto_and_payment_read_back_field_for_field()
    {
        var deal = NewDeal(with: s => s with
        {
            State = DealState.Paid, NextDueAt = null,
            Nfse = Nfse(T0) with { PdfUrl = "https://omie/pdf", RpsUrl = "https://omie/rps", StatementPdfUrl = "https://omie/demo", SubstituteNumber = "124" },
            Cancellation = new DealCancellation("Serviço não prestado ao cliente", "key:finance", T0, T0.AddSeconds(1), null),
            Boleto = new DealBoleto("https://omie/boleto", "23790.00009 01234.567890", "B-1"),
            Payment = new DealPayment(1500.50m, new DateOnly(2026, 11, 21), T0.AddDays(1)),
        });
        Assert.True(await Ledger.TryCreateAsync(deal, "created"));
        var read = (await Ledger.GetAsync(deal.DealId))!;
        Assert.Equal(deal.Nfse, read.Nfse);
        Assert.Equal(deal.Cancellation, read.Cancellation);
        Assert.Equal(deal.Boleto, read.Boleto);
        Assert.Equal(deal.Payment, read.Payment);
        Assert.Empty(await Ledger.FindNewlyStuckAsync(T0.AddDays(30), 10));
    }

    [Fact]
    public async Task An_old_deal_whose_cancellation_was_just_asked_is_not_reported_stuck()
    {
        // The stuck check counts from created_at: an NFS-e issued weeks ago must not look stuck the moment someone
        // asks to cancel it (the cancellation has its own limit, DealProcessing:CancellationConfirmWithin).
        var deal = NewDeal(with: s => s with
        {
            State = DealState.CancelRequested, Nfse = Nfse(T0), NextDueAt = T0.AddDays(30),
            Cancellation = new DealCancellation("Serviço não prestado ao cliente", "key", T0.AddDays(30), null, null),
        });
        Assert.True(await Ledger.TryCreateAsync(deal, "created"));
        Assert.DoesNotContain(await Ledger.FindNewlyStuckAsync(T0.AddDays(30), 100), d => d.DealId == deal.DealId);
        Assert.False(await Ledger.MarkStuckAsync(deal.DealId, "stuck?", T0.AddDays(30)));
    }

    [Fact]
    public async Task The_first_authorised_xml_is_archived_and_kept()
    {
        var archive = new NfseDocumentArchive(Connections, new LedgerWriter(Connections));
        Assert.True(await archive.StoreAsync("D-xml", "123", "<nfse>1</nfse>", NfseDocumentArchive.FromPush, T0));
        Assert.False(await archive.StoreAsync("D-xml", "123", "<nfse>2</nfse>", NfseDocumentArchive.FromStatus, T0.AddMinutes(1)));
        var kept = await archive.GetAsync("D-xml");
        Assert.Equal("<nfse>1</nfse>", kept!.Xml);
        Assert.Equal(NfseDocumentArchive.FromPush, kept.Source);
        Assert.Null(await archive.GetAsync("D-none"));
    }

    [Fact]
    public async Task A_customer_is_remembered_replaced_and_forgotten()
    {
        var registry = new OmieCustomerRegistry(Connections, new LedgerWriter(Connections));
        await registry.RememberAsync(new KnownOmieCustomer("12345678000195", "C-1", 9_876_543_210, "h1"), T0);
        await registry.RememberAsync(new KnownOmieCustomer("12345678000195", "C-1", 9_876_543_211, "h2"), T0.AddDays(1));
        Assert.Equal(new KnownOmieCustomer("12345678000195", "C-1", 9_876_543_211, "h2"), await registry.FindAsync("12345678000195"));
        await registry.ForgetAsync("12345678000195");
        Assert.Null(await registry.FindAsync("12345678000195"));
    }

    [Fact]
    public async Task A_push_is_recorded_once_and_pending_until_closed()
    {
        var pushes = new ErpConnector.Persistence.Omie.OmiePushDeliveries(Connections, new LedgerWriter(Connections));
        Assert.True(await pushes.TryRecordAsync("m-1", "NFSe.NotaAutorizada", 42, "{}", ErpConnector.Persistence.Omie.OmiePushDeliveries.Received, T0));
        Assert.False(await pushes.TryRecordAsync("m-1", "NFSe.NotaAutorizada", 42, "{}", ErpConnector.Persistence.Omie.OmiePushDeliveries.Received, T0));
        Assert.Equal("m-1", Assert.Single(await pushes.PendingAsync(T0, 10)).MessageId);
        await pushes.CountAttemptAsync("m-1");
        await pushes.CloseAsync("m-1", ErpConnector.Persistence.Omie.OmiePushDeliveries.Processed, "D-1", T0);
        Assert.Empty(await pushes.PendingAsync(T0, 10));
        var closed = await pushes.GetAsync("m-1");
        Assert.Equal((1, "D-1", "processed"), (closed!.Attempts, closed.DealId, closed.Status));

        var deal = NewDeal(with: s => s with { OmieOrderId = 7_000_000_001 });
        Assert.True(await Ledger.TryCreateAsync(deal, "created"));
        Assert.Equal(deal.DealId, await pushes.FindDealIdAsync(7_000_000_001));
        Assert.Null(await pushes.FindDealIdAsync(1));
    }
}
