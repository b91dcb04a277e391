namespace ErpConnector.Domain.Deals;

/// <summary>
/// A won deal on its way to an NFS-e: the one place that knows which state may follow which. Hosts, endpoints,
/// jobs and the console call its transitions; the ledger stores and loads it (<see cref="ToSnapshot"/> /
/// <see cref="Restore"/>). An illegal transition throws <see cref="DealTransitionException"/> instead of being
/// written, so an issued deal can never move back to received, and a finished deal is never retried.
/// <code>
/// received ─► customer-registered ─► order-created ─► invoiced ─► issued
///    ▲  └──────────── self-heal (customer missing in Omie) ◄────────┘
///    │  any in-progress state ─► failed ─► (operator retry) ─► the step it failed at
/// rejected ─► (corrected deal.won) ─► received
/// invoiced ─► awaiting-city (no progress for too long) ─► issued
/// issued ─► cancel-requested ─► cancelled | issued (refused, with the city's words)
/// issued ─► paid;  invoiced/issued ─► cancelled (Omie's push, also out of order)
/// </code>
/// </summary>
public sealed class Deal
{
    private Deal(DealSnapshot s)
    {
        DealId = s.DealId;
        EventId = s.EventId;
        State = s.State;
        Uncertain = s.Uncertain;
        ResendPending = s.ResendPending;
        FailedStep = s.FailedStep;
        Stuck = s.Stuck;
        Payload = s.Payload;
        CustomerDocument = s.CustomerDocument;
        CustomerCode = s.CustomerCode;
        OmieCustomerId = s.OmieCustomerId;
        OrderCode = s.OrderCode;
        OmieOrderId = s.OmieOrderId;
        OrderNumber = s.OrderNumber;
        Nfse = s.Nfse;
        Total = s.Total;
        Attempts = s.Attempts;
        Error = s.Error;
        NextDueAt = s.NextDueAt;
        Lease = s.Lease;
        StateSince = s.StateSince;
        CreatedAt = s.CreatedAt;
        UpdatedAt = s.UpdatedAt;
        Version = s.Version;
        Cancellation = s.Cancellation;
        Boleto = s.Boleto;
        Payment = s.Payment;
    }

    /// <summary>The CRM's deal id.</summary>
    public string DealId { get; }
    /// <summary>The event that created or last corrected the deal.</summary>
    public string EventId { get; private set; }
    /// <summary>One of <see cref="DealState"/>.</summary>
    public string State { get; private set; }
    /// <summary>The last Omie call's outcome is unknown: the next attempt asks Omie before resending.</summary>
    public bool Uncertain { get; private set; }
    /// <summary>The city refused the RPS for a transient reason: the next poll resends it.</summary>
    public bool ResendPending { get; private set; }
    /// <summary>The step a failed deal stopped at.</summary>
    public string? FailedStep { get; private set; }
    /// <summary>Flagged stuck by the stuck-deal job (the ledger sets it; the deal only clears it).</summary>
    public bool Stuck { get; private set; }
    /// <summary>True once a transition cleared <see cref="Stuck"/>: the ledger then clears the stored flag. The ledger
    /// never writes a stale <c>stuck = false</c> back, so a flag set while a worker held the deal survives its save.</summary>
    public bool ClearsStuck { get; private set; }
    /// <summary>The deal.won as JSON (for an oversized message, only what identifies it).</summary>
    public string Payload { get; private set; }
    /// <summary>True once <see cref="Payload"/> changed since the deal was read or last saved (a correction): only
    /// then does the ledger write the payload again (it is the row's largest column, and otherwise never changes).</summary>
    public bool PayloadChanged { get; private set; }
    /// <summary>Normalised customer document, once registered.</summary>
    public string? CustomerDocument { get; private set; }
    /// <summary>Omie's codigo_cliente_integracao.</summary>
    public string? CustomerCode { get; private set; }
    /// <summary>Omie's customer id.</summary>
    public long? OmieCustomerId { get; private set; }
    /// <summary>Omie's cCodIntOS (derived from the deal id).</summary>
    public string? OrderCode { get; private set; }
    /// <summary>Omie's nCodOS.</summary>
    public long? OmieOrderId { get; private set; }
    /// <summary>Omie's cNumOS.</summary>
    public string? OrderNumber { get; private set; }
    /// <summary>The NFS-e once issued.</summary>
    public DealNfse? Nfse { get; private set; }
    /// <summary>The deal's total.</summary>
    public decimal Total { get; private set; }
    /// <summary>Attempts at the current step; an order created or invoiced starts the next step afresh.</summary>
    public int Attempts { get; private set; }
    /// <summary>The last error, verbatim, with its corrective action.</summary>
    public DealError? Error { get; private set; }
    /// <summary>When the deal is next due; null when nothing is (finished, or waiting for a person).</summary>
    public DateTimeOffset? NextDueAt { get; private set; }
    /// <summary>The current holder; null when free.</summary>
    public DealLease? Lease { get; private set; }
    /// <summary>When the deal entered its state.</summary>
    public DateTimeOffset StateSince { get; private set; }
    /// <summary>When the deal was first written.</summary>
    public DateTimeOffset CreatedAt { get; }
    /// <summary>When the deal was last written.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Optimistic-concurrency version of the stored row this object was read as.</summary>
    public long Version { get; private set; }

    /// <summary>The cancellation asked for, if any.</summary>
    public DealCancellation? Cancellation { get; private set; }
    /// <summary>The boleto Omie generated, if any.</summary>
    public DealBoleto? Boleto { get; private set; }
    /// <summary>The settlement, once paid.</summary>
    public DealPayment? Payment { get; private set; }

    /// <summary>Finished: issued, rejected or failed.</summary>
    public bool IsFinished => DealState.IsTerminal(State);

    /// <summary>An operator may retry it: failed, or on its way but stuck or uncertain. Never issued or rejected.</summary>
    public bool CanBeRetried => State == DealState.Failed || DealState.IsInProgress(State) && (Stuck || Uncertain);

    /// <summary>A person may dismiss it as handled outside the connector: whatever may be retried, and a rejected deal.</summary>
    public bool CanBeDismissed => CanBeRetried || State == DealState.Rejected;

    /// <summary>A corrected deal.won may replace it (only a rejected deal; anything else already reached Omie).</summary>
    public bool CanBeCorrected => State == DealState.Rejected;

    /// <summary>A person may ask to cancel its NFS-e: only an issued one (a cancellation under way is joined, not restarted).</summary>
    public bool CanBeCancelled => State == DealState.Issued;

    /// <summary>Rebuilds a stored deal.</summary>
    public static Deal Restore(DealSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!DealState.All.Contains(snapshot.State))
            throw new ArgumentException($"Deal {snapshot.DealId} has unknown state '{snapshot.State}'.", nameof(snapshot));
        return new Deal(snapshot);
    }

    /// <summary>A valid deal.won, written before anything is sent to Omie; due at once.</summary>
    public static Deal Receive(string dealId, string eventId, string payload, decimal total, DateTimeOffset now) => new(new DealSnapshot
    {
        DealId = dealId, EventId = eventId, State = DealState.Received, Payload = payload, Total = total,
        NextDueAt = now, StateSince = now, CreatedAt = now, UpdatedAt = now,
    });

    /// <summary>An invalid deal.won: never sent to Omie, waits for a corrected one.</summary>
    public static Deal Reject(string dealId, string eventId, string payload, decimal total, DealError error, DateTimeOffset now) => new(new DealSnapshot
    {
        DealId = dealId, EventId = eventId, State = DealState.Rejected, Payload = payload, Total = total, Error = error,
        StateSince = now, CreatedAt = now, UpdatedAt = now,
    });

    /// <summary>The stored form.</summary>
    public DealSnapshot ToSnapshot() => new()
    {
        DealId = DealId, EventId = EventId, State = State, Uncertain = Uncertain, ResendPending = ResendPending,
        FailedStep = FailedStep, Stuck = Stuck, Payload = Payload, CustomerDocument = CustomerDocument,
        CustomerCode = CustomerCode, OmieCustomerId = OmieCustomerId, OrderCode = OrderCode, OmieOrderId = OmieOrderId,
        OrderNumber = OrderNumber, Nfse = Nfse, Total = Total, Attempts = Attempts, Error = Error, NextDueAt = NextDueAt,
        Lease = Lease, StateSince = StateSince, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, Version = Version,
        Cancellation = Cancellation, Boleto = Boleto, Payment = Payment,
    };

    // ── the way to the NFS-e ────────────────────────────────────────────────────────────────────────────────

    /// <summary>A rejected deal's publisher sent it again, corrected: start over with the new data.</summary>
    public void AcceptCorrection(string eventId, string payload, decimal total, DateTimeOffset now)
    {
        Require(CanBeCorrected, "accept a corrected deal.won (only a rejected deal can be corrected)");
        EventId = eventId;
        Payload = payload;
        PayloadChanged = true;
        Total = total;
        Error = null;
        Attempts = 0;
        MoveTo(DealState.Received, now);
        NextDueAt = now;
    }

    /// <summary>Omie knows the customer (UpsertCliente answered).</summary>
    public void RegisterCustomer(string document, string integrationCode, long omieCustomerId, DateTimeOffset now)
    {
        Require(State == DealState.Received, "register its customer");
        CustomerDocument = document;
        CustomerCode = integrationCode;
        OmieCustomerId = omieCustomerId;
        Uncertain = false;
        MoveTo(DealState.CustomerRegistered, now);
        NextDueAt = now;
    }

    /// <summary>The order's integration code, assigned once from the deal id and never changed.</summary>
    public string AssignOrderCode(string code)
    {
        Require(DealState.IsInProgress(State), "be given an order code");
        return OrderCode ??= code;
    }

    /// <summary>The service order exists in Omie (created now, or found after an uncertain attempt).</summary>
    public void RecordOrder(long omieOrderId, string? orderNumber, DateTimeOffset now)
    {
        Require(State == DealState.CustomerRegistered, "record a service order");
        Require(OrderCode is not null, "record a service order without an order code");
        OmieOrderId = omieOrderId;
        OrderNumber = orderNumber;
        Uncertain = false;
        Attempts = 0; // retries are budgeted per step
        MoveTo(DealState.OrderCreated, now);
        NextDueAt = now;
    }

    /// <summary>FaturarOS accepted (or the order was found invoiced): the city processes the RPS; first poll at <paramref name="firstPoll"/>.</summary>
    public void MarkInvoiced(DateTimeOffset now, DateTimeOffset firstPoll)
    {
        Require(State == DealState.OrderCreated, "be marked invoiced");
        Uncertain = false;
        Attempts = 0;
        MoveTo(DealState.Invoiced, now);
        NextDueAt = firstPoll;
    }

    /// <summary>The city is still working on the RPS: poll again at <paramref name="nextPoll"/>.</summary>
    public void AwaitNfse(DateTimeOffset nextPoll)
    {
        Require(State is DealState.Invoiced or DealState.AwaitingCity, "wait for an NFS-e");
        Uncertain = false;
        NextDueAt = nextPoll;
    }

    /// <summary>
    /// StatusOS shows the order not invoiced and no RPS. A lagging status must not become a second invoice
    /// request: the first sighting only marks the deal uncertain and polls again; a second one in a row sends it
    /// back to <see cref="DealState.OrderCreated"/>, still uncertain, so invoicing asks Omie once more before FaturarOS.
    /// </summary>
    /// <returns>True when the deal went back to be invoiced again.</returns>
    public bool NoteNotInvoiced(DateTimeOffset now, DateTimeOffset nextPoll)
    {
        Require(State == DealState.Invoiced, "note a missing invoice");
        if (!Uncertain)
        {
            Uncertain = true;
            NextDueAt = nextPoll;
            return false;
        }
        MoveTo(DealState.OrderCreated, now);
        NextDueAt = now;
        return true;
    }

    /// <summary>The city refused the RPS for a transient reason: the next poll resends it.</summary>
    public void RequestRpsResend()
    {
        Require(State is DealState.Invoiced or DealState.AwaitingCity, "have its RPS resent");
        ResendPending = true;
    }

    /// <summary>The RPS was sent to the city again; poll at <paramref name="nextPoll"/>.</summary>
    public void RecordRpsResent(DateTimeOffset nextPoll)
    {
        Require((State is DealState.Invoiced or DealState.AwaitingCity) && ResendPending, "record an RPS resend (none was pending)");
        ResendPending = false;
        NextDueAt = nextPoll;
    }

    /// <summary>The city issued the NFS-e: the deal is done.</summary>
    public void Issue(DealNfse nfse, DateTimeOffset now)
    {
        Require(State is DealState.Invoiced or DealState.AwaitingCity, "be issued");
        Nfse = nfse;
        ResendPending = false;
        Uncertain = false;
        Error = null;
        MoveTo(DealState.Issued, now);
        NextDueAt = null;
        ClearStuck();
    }

    /// <summary>Omie no longer knows the customer: register it again, then carry on from there.</summary>
    public void ReturnToCustomerRegistration(DateTimeOffset now)
    {
        Require(DealState.IsInProgress(State), "go back to register its customer");
        MoveTo(DealState.Received, now);
        NextDueAt = now;
    }

    // ── after the NFS-e: documents, cancellation, payment ───────────────────────────────────────────────────

    /// <summary>
    /// The city has not moved the RPS for longer than configured (e.g. a city that only takes a TXT import): not a
    /// failure but a state that needs a person, with what to do in <paramref name="hint"/>. Still polled, slowly, at
    /// <paramref name="nextPoll"/>; a push or a poll that finds the NFS-e issues it.
    /// </summary>
    public void AwaitCity(DealError hint, DateTimeOffset now, DateTimeOffset nextPoll)
    {
        Require(State is DealState.Invoiced or DealState.AwaitingCity, "wait for the city");
        Error = hint;
        Uncertain = false;
        MoveTo(DealState.AwaitingCity, now);
        NextDueAt = nextPoll;
        ClearStuck();
    }

    /// <summary>Polls a deal awaiting the city again at <paramref name="nextPoll"/>.</summary>
    public void KeepAwaitingCity(DateTimeOffset nextPoll)
    {
        Require(State == DealState.AwaitingCity, "keep waiting for the city");
        NextDueAt = nextPoll;
    }

    /// <summary>Keeps every link Omie gives for the NFS-e (a later source may know more than the first).</summary>
    public void RecordDocuments(DealNfseLinks links)
    {
        Require(Nfse is not null, "record NFS-e documents (it has no NFS-e)");
        Nfse = Nfse!.WithLinks(links);
    }

    /// <summary>Omie replaced the NFS-e by <paramref name="substituteNumber"/> (<c>NFSe.NotaSubstituida</c>).</summary>
    public void RecordSubstitute(string substituteNumber)
    {
        Require(Nfse is not null, "record a substitute NFS-e (it has no NFS-e)");
        Nfse = Nfse! with { SubstituteNumber = substituteNumber };
    }

    /// <summary>Omie generated the boleto of the deal's receivable.</summary>
    public void RecordBoleto(string link, string barcode, string number)
    {
        Require(DealState.HasNfse(State) || State is DealState.Invoiced or DealState.AwaitingCity, "record a boleto");
        Boleto = new DealBoleto(link, barcode, number);
    }

    /// <summary>
    /// Someone asked to cancel the NFS-e. Due at once: the processor sends CancelarOS (once) and waits for Omie to
    /// confirm. A second request while one is pending joins it (returns false) and changes nothing.
    /// </summary>
    /// <returns>True when this request started a cancellation; false when it joined one already under way.</returns>
    public bool RequestCancellation(string reason, string requestedBy, DateTimeOffset now)
    {
        if (State == DealState.CancelRequested) return false;
        Require(CanBeCancelled, State is DealState.Cancelled
            ? "be cancelled (its NFS-e is already cancelled)"
            : "be cancelled (only an issued NFS-e can be cancelled)");
        Cancellation = new DealCancellation(reason, requestedBy, now, null, null);
        Error = null;
        Uncertain = false;
        Attempts = 0;
        MoveTo(DealState.CancelRequested, now);
        NextDueAt = now;
        return true;
    }

    /// <summary>
    /// CancelarOS is about to be sent: stamped and saved BEFORE the call, so a crash (or a lost answer) afterwards
    /// finds it stamped and only asks StatusOS: one request never sends CancelarOS twice.
    /// </summary>
    public void BeginCancellationCall(DateTimeOffset now)
    {
        Require(State == DealState.CancelRequested && Cancellation is { CalledAt: null }, "send CancelarOS (already sent for this request)");
        Cancellation = Cancellation! with { CalledAt = now };
    }

    /// <summary>Omie refused CancelarOS outright (a fault: nothing was applied), for a reason worth another try:
    /// the stamp is lifted so the next attempt may send it again, at <paramref name="retryAt"/>.</summary>
    public void ReopenCancellationCall(DealError error, DateTimeOffset retryAt)
    {
        Require(State == DealState.CancelRequested, "send CancelarOS again");
        Cancellation = Cancellation! with { CalledAt = null };
        Error = error;
        Attempts++;
        NextDueAt = retryAt;
    }

    /// <summary>Omie has not confirmed the cancellation yet: ask again at <paramref name="nextPoll"/>.</summary>
    public void AwaitCancellation(DateTimeOffset nextPoll)
    {
        Require(State == DealState.CancelRequested, "wait for a cancellation");
        NextDueAt = nextPoll;
    }

    /// <summary>
    /// Omie confirmed the NFS-e cancelled (StatusOS, or the <c>NFSe.NotaCancelada</c> push). Also accepted without a
    /// request (cancelled in Omie by a person) and before the NFS-e was seen issued (pushes out of order): the end
    /// state is cancelled either way.
    /// </summary>
    /// <returns>False when the deal was already cancelled (a repeated confirmation changes nothing).</returns>
    public bool ConfirmCancellation(DateTimeOffset now)
    {
        if (State == DealState.Cancelled) return false;
        Require(DealState.HasNfse(State) || State is DealState.Invoiced or DealState.AwaitingCity, "be confirmed cancelled");
        Cancellation = (Cancellation ?? new DealCancellation("", "omie", now, null, null)) with { CancelledAt = now };
        Uncertain = false;
        ResendPending = false;
        MoveTo(DealState.Cancelled, now);
        NextDueAt = null;
        ClearStuck();
        return true;
    }

    /// <summary>The city (or Omie) refused the cancellation, e.g. past the municipality's window: back to issued with
    /// the refusal verbatim and what to do. A permanent answer, not retried.</summary>
    public void RefuseCancellation(DealError error, DateTimeOffset now)
    {
        Require(State == DealState.CancelRequested, "have its cancellation refused");
        Error = error;
        Uncertain = false;
        MoveTo(DealState.Issued, now);
        NextDueAt = null;
        ClearStuck();
    }

    /// <summary>The receivable was settled (<c>BaixaRealizada</c>). Only an issued NFS-e is paid.</summary>
    /// <returns>False when the deal was already paid (a repeated push changes nothing).</returns>
    public bool MarkPaid(decimal? amount, DateOnly? paidOn, DateTimeOffset now)
    {
        if (State == DealState.Paid) return false;
        Require(State == DealState.Issued, "be marked paid (only an issued NFS-e is paid)");
        Payment = new DealPayment(amount, paidOn, now);
        MoveTo(DealState.Paid, now);
        NextDueAt = null;
        return true;
    }

    // ── errors, waits and retries ───────────────────────────────────────────────────────────────────────────

    /// <summary>Records the error of the current attempt; an ambiguous one (timeout, lost answer) makes the deal uncertain.</summary>
    public void RecordError(DealError error, bool ambiguous)
    {
        Require(DealState.IsInProgress(State), "record an error");
        Error = error;
        if (ambiguous) Uncertain = true;
    }

    /// <summary>The next attempt asks Omie what exists before sending anything.</summary>
    public void MarkUncertain()
    {
        Require(DealState.IsInProgress(State), "be marked uncertain");
        Uncertain = true;
    }

    /// <summary>Counts one more attempt at the current step.</summary>
    public void CountAttempt()
    {
        Require(DealState.IsInProgress(State), "count an attempt");
        Attempts++;
    }

    /// <summary>Next due at <paramref name="due"/> (a retry, a stated wait, a poll, a pause).</summary>
    public void ScheduleAt(DateTimeOffset due)
    {
        Require(DealState.IsInProgress(State) || State == DealState.CancelRequested, "be scheduled");
        NextDueAt = due;
    }

    /// <summary>Stops the deal: permanent error, or retries used up. Finance is told; an operator may retry later.</summary>
    public void Fail(DealError error, int attemptsMade, DateTimeOffset now)
    {
        Require(DealState.IsInProgress(State), "fail");
        Error = error;
        Attempts = attemptsMade;
        FailedStep = State;
        MoveTo(DealState.Failed, now);
        NextDueAt = null;
        ClearStuck();
    }

    /// <summary>
    /// An operator's retry after fixing the cause: a failed deal resumes at the step it failed at (resending the RPS
    /// if the city refused it); a stuck or uncertain one is due at once. Always uncertain, so the first call asks Omie
    /// what already exists and a retry can never create a second order or invoice.
    /// </summary>
    public void Retry(DateTimeOffset now)
    {
        Require(CanBeRetried, State is DealState.Issued
            ? "be retried (it is issued: nothing is left to do)"
            : State is DealState.Rejected
                ? "be retried (it was rejected: publish a corrected deal.won instead)"
                : "be retried (only failed, stuck or uncertain deals can)");
        if (State == DealState.Failed)
        {
            var step = FailedStep ?? DealState.Received;
            MoveTo(step, now);
            ResendPending = step == DealState.Invoiced;
        }
        Uncertain = true;
        Attempts = 0;
        FailedStep = null;
        NextDueAt = now;
        ClearStuck();
    }

    /// <summary>
    /// A person handled the deal outside the connector (e.g. issued the NFS-e by hand): it leaves the attention list and
    /// is never advanced again. The last error stays for the record.
    /// </summary>
    /// <returns>The history note naming who dismissed it and why.</returns>
    public string Dismiss(string who, string why, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        ArgumentException.ThrowIfNullOrWhiteSpace(why);
        Require(CanBeDismissed, State is DealState.Issued
            ? "be dismissed (it is issued: nothing is left to handle)"
            : "be dismissed (only failed, rejected, stuck or uncertain deals can)");
        Uncertain = false;
        ResendPending = false;
        NextDueAt = null;
        MoveTo(DealState.Dismissed, now);
        ClearStuck();
        return $"Dismissed by {who.Trim()}: {why.Trim()}";
    }

    // ── lease and storage ───────────────────────────────────────────────────────────────────────────────────

    /// <summary>The ledger granted (or renewed) the lease.</summary>
    public void HoldLease(DealLease lease) => Lease = lease;

    /// <summary>The lease goes back with the next save.</summary>
    public void ReleaseLease() => Lease = null;

    /// <summary>The ledger wrote this deal: it now stands for version <paramref name="version"/>.</summary>
    public void MarkSaved(long version, DateTimeOffset at)
    {
        Version = version;
        UpdatedAt = at;
        ClearsStuck = false;
        PayloadChanged = false;
    }

    private void ClearStuck()
    {
        Stuck = false;
        ClearsStuck = true;
    }

    private void MoveTo(string state, DateTimeOffset now)
    {
        if (State != state) StateSince = now;
        State = state;
    }

    private void Require(bool allowed, string transition)
    {
        if (!allowed) throw new DealTransitionException(DealId, State, transition);
    }
}
