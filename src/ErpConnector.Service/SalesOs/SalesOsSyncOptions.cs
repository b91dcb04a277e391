using ErpConnector.SalesOs;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.SalesOs;

/// <summary>Bound from "SalesOS:WriteBack": the invoice shown on the SalesOS deal.</summary>
public sealed class SalesOsWriteBackOptions
{
    public const string SectionName = "SalesOS:WriteBack";

    /// <summary>Off unless set: no outbox rows are enlisted and nothing is written to SalesOS.</summary>
    public bool Enabled { get; set; }

    /// <summary>How often the outbox is swept for due write-backs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rows claimed per sweep round.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a claimed row is this worker's. Longer than one call can take (SalesOS:Timeout, a token
    /// request and an inline Retry-After), so a slow write is never repeated beside itself out of order.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest one write can take: three tries within SalesOS:Timeout and one inline Retry-After wait.</summary>
    public static TimeSpan LongestCall(SalesOsOptions client) => client.Timeout * 3 + client.MaxInlineRetryAfter;

    /// <summary>Waits after failed attempts (5xx, timeouts, refusals); the last one repeats. A 429 waits its Retry-After.</summary>
    public TimeSpan[] RetrySchedule { get; set; } = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)];

    /// <summary>The SalesOS custom-field names written (UNCONFIRMED: SalesOS's own Omie integration's names are not
    /// published; create these fields on the deal, or name yours here). An empty name is not written.</summary>
    public SalesOsFieldNames Fields { get; set; } = new();
}

public sealed class SalesOsFieldNames
{
    public string NfseNumber { get; set; } = "nfse_number";
    public string VerificationCode { get; set; } = "nfse_verification_code";
    public string PdfUrl { get; set; } = "nfse_pdf_url";
    public string InvoiceStatus { get; set; } = "invoice_status";
    public string FailureReason { get; set; } = "invoice_failure_reason";
    public string CorrectiveAction { get; set; } = "invoice_corrective_action";
    public string OmieOrderNumber { get; set; } = "omie_order_number";

    /// <summary>Marks the connector's own writes (<c>{dealId}:{seq}</c>), so a <c>deal.updated</c> SalesOS echoes back is
    /// recognised and ignored instead of looping.</summary>
    public string SyncMarker { get; set; } = "erp_connector_sync";
}

/// <summary>Bound from "SalesOS:CatchUp": won deals the webhook never delivered.</summary>
public sealed class SalesOsCatchUpOptions
{
    public const string SectionName = "SalesOS:CatchUp";

    /// <summary>Runs when the SalesOS API client is configured (SalesOS:ClientId) and this is true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often SalesOS is asked for won deals changed since the cursor.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Deals per page asked for (larger pages: fewer requests against the plan's limit).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Where the first run starts (no cursor yet): this long before now.</summary>
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Each run lists from this long before its cursor: a deal stamped slightly out of order (clock skew,
    /// same timestamp across a page boundary) is seen again, and a deal the ledger knows is skipped.</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A deal the catch-up records that changed less than this ago may just not have been delivered yet: it
    /// is recorded, but only older ones count towards the "webhook may be deactivated" warning.</summary>
    public TimeSpan WebhookGrace { get; set; } = TimeSpan.FromMinutes(2);
}

public sealed class SalesOsSyncOptionsValidation(IOptions<SalesOsOptions> client) : IValidateOptions<SalesOsWriteBackOptions>, IValidateOptions<SalesOsCatchUpOptions>
{
    public ValidateOptionsResult Validate(string? name, SalesOsWriteBackOptions o)
    {
        var s = SalesOsWriteBackOptions.SectionName;
        var errors = new List<string>();
        if (o.Enabled && !client.Value.IsConfigured) errors.Add($"{s}:Enabled needs the SalesOS API client: set SalesOS:ClientId and SalesOS:ClientSecret.");
        if (o.SweepInterval < TimeSpan.FromMilliseconds(100) || o.SweepInterval > TimeSpan.FromHours(1)) errors.Add($"{s}:SweepInterval must be between 00:00:00.1 and 01:00:00.");
        if (o.BatchSize is < 1 or > 1000) errors.Add($"{s}:BatchSize must be between 1 and 1000.");
        var longestCall = SalesOsWriteBackOptions.LongestCall(client.Value);
        if (o.Lease < longestCall) errors.Add($"{s}:Lease must be at least {longestCall} (3 × SalesOS:Timeout + SalesOS:MaxInlineRetryAfter), or a slow write could be repeated out of order.");
        if (o.RetrySchedule.Length == 0 || o.RetrySchedule.Any(t => t <= TimeSpan.Zero || t > TimeSpan.FromDays(1))) errors.Add($"{s}:RetrySchedule needs at least one wait, each between 00:00:00.001 and 1.00:00:00.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, SalesOsCatchUpOptions o)
    {
        var s = SalesOsCatchUpOptions.SectionName;
        var errors = new List<string>();
        if (o.Interval < TimeSpan.FromMilliseconds(100) || o.Interval > TimeSpan.FromDays(1)) errors.Add($"{s}:Interval must be between 00:00:00.1 and 1.00:00:00.");
        if (o.PageSize is < 1 or > 1000) errors.Add($"{s}:PageSize must be between 1 and 1000.");
        if (o.InitialLookback < TimeSpan.Zero || o.InitialLookback > TimeSpan.FromDays(90)) errors.Add($"{s}:InitialLookback must be between 00:00:00 and 90.00:00:00.");
        if (o.Overlap < TimeSpan.Zero || o.Overlap > TimeSpan.FromDays(1)) errors.Add($"{s}:Overlap must be between 00:00:00 and 1.00:00:00.");
        if (o.WebhookGrace < TimeSpan.Zero || o.WebhookGrace > TimeSpan.FromDays(1)) errors.Add($"{s}:WebhookGrace must be between 00:00:00 and 1.00:00:00.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
