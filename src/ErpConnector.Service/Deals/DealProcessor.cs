using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Domain.Errors;
using ErpConnector.Domain.TaxIds;
using ErpConnector.Omie;
using ErpConnector.Persistence.Deals;
using ErpConnector.Service.Observability;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals;

/// <summary>
/// Advances one leased deal through its steps (customer → order → invoice → NFS-e) until it has to wait
/// or ends. Every step is idempotent through an Omie integration code derived from the deal or the document,
/// and after any ambiguous outcome the next attempt asks Omie first (query before resend).
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
    ILogger<DealProcessor> logger)
{
    // Enough for received → issued in one pass plus a self-heal; a loop beyond it waits for the sweeper.
    private const int MaxStepsPerPass = 8;
    private readonly DealProcessingOptions _options = options.Value;
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public async Task AdvanceAsync(DealRecord deal, CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["DealId"] = deal.DealId });
        var won = DealPayload.Deserialize(deal.Payload);

        for (var step = 0; step < MaxStepsPerPass; step++)
        {
            var now = clock.GetUtcNow();
            string note;
            if (limiter.IsPaused && limiter.PausedUntil is { } pausedUntil && pausedUntil > now)
            {
                // Omie blocked the app_key: touching it now would extend the block.
                deal.NextDueAt = pausedUntil;
                note = $"Omie calls paused until {pausedUntil:O}: {limiter.PauseReason}";
            }
            else
            {
                try
                {
                    var before = deal.State;
                    note = await RunStepAsync(deal, won, now, ct);
                    // Retries are budgeted per step: an order created or invoiced starts the next step afresh.
                    // Not on the way back to Received, so a self-heal that never heals still runs out.
                    if (deal.State != before && deal.State is DealState.OrderCreated or DealState.Invoiced)
                        deal.Attempts = 0;
                }
                catch (OmieFaultException fault)
                {
                    note = await HandleErrorAsync(deal, new ErrorObservation(ErrorSource.OmieFault, fault.FaultCode, fault.FaultString, fault.HttpStatus), ambiguous: false, now, ct);
                }
                catch (OmieThrottledException throttled)
                {
                    // Our own limiter's queue was full: nothing was sent, so trying later is safe.
                    deal.NextDueAt = now + _options.ThrottleDefaultWait;
                    note = $"Omie limiter queue full ({throttled.Method}); trying again at {deal.NextDueAt:O}.";
                }
                catch (OmieTransportException transport)
                {
                    var observation = transport.HttpStatus is { } status
                        ? new ErrorObservation(ErrorSource.Http, $"HTTP-{status}", transport.Message, status)
                        : new ErrorObservation(ErrorSource.Transport, "TRANSPORT", transport.Message);
                    note = await HandleErrorAsync(deal, observation, ambiguous: true, now, ct);
                }
            }

            var keepGoing = !DealState.IsTerminal(deal.State) && deal.NextDueAt is { } due && due <= clock.GetUtcNow() && step + 1 < MaxStepsPerPass;
            if (!await ledger.SaveAsync(deal, note, releaseLease: !keepGoing, clock.GetUtcNow(), ct))
            {
                LogLostLease(deal.DealId);
                return;
            }
            if (!keepGoing) return;
        }
    }

    private Task<string> RunStepAsync(DealRecord deal, DealWon won, DateTimeOffset now, CancellationToken ct) => deal.State switch
    {
        DealState.Received => RegisterCustomerAsync(deal, won, now, ct),
        DealState.CustomerRegistered => CreateOrderAsync(deal, won, now, ct),
        DealState.OrderCreated => InvoiceAsync(deal, now, ct),
        DealState.Invoiced => FollowNfseAsync(deal, won, now, ct),
        _ => throw new InvalidOperationException($"Deal {deal.DealId} in state '{deal.State}' has no step to run."),
    };

    private async Task<string> RegisterCustomerAsync(DealRecord deal, DealWon won, DateTimeOffset now, CancellationToken ct)
    {
        var document = TaxId.Parse(won.Customer!.Document).Value
            ?? throw new InvalidOperationException("A deal in the ledger has an invalid document; validation should have rejected it.");
        var code = CustomerIntegrationCode.For(document);
        // UpsertCliente is keyed by our integration code, so repeating it never creates a second customer.
        var status = await omie.UpsertCustomerAsync(OmieDealMapping.ToCustomer(won.Customer, document, code), ct);
        deal.CustomerDocument = document.Normalized;
        deal.CustomerCode = code;
        deal.OmieCustomerId = status.OmieId;
        deal.Uncertain = false;
        deal.MoveTo(DealState.CustomerRegistered, now);
        deal.NextDueAt = now;
        return $"Customer registered in Omie (id {status.OmieId}, integration code {code}).";
    }

    private async Task<string> CreateOrderAsync(DealRecord deal, DealWon won, DateTimeOffset now, CancellationToken ct)
    {
        var code = deal.OrderCode ??= OrderIntegrationCode.For(deal.DealId);
        if (deal.Uncertain && await omie.FindServiceOrderAsync(code, ct) is { } existing)
        {
            RecordOrder(deal, existing, now);
            return $"Service order {existing.OmieOrderId} already existed in Omie after an uncertain attempt; continuing.";
        }
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone).DateTime);
        var created = await omie.CreateServiceOrderAsync(
            OmieDealMapping.ToServiceOrder(won, code, deal.OmieCustomerId, deal.CustomerCode!, today), ct);
        RecordOrder(deal, created, now);
        return $"Service order created in Omie (nCodOS {created.OmieOrderId}, cCodIntOS {code}).";
    }

    private static void RecordOrder(DealRecord deal, OmieOrderStatus order, DateTimeOffset now)
    {
        deal.OmieOrderId = order.OmieOrderId;
        deal.OrderNumber = order.OrderNumber;
        deal.Uncertain = false;
        deal.MoveTo(DealState.OrderCreated, now);
        deal.NextDueAt = now;
    }

    private async Task<string> InvoiceAsync(DealRecord deal, DateTimeOffset now, CancellationToken ct)
    {
        var code = deal.OrderCode!;
        if (deal.Uncertain && (await omie.GetInvoiceStatusAsync(code, ct)).Invoiced)
        {
            MarkInvoiced(deal, now);
            return "The order was already invoiced in Omie after an uncertain attempt; following the NFS-e.";
        }
        await omie.InvoiceServiceOrderAsync(code, ct);
        MarkInvoiced(deal, now);
        return "Order invoiced (FaturarOS); the city is processing the RPS.";
    }

    private void MarkInvoiced(DealRecord deal, DateTimeOffset now)
    {
        deal.Uncertain = false;
        deal.MoveTo(DealState.Invoiced, now);
        deal.NextDueAt = now + _options.FirstPollDelay;
    }

    private async Task<string> FollowNfseAsync(DealRecord deal, DealWon won, DateTimeOffset now, CancellationToken ct)
    {
        var status = await omie.GetInvoiceStatusAsync(deal.OrderCode!, ct);
        deal.Uncertain = false;
        var rps = status.Rps.Count > 0 ? status.Rps[^1] : null;
        if (!status.Invoiced && rps is null)
        {
            // Omie has no invoice for the order (e.g. it was reverted): invoice again.
            deal.MoveTo(DealState.OrderCreated, now);
            deal.NextDueAt = now;
            return "Omie shows the order as not invoiced; invoicing again.";
        }

        switch (rps?.Status)
        {
            case "004":
                await outcomes.IssuedAsync(deal, won, rps, now, ct);
                deal.ResendPending = false;
                deal.ClearError();
                deal.MoveTo(DealState.Issued, now);
                deal.IssuedAt = now;
                metrics.DealIssued();
                deal.NfseNumber = rps.NfseNumber;
                deal.NfseVerificationCode = rps.VerificationCode;
                deal.NfseUrl = rps.NfseUrl;
                deal.NextDueAt = null;
                return $"NFS-e {rps.NfseNumber} issued.";
            case "003" when deal.ResendPending:
                await omie.ResendInvoiceAsync(deal.OrderCode!, ct);
                deal.ResendPending = false;
                deal.NextDueAt = now + _options.FirstPollDelay;
                return $"RPS resent to the city (attempt {deal.Attempts + 1}).";
            case "003":
                var message = rps.Messages.FirstOrDefault(m => m.Situation == "ERRO") ?? rps.Messages.FirstOrDefault()
                    ?? new OmieCityMessage("", "RPS processado com erro, sem mensagem da prefeitura.", "", "ERRO");
                return await HandleErrorAsync(deal, new ErrorObservation(ErrorSource.CityMessage, message.Code, message.Description), ambiguous: false, now, ct, cityRejection: true);
            case "005":
                return await FailAsync(deal, "cancelled", rps.Status, "A NFS-e foi cancelada no Omie.",
                    "Verifique no Omie quem cancelou a nota e reenvie o negócio se for o caso. / Check in Omie who cancelled the NFS-e and resend the deal if needed.", now, ct);
            default:
                // 001 awaiting send, 002 processing, or invoiced with no RPS yet: the city is still working.
                deal.NextDueAt = now + _options.PollInterval;
                return $"NFS-e still processing (RPS {rps?.Status ?? "none yet"}).";
        }
    }

    private async Task<string> HandleErrorAsync(DealRecord deal, ErrorObservation observation, bool ambiguous, DateTimeOffset now, CancellationToken ct, bool cityRejection = false)
    {
        var verdict = classifier.Classify(observation, now);
        if (ambiguous) deal.Uncertain = true;
        deal.ErrorCategory = verdict.CategoryName;
        deal.ErrorCode = observation.Code;
        deal.ErrorMessage = observation.Message;
        deal.CorrectiveAction = verdict.CorrectiveAction;
        LogClassified(deal.DealId, deal.State, observation.Code, verdict.RuleId, verdict.Category, verdict.Action);
        var schedule = _options.EffectiveRetrySchedule;

        switch (verdict.Action)
        {
            case ErrorAction.Succeed:
                // Omie says the step was already done: look it up on the next pass and carry on.
                deal.Uncertain = true;
                return Retry(deal, now, TimeSpan.Zero, schedule.Count, $"Omie reports this step as already done ({verdict.RuleId}); looking it up.");
            case ErrorAction.RegisterCustomerThenContinue:
                deal.MoveTo(DealState.Received, now);
                return Retry(deal, now, TimeSpan.Zero, schedule.Count, $"Customer not found in Omie ({observation.Code}); registering it again, then continuing.");
            case ErrorAction.PollLater:
                deal.NextDueAt = now + _options.PollInterval;
                return $"Still processing ({observation.Code}); polling again later.";
            case ErrorAction.WaitStatedTime:
                deal.NextDueAt = verdict.WaitUntil ?? now + _options.ThrottleDefaultWait;
                return $"Throttled by Omie ({observation.Code}); waiting until {deal.NextDueAt:O}.";
            case ErrorAction.PauseAppKey:
                var until = verdict.WaitUntil ?? now + TimeSpan.FromMinutes(30);
                limiter.PauseUntil(until, $"{observation.Code}: {observation.Message}");
                deal.NextDueAt = until;
                return $"Omie blocked the app_key ({observation.Code}); every call paused until {until:O}.";
            case ErrorAction.RetryOnSchedule:
                var limit = Math.Min(verdict.MaxAttempts ?? schedule.Count, schedule.Count);
                if (deal.Attempts >= limit)
                    return await FailAsync(deal, verdict.CategoryName, observation.Code, observation.Message, verdict.CorrectiveAction, now, ct, attemptsMade: deal.Attempts + 1);
                if (cityRejection) deal.ResendPending = true;
                return Retry(deal, now, schedule[deal.Attempts], limit, $"{verdict.CategoryName} ({observation.Code}); retrying.");
            default:
                return await FailAsync(deal, verdict.CategoryName, observation.Code, observation.Message, verdict.CorrectiveAction, now, ct);
        }
    }

    private string Retry(DealRecord deal, DateTimeOffset now, TimeSpan delay, int limit, string reason)
    {
        deal.Attempts++;
        metrics.RetryScheduled(deal.ErrorCategory);
        if (deal.Attempts > limit * 2 + MaxStepsPerPass)
        {
            // A self-heal that never heals (Omie keeps contradicting itself) must not spin forever.
            deal.NextDueAt = now + _options.EffectiveRetrySchedule[^1];
            return reason + " Too many attempts: backing off to the longest delay.";
        }
        deal.NextDueAt = now + delay;
        return $"{reason} Attempt {deal.Attempts}, next at {deal.NextDueAt:O}.";
    }

    private async Task<string> FailAsync(DealRecord deal, string category, string code, string message, string correctiveAction, DateTimeOffset now, CancellationToken ct, int? attemptsMade = null)
    {
        deal.Attempts = attemptsMade ?? deal.Attempts + 1;
        deal.ErrorCategory = category;
        deal.ErrorCode = code;
        deal.ErrorMessage = message;
        deal.CorrectiveAction = correctiveAction;
        deal.FailedStep = deal.State;
        await outcomes.FailedAsync(deal, ct);
        metrics.DealFailed(category);
        deal.MoveTo(DealState.Failed, now);
        deal.NextDueAt = null;
        return $"Failed: {category} {code}: {message}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deal {DealId} lost its lease while working; another worker owns it now")]
    private partial void LogLostLease(string dealId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deal {DealId} at {State}: error {Code} classified by rule {RuleId} as {Category} → {Action}")]
    private partial void LogClassified(string dealId, string state, string code, string ruleId, ErrorCategory category, ErrorAction action);
}
