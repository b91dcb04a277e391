using System.Text.Json;
using ErpConnector.Domain.Deals;
using ErpConnector.Omie;
using ErpConnector.Persistence.Deals;
using ErpConnector.Persistence.Omie;
using ErpConnector.Service.Deals;
using ErpConnector.Service.Observability;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Webhooks.Omie;

/// <summary>
/// Applies one recorded Omie push to its deal, through the deal's own transitions, while holding the deal's lease
/// (so a push and a poll never change one deal at once). A push that issues a deal ends its polling: no StatusOS is
/// made for it afterwards. Idempotent: a delivery is applied once (its status is checked again under the lease), and
/// every transition it drives ignores a repeat (already cancelled, already paid). A push for an order no deal has is
/// recorded as unknown-deal, not an error.
/// </summary>
public sealed partial class OmiePushProcessor(
    OmiePushDeliveries deliveries,
    IDealLedger ledger,
    NfseDocumentArchive archive,
    DealOutcomes outcomes,
    IOmieClient omie,
    WorkerIdentity worker,
    IOptions<DealProcessingOptions> processing,
    IOptions<OmieWebhookOptions> options,
    ConnectorMetrics metrics,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<OmiePushProcessor> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>What became of one attempt.</summary>
    public enum Outcome { Applied, AlreadyDone, UnknownDeal, Busy, Later, Abandoned }

    /// <summary>Applies the delivery after the HTTP answer; if this fails or the process dies, the sweeper retries it.</summary>
    public void Start(string messageId) => _ = Task.Run(async () =>
    {
        try
        {
            await ProcessAsync(messageId, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFailed(ex, messageId);
        }
    });

    public async Task<Outcome> ProcessAsync(string messageId, CancellationToken ct)
    {
        var delivery = await deliveries.GetAsync(messageId, ct);
        if (delivery is null || delivery.Status != OmiePushDeliveries.Received) return Outcome.AlreadyDone;
        var now = clock.GetUtcNow();
        var envelope = JsonSerializer.Deserialize<OmiePushEnvelope>(delivery.Body, Json)!;
        var dealId = delivery.OmieOrderId is { } orderId ? await deliveries.FindDealIdAsync(orderId, ct) : null;
        if (dealId is null)
        {
            await deliveries.CloseAsync(messageId, OmiePushDeliveries.UnknownDeal, null, now, ct);
            metrics.OmiePush(delivery.Topic, "unknown-deal");
            LogUnknownDeal(messageId, delivery.Topic, delivery.OmieOrderId);
            return Outcome.UnknownDeal;
        }

        var deal = await ledger.TryClaimAsync(dealId, worker.Name, now, processing.Value.Lease, ct);
        // A worker holds the deal: the sweeper tries again shortly. Not an attempt: a deal held for long (Omie slower
        // than every timeout) must not make its pushes look unappliable and be abandoned.
        if (deal is null) return Outcome.Busy;

        await deliveries.CountAttemptAsync(messageId, ct);
        if (delivery.Attempts + 1 >= options.Value.MaxAttempts)
        {
            await ledger.SaveAsync(deal, null, releaseLease: true, now, ct);
            await deliveries.CloseAsync(messageId, OmiePushDeliveries.Abandoned, dealId, now, ct);
            LogAbandoned(messageId, dealId, delivery.Attempts + 1);
            return Outcome.Abandoned;
        }

        // Checked again under the lease: another instance may have applied it between the read and the claim.
        if ((await deliveries.GetAsync(messageId, ct))?.Status != OmiePushDeliveries.Received)
        {
            await ledger.SaveAsync(deal, null, releaseLease: true, now, ct);
            return Outcome.AlreadyDone;
        }
        var (outcome, note) = await ApplyAsync(deal, delivery.Topic, envelope, now, ct);
        if (!await ledger.SaveAsync(deal, note is null ? null : $"Omie push {delivery.Topic} ({messageId}): {note}", releaseLease: true, now, ct))
            return Outcome.Busy;
        if (outcome == Outcome.Later) return Outcome.Later;
        await deliveries.CloseAsync(messageId, OmiePushDeliveries.Processed, dealId, clock.GetUtcNow(), ct);
        metrics.OmiePush(delivery.Topic, "processed");
        return outcome;
    }

    private async Task<(Outcome, string?)> ApplyAsync(Deal deal, string topic, OmiePushEnvelope e, DateTimeOffset now, CancellationToken ct)
    {
        switch (topic)
        {
            case OmiePushTopics.NotaAutorizada:
                return await AuthorisedAsync(deal, e, now, ct);
            case OmiePushTopics.NotaCancelada:
                if (deal.State == DealState.Cancelled) return (Outcome.AlreadyDone, null);
                if (!(DealState.HasNfse(deal.State) || deal.State is DealState.Invoiced or DealState.AwaitingCity))
                    return (Outcome.AlreadyDone, $"ignored: the deal is {deal.State}.");
                deal.ConfirmCancellation(now);
                await outcomes.CancelledAsync(deal, ct);
                metrics.NfseCancelled();
                return (Outcome.Applied, $"NFS-e {e.Text("numero_nfse")} cancelled (data_canc {e.Text("data_canc")}).");
            case OmiePushTopics.NotaSubstituida:
                var substitute = e.Text("numero_nfse_substituta");
                if (deal.Nfse is null) return await LaterAsync(deal, now, "the NFS-e is not known yet");
                if (substitute.Length == 0 || deal.Nfse.SubstituteNumber == substitute) return (Outcome.AlreadyDone, null);
                deal.RecordSubstitute(substitute);
                await outcomes.SubstitutedAsync(deal, substitute, ct);
                return (Outcome.Applied, $"NFS-e {deal.Nfse.Number} replaced by {substitute}.");
            case OmiePushTopics.BoletoGerado:
                return await BoletoAsync(deal, e, ct);
            case OmiePushTopics.BaixaRealizada:
                if (deal.State == DealState.Paid) return (Outcome.AlreadyDone, null);
                if (deal.State is DealState.Invoiced or DealState.AwaitingCity) return await LaterAsync(deal, now, "the NFS-e is not seen issued yet");
                if (deal.State != DealState.Issued) return (Outcome.AlreadyDone, $"payment noted only: the deal is {deal.State}.");
                deal.MarkPaid(e.Amount("valor"), e.Date("data_baixa"), now);
                await outcomes.PaidAsync(deal, e.Long("codigo_lancamento") ?? 0, ct);
                return (Outcome.Applied, $"receivable {e.Text("codigo_lancamento")} settled ({e.Text("valor")} on {e.Text("data_baixa")}).");
            default:
                // OrdemServico.Faturada / .Cancelada: the connector's own steps; kept in the history only.
                return (Outcome.AlreadyDone, $"noted (order {e.Text("numero_os")}).");
        }
    }

    private async Task<(Outcome, string?)> AuthorisedAsync(Deal deal, OmiePushEnvelope e, DateTimeOffset now, CancellationToken ct)
    {
        var number = e.Text("numero_nfse");
        var xml = e.Text("nfse_xml");
        var links = new DealNfseLinks(e.Text("url_nfse"), e.Text("url_pdf_dest"), e.Text("url_rps"), null);
        if (xml.Length > 0 && number.Length > 0) await archive.StoreAsync(deal.DealId, number, xml, NfseDocumentArchive.FromPush, now, ct);
        if (deal.State is DealState.Invoiced or DealState.AwaitingCity)
        {
            if (number.Length == 0)
            {
                // numero_nfse is UNCONFIRMED in Omie's push: without it, StatusOS is asked at once instead.
                deal.ScheduleAt(now);
                return (Outcome.Applied, "authorised, but the push carries no NFS-e number; asking StatusOS now.");
            }
            var nfse = new DealNfse(number, e.Text("codigo_verificacao"), "", now).WithLinks(links);
            await outcomes.IssuedAsync(deal, DealPayload.Deserialize(deal.Payload), nfse, ct, xmlArchived: xml.Length > 0);
            deal.Issue(nfse, now);
            metrics.DealIssued();
            return (Outcome.Applied, $"NFS-e {number} issued; no StatusOS needed." + (xml.Length > 0 ? " XML archived." : ""));
        }
        if (deal.Nfse is not null)
        {
            deal.RecordDocuments(links);
            return (Outcome.AlreadyDone, "NFS-e already known; links kept.");
        }
        return (Outcome.AlreadyDone, $"ignored: the deal is {deal.State}.");
    }

    private async Task<(Outcome, string?)> BoletoAsync(Deal deal, OmiePushEnvelope e, CancellationToken ct)
    {
        if (!(DealState.HasNfse(deal.State) || deal.State is DealState.Invoiced or DealState.AwaitingCity))
            return (Outcome.AlreadyDone, $"ignored: the deal is {deal.State}.");
        var boleto = new OmieBoleto(e.Text("link_boleto"), e.Text("codigo_barras"), e.Text("numero_boleto"));
        if (boleto.Link.Length == 0 && boleto.Barcode.Length == 0 && e.Long("codigo_lancamento") is { } receivable)
            boleto = await omie.GetBoletoAsync(receivable, ct) ?? boleto; // the push did not carry it: ObterBoleto
        if (boleto.Link.Length == 0 && boleto.Barcode.Length == 0) return (Outcome.AlreadyDone, "boleto generated, but Omie gave no link or barcode.");
        deal.RecordBoleto(boleto.Link, boleto.Barcode, boleto.Number);
        return (Outcome.Applied, $"boleto {boleto.Number} recorded.");
    }

    /// <summary>The push is ahead of what the deal knows (e.g. paid before the authorisation was seen): left to be
    /// applied later, and the deal is polled at once so it catches up.</summary>
    private static Task<(Outcome, string?)> LaterAsync(Deal deal, DateTimeOffset now, string why)
    {
        if (DealState.IsInProgress(deal.State)) deal.ScheduleAt(now);
        return Task.FromResult<(Outcome, string?)>((Outcome.Later, null));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying Omie push {MessageId} failed unexpectedly; the sweeper tries again")]
    private partial void LogFailed(Exception ex, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Omie push {MessageId} ({Topic}) for order {OmieOrderId}: no deal of the connector has it; recorded")]
    private partial void LogUnknownDeal(string messageId, string topic, long? omieOrderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Omie push {MessageId} for deal {DealId} set aside after {Attempts} attempts")]
    private partial void LogAbandoned(string messageId, string dealId, int attempts);
}
