using System.Diagnostics.Metrics;

namespace ErpConnector.Service.Observability;

/// <summary>
/// Meter <c>ErpConnector</c>: what happened to deals and webhook deliveries. Omie calls are measured by the
/// Omie client (meter <c>ErpConnector.Omie</c>), distributor feeds by <c>ErpConnector.Distributors</c>.
/// Prometheus names: <c>erpconnector_deals_received_total</c>, <c>…_issued_total</c>, <c>…_rejected_total</c>,
/// <c>…_failed_total{category}</c>, <c>erpconnector_deal_retries_scheduled_total{category}</c>,
/// <c>erpconnector_webhook_deliveries_total{source,outcome}</c>.
/// </summary>
public sealed class ConnectorMetrics
{
    public const string MeterName = "ErpConnector";

    private readonly Counter<long> _received;
    private readonly Counter<long> _ignored;
    private readonly Counter<long> _issued;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _webhooks;

    public ConnectorMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _received = meter.CreateCounter<long>("erpconnector.deals.received", "{deal}", "deal.won messages taken in (valid or not, repeats included).");
        _issued = meter.CreateCounter<long>("erpconnector.deals.issued", "{deal}", "Deals whose NFS-e was issued.");
        _rejected = meter.CreateCounter<long>("erpconnector.deals.rejected", "{deal}", "Deals rejected by validation (DealRejected).");
        _failed = meter.CreateCounter<long>("erpconnector.deals.failed", "{deal}", "Deals failed for good (NfseFailed), by error category.");
        _retries = meter.CreateCounter<long>("erpconnector.deal.retries.scheduled", "{retry}", "Durable retries scheduled, by error category.");
        _ignored = meter.CreateCounter<long>("erpconnector.deals.events.ignored", "{event}", "deal.won events ignored because the deal already reached another state, by reason.");
        _webhooks = meter.CreateCounter<long>("erpconnector.webhook.deliveries", "{delivery}", "Webhook deliveries by source and outcome.");
        _cancelled = meter.CreateCounter<long>("erpconnector.nfse.cancelled", "{nfse}", "NFS-e whose cancellation Omie confirmed.");
        _cancelRefused = meter.CreateCounter<long>("erpconnector.nfse.cancellation.refused", "{nfse}", "Cancellations the city refused or Omie never confirmed, by category.");
        _upsertsSkipped = meter.CreateCounter<long>("erpconnector.customer.upserts.skipped", "{call}", "UpsertCliente calls saved: the customer had not changed since its last upsert.");
        _pushes = meter.CreateCounter<long>("erpconnector.omie.pushes", "{delivery}", "Omie push deliveries by topic and outcome.");
    }

    public void DealReceived() => _received.Add(1);

    /// <summary>A deal.won that conflicts with what the deal already is (e.g. invalid data for an issued deal): kept in
    /// its history, otherwise ignored.</summary>
    public void DealEventIgnored(string reason) => _ignored.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void DealIssued() => _issued.Add(1);

    public void DealRejected() => _rejected.Add(1);

    public void DealFailed(string? category) => _failed.Add(1, new KeyValuePair<string, object?>("category", category ?? "unknown"));

    public void RetryScheduled(string? category) => _retries.Add(1, new KeyValuePair<string, object?>("category", category ?? "unknown"));

    // After the NFS-e (issue 11): erpconnector_nfse_cancelled_total, erpconnector_nfse_cancellation_refused_total{category},
    // erpconnector_customer_upserts_skipped_total, erpconnector_omie_pushes_total{topic,outcome}.
    private readonly Counter<long> _cancelled;
    private readonly Counter<long> _cancelRefused;
    private readonly Counter<long> _upsertsSkipped;
    private readonly Counter<long> _pushes;

    public void NfseCancelled() => _cancelled.Add(1);

    public void NfseCancellationRefused(string category) => _cancelRefused.Add(1, new KeyValuePair<string, object?>("category", category));

    public void CustomerUpsertSkipped() => _upsertsSkipped.Add(1);

    /// <summary>An Omie push, by topic and outcome (processed, duplicate, ignored for an unknown topic, unknown-deal, refused).</summary>
    public void OmiePush(string topic, string outcome) =>
        _pushes.Add(1, new KeyValuePair<string, object?>("topic", topic), new KeyValuePair<string, object?>("outcome", outcome));

    public void WebhookDelivery(string source, string outcome) =>
        _webhooks.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("outcome", outcome));
}
