using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Domain.Deals.Taxes;
using ErpConnector.Domain.Errors;
using ErpConnector.Domain.TaxIds;
using ErpConnector.Omie;
using ErpConnector.Persistence.Deals;
using ErpConnector.Service.Observability;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals;

/// <summary>
/// Advances one leased deal through its steps (customer → order → invoice → NFS-e) until it has to wait or ends.
/// The <see cref="Deal"/> decides which transition is allowed; this class makes the Omie calls between them.
/// Every step is idempotent through an Omie integration code derived from the deal or the document; after any
/// ambiguous outcome the next attempt asks Omie first (query before resend); every Omie write is fenced by the
/// deal's lease (<see cref="DealLeaseGuard"/>), so a worker whose lease was taken over sends nothing.
/// </summary>
public sealed partial class DealProcessor(
    IOmieClient omie,
    OmieRateLimiter limiter,
    IDealLedger ledger,
    ErrorClassifier classifier,
    DealOutcomes outcomes,
    IOptions<DealProcessingOptions> options,
    TimeProvider clock,
    ConnectorMetrics metrics,
    ILogger<DealProcessor> logger,
    NfseDocumentArchive archive,
    OmieCustomerRegistry customers)
{
    // Enough for received → issued in one pass plus a self-heal; a loop beyond it waits for the sweeper.
    private const int MaxStepsPerPass = 8;
    private readonly DealProcessingOptions _options = options.Value;
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>Runs steps while the deal is due, then saves it and releases its lease. The caller holds the lease.</summary>
    public Task AdvanceAsync(Deal deal, CancellationToken ct) => AdvanceAsync(deal, null, ct);

    /// <summary>As <see cref="AdvanceAsync(Deal, CancellationToken)"/>, for a deal whose payload the caller has just
    /// written from <paramref name="received"/> (the intake's accepted or corrected deal.won): it is used as is instead
    /// of being parsed back from the payload.</summary>
    public async Task AdvanceAsync(Deal deal, DealWon? received, CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["DealId"] = deal.DealId });
        if (deal.IsFinished)
        {
            // Nothing to run (e.g. a retry raced with the end of the deal): just give the lease back.
            await ledger.SaveAsync(deal, null, releaseLease: true, clock.GetUtcNow(), ct);
            return;
        }
        var won = received ?? DealPayload.Deserialize(deal.Payload);
        await using var guard = new DealLeaseGuard(deal, ledger, _options.Lease, clock, logger);
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(ct, guard.Token);
        // The customer registry's write, started beside the deal's own save: queued with it, committed with it.
        var registryWrites = new List<Task>(1);
        try
        {
            for (var step = 0; step < MaxStepsPerPass; step++)
            {
                var note = await RunOneStepAsync(deal, won, guard, registryWrites, pass.Token);
                var keepGoing = !deal.IsFinished && deal.NextDueAt is { } due && due <= clock.GetUtcNow() && step + 1 < MaxStepsPerPass;
                if (!keepGoing) await guard.StopAsync();
                if (guard.IsLost || !await ledger.SaveAsync(deal, note, releaseLease: !keepGoing, clock.GetUtcNow(), ct))
                {
                    LogLostLease(deal.DealId);
                    return;
                }
                if (!keepGoing) return;
            }
        }
        catch (Exception ex) when (ex is DealLeaseLostException || ex is OperationCanceledException && guard.IsLost && !ct.IsCancellationRequested)
        {
            // Another worker owns the deal now; whatever this pass learnt is re-learnt by it (it is marked uncertain).
            LogLostLease(deal.DealId);
        }
        finally
        {
            await AwaitRegistryWritesAsync(registryWrites, deal.DealId);
        }
    }

    /// <summary>Waits for the customer registry's writes started in this pass. They only spare later deals a call,
    /// so a failure is logged, never the deal's.</summary>
    private async Task AwaitRegistryWritesAsync(List<Task> registryWrites, string dealId)
    {
        foreach (var write in registryWrites)
        {
            try
            {
                await write;
            }
            catch (Exception e)
            {
                LogCustomerNotRemembered(dealId, e.GetType().Name);
            }
        }
    }

    private async Task<string> RunOneStepAsync(Deal deal, DealWon won, DealLeaseGuard guard, List<Task> registryWrites, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (limiter.PausedUntil is { } pausedUntil && pausedUntil > now)
        {
            // Omie blocked the app_key: touching it now would extend the block.
            deal.ScheduleAt(pausedUntil);
            return $"Omie calls paused until {pausedUntil:O}: {limiter.PauseReason}";
        }
        try
        {
            return deal.State switch
            {
                DealState.Received => await RegisterCustomerAsync(deal, won, guard, registryWrites, now, ct),
                DealState.CustomerRegistered => await CreateOrderAsync(deal, won, guard, now, ct),
                DealState.OrderCreated => await InvoiceAsync(deal, guard, now, ct),
                DealState.Invoiced or DealState.AwaitingCity => await FollowNfseAsync(deal, won, guard, now, ct),
                DealState.CancelRequested => await FollowCancellationAsync(deal, guard, now, ct),
                _ => throw new DealTransitionException(deal.DealId, deal.State, "be advanced"),
            };
        }
        catch (Exception e) when (deal.State == DealState.CancelRequested && e is OmieFaultException or OmieTransportException or OmieThrottledException)
        {
            // While cancelling, only StatusOS can fail here (CancelarOS's own failures are handled where it is sent):
            // nothing was changed in Omie, so ask again later.
            return WaitForCancellation(deal, e, now);
        }
        catch (OmieFaultException fault)
        {
            return await HandleErrorAsync(deal, new ErrorObservation(ErrorSource.OmieFault, fault.FaultCode, fault.FaultString, fault.HttpStatus), ambiguous: false, now, ct);
        }
        catch (OmieThrottledException throttled)
        {
            // Our own limiter gave up waiting (queue full, or longer than it may hold a leased deal): nothing was sent.
            deal.ScheduleAt(now + _options.ThrottleDefaultWait);
            return $"Omie limiter busy ({throttled.Method}: queue full or waited longer than Omie:MaxQueueWait); nothing sent; trying again at {deal.NextDueAt:O}.";
        }
        catch (OmieTransportException transport)
        {
            var observation = transport.HttpStatus is { } status
                ? new ErrorObservation(ErrorSource.Http, $"HTTP-{status}", transport.Message, status)
                : new ErrorObservation(ErrorSource.Transport, "TRANSPORT", transport.Message);
            return await HandleErrorAsync(deal, observation, ambiguous: true, now, ct);
        }
    }

    private async Task<string> RegisterCustomerAsync(Deal deal, DealWon won, DealLeaseGuard guard, List<Task> registryWrites, DateTimeOffset now, CancellationToken ct)
    {
        var document = TaxId.Parse(won.Customer!.Document).Value
            ?? throw new InvalidOperationException("A deal in the ledger has an invalid document; validation should have rejected it.");
        var code = CustomerIntegrationCode.For(document);
        var customer = OmieDealMapping.ToCustomer(won.Customer, document, code);
        var fingerprint = CustomerFingerprint.Of(customer);
        if (_options.SkipUnchangedCustomers && await customers.FindAsync(document.Normalized, ct) is { } remembered
            && remembered.DataHash == fingerprint && remembered.IntegrationCode == code)
        {
            // A repeat customer whose data has not changed since its last upsert: Omie already has exactly this.
            deal.RegisterCustomer(document.Normalized, code, remembered.OmieCustomerId, now);
            metrics.CustomerUpsertSkipped();
            return $"Customer {remembered.OmieCustomerId} unchanged since its last upsert; not sent to Omie again.";
        }
        if (deal.Uncertain && await omie.FindCustomerByIntegrationCodeAsync(code, ct) is { } known)
        {
            // E.g. "Cliente já cadastrado" without an id: the customer exists under our integration code.
            deal.RegisterCustomer(document.Normalized, code, known.OmieId, now);
            return $"Customer {known.OmieId} already registered in Omie under {code}; continuing.";
        }
        // UpsertCliente is keyed by our integration code, so repeating it never creates a second customer.
        await guard.ProveAsync(ct);
        var status = await omie.UpsertCustomerAsync(customer, ct);
        deal.RegisterCustomer(document.Normalized, code, status.OmieId, now);
        // Not awaited here: queued now, it joins the deal's save that follows this step in the same group commit
        // instead of costing the deal a ledger round trip of its own (AdvanceAsync waits for it before returning).
        // It is a cache: lost in a crash, the next deal for this customer upserts it again.
        registryWrites.Add(customers.RememberAsync(new KnownOmieCustomer(document.Normalized, code, status.OmieId, fingerprint), now, ct));
        return $"Customer registered in Omie (id {status.OmieId}, integration code {code}).";
    }

    private async Task<string> CreateOrderAsync(Deal deal, DealWon won, DealLeaseGuard guard, DateTimeOffset now, CancellationToken ct)
    {
        var code = deal.AssignOrderCode(OrderIntegrationCode.For(deal.DealId));
        if (deal.Uncertain && await omie.FindServiceOrderAsync(code, ct) is { } existing)
        {
            deal.RecordOrder(existing.OmieOrderId, existing.OrderNumber, now);
            return $"Service order {existing.OmieOrderId} already existed in Omie after an uncertain attempt; continuing."
                + await CompareTaxesAsync(deal, won, existing, now, ct);
        }
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone).DateTime);
        await guard.ProveAsync(ct);
        var created = await omie.CreateServiceOrderAsync(
            OmieDealMapping.ToServiceOrder(won, code, deal.OmieCustomerId, deal.CustomerCode!, today), ct);
        deal.RecordOrder(created.OmieOrderId, created.OrderNumber, now);
        return $"Service order created in Omie (nCodOS {created.OmieOrderId}, cCodIntOS {code})."
            + await CompareTaxesAsync(deal, won, null, now, ct);
    }

    /// <summary>
    /// Compares the taxes the connector computed with those Omie computed for the order (ConsultarOS, read only for
    /// a deal that states a tax) and notes each difference over a centavo in the deal's history, where the deal API
    /// reads it back as a warning. Never fails the deal: Omie and the city are the judges of the amounts, and a
    /// failed read only means nothing was compared. Returns what to add to the step's note.
    /// </summary>
    private async Task<string> CompareTaxesAsync(Deal deal, DealWon won, OmieOrderStatus? order, DateTimeOffset now, CancellationToken ct)
    {
        if (!OrderTaxCheck.HasAnythingToCompare(won))
            return "";
        try
        {
            order ??= await omie.FindServiceOrderAsync(deal.OrderCode!, ct);
        }
        catch (Exception e) when (e is OmieFaultException or OmieTransportException or OmieThrottledException)
        {
            LogTaxesNotRead(deal.DealId, e.GetType().Name);
            return " Omie's tax values could not be read; the taxes were not compared.";
        }
        var amounts = order?.ServiceTaxes.Select(t => new OrderTaxAmounts(t.Iss, t.Irrf, t.Pis, t.Cofins, t.Csll, t.Inss)).ToArray() ?? [];
        var warnings = OrderTaxCheck.Compare(won, amounts);
        foreach (var warning in warnings)
            await ledger.AppendNoteAsync(deal.DealId, TaxCheckNote.Format(warning), now, ct);
        if (warnings.Count > 0) LogTaxesDiffer(deal.DealId, warnings.Count);
        return warnings.Count > 0 ? $" Omie's taxes differ from the deal's on {warnings.Count} point(s): see the tax check notes." : "";
    }

    private async Task<string> InvoiceAsync(Deal deal, DealLeaseGuard guard, DateTimeOffset now, CancellationToken ct)
    {
        var code = deal.OrderCode!;
        if (deal.Uncertain && (await omie.GetInvoiceStatusAsync(code, ct)).Invoiced)
        {
            deal.MarkInvoiced(now, now + _options.FirstPollDelay);
            return "The order was already invoiced in Omie after an uncertain attempt; following the NFS-e.";
        }
        await guard.ProveAsync(ct);
        await omie.InvoiceServiceOrderAsync(code, ct);
        deal.MarkInvoiced(now, now + _options.FirstPollDelay);
        return "Order invoiced (FaturarOS); the city is processing the RPS.";
    }

    private async Task<string> FollowNfseAsync(Deal deal, DealWon won, DealLeaseGuard guard, DateTimeOffset now, CancellationToken ct)
    {
        var status = await omie.GetInvoiceStatusAsync(deal.OrderCode!, ct);
        var rps = status.Rps.Count > 0 ? status.Rps[^1] : null;
        if (!status.Invoiced && rps is null && deal.State == DealState.AwaitingCity)
        {
            deal.KeepAwaitingCity(now + _options.AwaitingCityPollInterval);
            return "Omie shows the order as not invoiced; still awaiting the city.";
        }
        if (!status.Invoiced && rps is null)
        {
            return deal.NoteNotInvoiced(now, now + _options.PollInterval)
                ? "Omie still shows the order as not invoiced; invoicing again after asking Omie once more."
                : "Omie shows the order as not invoiced (its status may lag); checking again before invoicing again.";
        }

        switch (rps?.Status)
        {
            case "004":
                var nfse = new DealNfse(rps.NfseNumber, rps.VerificationCode, rps.NfseUrl, now)
                {
                    PdfUrl = rps.PdfUrl, RpsUrl = rps.RpsUrl, StatementPdfUrl = rps.StatementPdfUrl,
                };
                // The XML is archived before the event: finance may fetch it as soon as it hears of the NFS-e.
                var archived = rps.Xml.Length > 0;
                if (archived) await archive.StoreAsync(deal.DealId, rps.NfseNumber, rps.Xml, NfseDocumentArchive.FromStatus, now, ct);
                // Published before the save: a crash in between repeats the event (consumers de-duplicate by dealId).
                await outcomes.IssuedAsync(deal, won, nfse, ct, archived);
                deal.Issue(nfse, now);
                metrics.DealIssued();
                return $"NFS-e {rps.NfseNumber} issued." + (archived ? " XML archived." : " Omie gave no XML.");
            case "003" when deal.ResendPending:
                await guard.ProveAsync(ct);
                await omie.ResendInvoiceAsync(deal.OrderCode!, ct);
                deal.RecordRpsResent(now + _options.FirstPollDelay);
                return $"RPS resent to the city (attempt {deal.Attempts + 1}).";
            case "003":
                var message = rps.Messages.FirstOrDefault(m => m.Situation == "ERRO") ?? rps.Messages.FirstOrDefault()
                    ?? new OmieCityMessage("", "RPS processado com erro, sem mensagem da prefeitura.", "", "ERRO");
                return await HandleErrorAsync(deal, new ErrorObservation(ErrorSource.CityMessage, message.Code, message.Description), ambiguous: false, now, ct, cityRejection: true);
            case "005":
                // Cancelled in Omie before the connector saw it issued (by a person, or a push it has not had yet):
                // the end state is cancelled, as the NFSe.NotaCancelada push would make it.
                deal.ConfirmCancellation(now);
                await outcomes.CancelledAsync(deal, ct);
                metrics.NfseCancelled();
                return $"Omie reports the NFS-e {rps.NfseNumber} cancelled (RPS 005) before it was seen issued; the deal is cancelled.";
            default:
                // 001 awaiting send, 002 processing, or invoiced with no RPS yet: the city is still working.
                return await AwaitCityAsync(deal, rps?.Status ?? "", now, ct);
        }
    }

    /// <summary>
    /// A requested cancellation. CancelarOS is sent at most once per request: the deal is stamped and saved before
    /// the call, so a crash or a lost answer afterwards only asks StatusOS. The 200 of CancelarOS proves nothing (the
    /// city decides later); only StatusOS (<c>cCancelada = "S"</c> / RPS 005) or the NFSe.NotaCancelada push confirm
    /// it. A refusal by the city (its message on the still-issued RPS) sends the deal back to issued with the
    /// table's corrective action; no answer within <see cref="DealProcessingOptions.CancellationConfirmWithin"/> too.
    /// </summary>
    private async Task<string> FollowCancellationAsync(Deal deal, DealLeaseGuard guard, DateTimeOffset now, CancellationToken ct)
    {
        var request = deal.Cancellation!;
        if (request.CalledAt is null)
        {
            deal.BeginCancellationCall(now);
            await guard.ProveAsync(ct);
            if (!await ledger.SaveAsync(deal, "Sending CancelarOS (cCancelarNfse S); not sent again for this request.", releaseLease: false, now, ct))
                throw new DealLeaseLostException(deal.DealId);
            try
            {
                var answer = await omie.CancelServiceOrderAsync(deal.OrderCode!, ct);
                deal.AwaitCancellation(now + _options.FirstPollDelay);
                return $"CancelarOS taken by Omie ({answer.StatusDescription}); waiting for the city to confirm.";
            }
            catch (OmieFaultException fault)
            {
                // A fault is a definite answer: nothing was applied.
                return await CancellationCallRefusedAsync(deal, new ErrorObservation(ErrorSource.OmieFault, fault.FaultCode, fault.FaultString, fault.HttpStatus), now, ct);
            }
            catch (OmieThrottledException)
            {
                // Our limiter never sent it: the stamp may be lifted.
                deal.ReopenCancellationCall(deal.Error ?? new DealError("throttled", "", "Omie limiter busy", ""), now + _options.ThrottleDefaultWait);
                return "Omie limiter busy; CancelarOS not sent; trying again shortly.";
            }
            catch (OmieTransportException)
            {
                // Ambiguous: CancelarOS may have been applied. The stamp stays, so only StatusOS is asked from now on.
                deal.AwaitCancellation(now + _options.FirstPollDelay);
                return "CancelarOS's answer was lost; asking StatusOS whether Omie took it (it is not sent again).";
            }
        }

        var status = await omie.GetInvoiceStatusAsync(deal.OrderCode!, ct);
        var rps = status.Rps.LastOrDefault(r => r.Status is "004" or "005") ?? status.Rps.LastOrDefault();
        if (status.Cancelled || rps?.Status == "005")
        {
            deal.ConfirmCancellation(now);
            await outcomes.CancelledAsync(deal, ct);
            metrics.NfseCancelled();
            return $"Omie confirms the NFS-e {deal.Nfse?.Number} cancelled.";
        }
        if (rps is { Status: "004" } && rps.Messages.LastOrDefault() is { Situation: "ERRO" } refusal)
        {
            // The city answered the cancellation with an error and kept the NFS-e (UNCONFIRMED how Omie shows it:
            // read as the RPS's last message). Whatever the reason, this request is over: a person decides.
            return await RefuseCancellationAsync(deal, classifier.Classify(new ErrorObservation(ErrorSource.CityMessage, refusal.Code, refusal.Description), now),
                refusal.Code, refusal.Description, now, ct);
        }
        if (now - request.CalledAt.Value >= _options.CancellationConfirmWithin)
        {
            return await RefuseCancellationAsync(deal, null, "", $"Omie não confirmou o cancelamento em {_options.CancellationConfirmWithin}.", now, ct);
        }
        deal.AwaitCancellation(now + _options.PollInterval);
        return $"Cancellation not confirmed yet (RPS {rps?.Status ?? "none"}); asking again later.";
    }

    private async Task<string> CancellationCallRefusedAsync(Deal deal, ErrorObservation observation, DateTimeOffset now, CancellationToken ct)
    {
        var verdict = classifier.Classify(observation, now);
        var limit = Math.Min(verdict.MaxAttempts ?? _options.EffectiveRetrySchedule.Count, _options.EffectiveRetrySchedule.Count);
        // Only a fault that says "not now" (Omie's limits, an outage) sends CancelarOS again; any other answer ends
        // the request with Omie's words, for a person to read (an unknown fault is not worth a second cancellation).
        if (verdict.Category is ErrorCategory.Throttled or ErrorCategory.TaxAuthorityUnavailable && deal.Attempts < limit)
        {
            var error = new DealError(verdict.CategoryName, observation.Code, observation.Message, verdict.CorrectiveAction);
            var at = verdict.Action == ErrorAction.RetryOnSchedule ? now + _options.EffectiveRetrySchedule[deal.Attempts]
                : limiter.PausedUntil ?? verdict.WaitUntil ?? now + _options.ThrottleDefaultWait;
            deal.ReopenCancellationCall(error, at);
            return $"CancelarOS refused for now ({observation.Code}: {verdict.CategoryName}); sending it again at {at:O}.";
        }
        return await RefuseCancellationAsync(deal, verdict, observation.Code, observation.Message, now, ct);
    }

    private async Task<string> RefuseCancellationAsync(Deal deal, ErrorClassification? verdict, string code, string message, DateTimeOffset now, CancellationToken ct)
    {
        var again = "Se ainda for preciso, peça o cancelamento de novo. / If it is still needed, ask for the cancellation again.";
        var error = verdict is null
            ? new DealError("cancellation-unconfirmed", code, message,
                "Verifique no Omie se a NFS-e foi cancelada; se não, peça o cancelamento de novo. / Check in Omie whether the NFS-e was cancelled; if not, ask again.")
            : new DealError(verdict.CategoryName, code, message,
                verdict.Category == ErrorCategory.CancellationRefused ? verdict.CorrectiveAction : $"{verdict.CorrectiveAction} {again}");
        deal.RefuseCancellation(error, now);
        await outcomes.CancellationRefusedAsync(deal, error, ct);
        metrics.NfseCancellationRefused(error.Category);
        return $"Cancellation refused: {error.Category} {code}: {message}";
    }

    private string WaitForCancellation(Deal deal, Exception e, DateTimeOffset now)
    {
        var at = e is OmieFaultException fault
            ? classifier.Classify(new ErrorObservation(ErrorSource.OmieFault, fault.FaultCode, fault.FaultString, fault.HttpStatus), now).WaitUntil
            : null;
        deal.AwaitCancellation(limiter.PausedUntil ?? at ?? now + _options.PollInterval);
        return $"Could not read the cancellation's status ({e.GetType().Name}); asking again at {deal.NextDueAt:O}.";
    }

    /// <summary>
    /// The city has not answered yet. Within <see cref="DealProcessingOptions.AwaitingCityAfter"/> of invoicing this
    /// is a normal poll; past it the deal moves to awaiting-city (finance hears it once, with what to do) and is
    /// polled slowly from then on: a city that only takes a TXT import never moves on its own.
    /// </summary>
    private async Task<string> AwaitCityAsync(Deal deal, string rpsStatus, DateTimeOffset now, CancellationToken ct)
    {
        if (deal.State == DealState.AwaitingCity)
        {
            deal.KeepAwaitingCity(now + _options.AwaitingCityPollInterval);
            return $"Still awaiting the city (RPS {(rpsStatus.Length > 0 ? rpsStatus : "none yet")}).";
        }
        if (now - deal.StateSince < _options.AwaitingCityAfter)
        {
            deal.AwaitNfse(now + _options.PollInterval);
            return $"NFS-e still processing (RPS {(rpsStatus.Length > 0 ? rpsStatus : "none yet")}).";
        }
        var invoicedAt = deal.StateSince;
        deal.AwaitCity(new DealError("awaiting-city", rpsStatus, $"A prefeitura não processou o RPS em {_options.AwaitingCityAfter} (status {(rpsStatus.Length > 0 ? rpsStatus : "sem RPS")}).",
            "Verifique no Omie se o município só aceita importação de TXT: exporte o RPS, importe-o no site da prefeitura e atualize o status no Omie. / " +
            "Check in Omie whether the city only accepts a TXT import: export the RPS, import it on the city's site and update the status in Omie."),
            now, now + _options.AwaitingCityPollInterval);
        await outcomes.AwaitingCityAsync(deal, invoicedAt, rpsStatus, ct);
        return $"The city has not processed the RPS since {invoicedAt:O}; awaiting the city (a person acts in Omie).";
    }

    private async Task<string> HandleErrorAsync(Deal deal, ErrorObservation observation, bool ambiguous, DateTimeOffset now, CancellationToken ct, bool cityRejection = false)
    {
        var verdict = classifier.Classify(observation, now);
        var error = new DealError(verdict.CategoryName, observation.Code, observation.Message, verdict.CorrectiveAction);
        deal.RecordError(error, ambiguous);
        LogClassified(deal.DealId, deal.State, observation.Code, verdict.RuleId, verdict.Category, verdict.Action);
        var schedule = _options.EffectiveRetrySchedule;

        switch (verdict.Action)
        {
            case ErrorAction.Succeed:
                // Omie says the step was already done: look it up on the next pass and carry on.
                deal.MarkUncertain();
                return await RetryAsync(deal, error, now, TimeSpan.Zero, schedule.Count, $"Omie reports this step as already done ({verdict.RuleId}); looking it up.", ct);
            case ErrorAction.RegisterCustomerThenContinue:
                // The remembered upsert is stale: Omie lost the customer, so the next registration sends it again.
                if (deal.CustomerDocument is { } lost) await customers.ForgetAsync(lost, ct);
                deal.ReturnToCustomerRegistration(now);
                return await RetryAsync(deal, error, now, TimeSpan.Zero, schedule.Count, $"Customer not found in Omie ({observation.Code}); registering it again, then continuing.", ct);
            case ErrorAction.PollLater:
                deal.ScheduleAt(now + _options.PollInterval);
                return $"Still processing ({observation.Code}); polling again later.";
            case ErrorAction.WaitStatedTime:
                deal.ScheduleAt(verdict.WaitUntil ?? now + _options.ThrottleDefaultWait);
                return $"Throttled by Omie ({observation.Code}); waiting until {deal.NextDueAt:O}.";
            case ErrorAction.PauseAppKey:
                // The Omie client paused every call when it read the fault (one place decides a pause); this deal
                // simply waits for the pause to end.
                var until = limiter.PausedUntil ?? verdict.WaitUntil ?? now + _options.ThrottleDefaultWait;
                deal.ScheduleAt(until);
                return $"Omie blocked the app_key ({observation.Code}); waiting until {until:O}.";
            case ErrorAction.RetryOnSchedule:
                var limit = Math.Min(verdict.MaxAttempts ?? schedule.Count, schedule.Count);
                if (deal.Attempts >= limit)
                    return await FailAsync(deal, error, deal.Attempts + 1, now, ct);
                if (cityRejection) deal.RequestRpsResend();
                return await RetryAsync(deal, error, now, schedule[deal.Attempts], limit, $"{verdict.CategoryName} ({observation.Code}); retrying.", ct);
            default:
                return await FailAsync(deal, error, deal.Attempts + 1, now, ct);
        }
    }

    private async Task<string> RetryAsync(Deal deal, DealError error, DateTimeOffset now, TimeSpan delay, int limit, string reason, CancellationToken ct)
    {
        deal.CountAttempt();
        metrics.RetryScheduled(error.Category);
        if (deal.Attempts > limit * 2 + MaxStepsPerPass)
        {
            // A self-heal that never heals (Omie keeps contradicting itself, e.g. "já cadastrado" without an id)
            // must not loop for ever: finance hears of it and can retry once the cause is fixed.
            return await FailAsync(deal, error with
            {
                CorrectiveAction = $"{error.CorrectiveAction} O Omie respondeu de forma contraditória {deal.Attempts} vezes; verifique o registro no Omie e tente de novo. / Omie contradicted itself {deal.Attempts} times; check the record in Omie and retry.",
            }, deal.Attempts, now, ct);
        }
        deal.ScheduleAt(now + delay);
        return $"{reason} Attempt {deal.Attempts}, next at {deal.NextDueAt:O}.";
    }

    private async Task<string> FailAsync(Deal deal, DealError error, int attemptsMade, DateTimeOffset now, CancellationToken ct)
    {
        deal.Fail(error, attemptsMade, now);
        // Published before the save: a crash in between repeats the event rather than losing it.
        await outcomes.FailedAsync(deal, ct);
        metrics.DealFailed(error.Category);
        return $"Failed: {error.Category} {error.Code}: {error.Message}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deal {DealId}: the customer's Omie id was not remembered ({Reason}); the next deal for this customer upserts it again")]
    private partial void LogCustomerNotRemembered(string dealId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deal {DealId} lost its lease while working; another worker owns it now")]
    private partial void LogLostLease(string dealId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deal {DealId}: Omie's tax values could not be read ({Reason}); the taxes were not compared")]
    private partial void LogTaxesNotRead(string dealId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deal {DealId}: Omie's taxes differ from the connector's on {Count} point(s); noted for finance, the deal goes on")]
    private partial void LogTaxesDiffer(string dealId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deal {DealId} at {State}: error {Code} classified by rule {RuleId} as {Category} → {Action}")]
    private partial void LogClassified(string dealId, string state, string code, string ruleId, ErrorCategory category, ErrorAction action);
}
