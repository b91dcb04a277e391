using System.Text;
using ErpConnector.Domain.Deals;
using ErpConnector.Omie;
using ErpConnector.Persistence.Deals;
using ErpConnector.Service.Deals;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Api;

/// <summary>
/// After the NFS-e (issue 11): the archived XML, the customer's PDF and cancelling. Under <c>/api/deals</c>, so the
/// scopes are the deals' ones (reads <c>deals:read</c>, the cancellation <c>deals:write</c>).
/// </summary>
public static class DealNfseEndpoints
{
    /// <summary>The body of <c>POST /api/deals/{dealId}/cancel</c>.</summary>
    /// <param name="Reason">Why, 15–255 characters; kept in the deal's history with who asked (Omie's CancelarOS has no reason field).</param>
    public sealed record CancelRequest(string? Reason);

    public static IEndpointRouteBuilder MapDealNfseEndpoints(this IEndpointRouteBuilder app)
    {
        var deals = app.MapGroup("/api/deals");

        deals.MapGet("/{dealId}/nfse.xml", async (string dealId, IDealLedger ledger, NfseDocumentArchive archive, HttpContext http, CancellationToken ct) =>
        {
            if (await ledger.GetAsync(dealId, ct) is null) return ApiError.NotFound(http, "deal.not_found", $"No deal '{dealId}' in the ledger.");
            var xml = await archive.GetAsync(dealId, ct);
            return xml is null
                ? ApiError.NotFound(http, "nfse.xml_not_found", $"No authorised NFS-e XML is archived for deal '{dealId}' (not issued yet, or Omie gave none).")
                : ArchivedXml(http, xml.Xml);
        });

        deals.MapGet("/{dealId}/nfse.pdf", async (string dealId, IDealLedger ledger, IOptions<OmieOptions> omie, HttpContext http, CancellationToken ct) =>
        {
            var deal = await ledger.GetAsync(dealId, ct);
            if (deal is null) return ApiError.NotFound(http, "deal.not_found", $"No deal '{dealId}' in the ledger.");
            // Only an absolute http(s) link to a public host is followed: a stored value never makes this origin an open redirect.
            return NfsePdfLink.SafeTarget(deal.Nfse?.PdfUrl, omie.Value.BaseUrl) is { } pdf
                ? Results.Redirect(pdf.AbsoluteUri)
                : ApiError.NotFound(http, "nfse.pdf_not_found", $"Omie gave no PDF link for deal '{dealId}' (not issued yet, or none given).");
        });

        deals.MapPost("/{dealId}/cancel", async (string dealId, CancelRequest? body, DealCancelRequest cancel, HttpContext http, CancellationToken ct) =>
        {
            if (body is null)
                return ApiError.Problem(http, 400, ApiErrorCodes.BodyRequired, "Send {\"reason\": \"...\"} (15–255 characters) as the request body.");
            var reason = DealCancelRequest.NormaliseReason(body.Reason);
            if (!DealCancelRequest.IsAcceptableReason(reason))
                return ApiError.Problem(http, 422, "cancel.invalid",
                    $"reason is required: {DealCancelRequest.ReasonMinLength}–{DealCancelRequest.ReasonMaxLength} characters, no line breaks, saying why the NFS-e is cancelled.",
                    new { errors = new[] { new { field = "reason", code = "reason.length", length = reason.Length } } });
            var requestedBy = http.User.Identity?.Name is { Length: > 0 } name ? name : "anonymous";
            var result = await cancel.RequestAsync(dealId, reason, requestedBy, ct);
            var location = $"/api/deals/{Uri.EscapeDataString(dealId)}";
            return result.Outcome switch
            {
                DealCancelRequest.Outcome.NotFound => ApiError.NotFound(http, "deal.not_found", $"No deal '{dealId}' in the ledger."),
                DealCancelRequest.Outcome.NoNfse => ApiError.Problem(http, 409, "deal.no_nfse",
                    "This deal has no issued NFS-e to cancel.", new { state = result.Deal!.State }),
                DealCancelRequest.Outcome.Paid => ApiError.Problem(http, 409, "deal.paid",
                    "This deal's NFS-e is already paid; a paid NFS-e is not cancelled through the connector (refund and cancel it in Omie).",
                    new { state = result.Deal!.State }),
                DealCancelRequest.Outcome.AlreadyCancelled => ApiError.Problem(http, 409, "deal.already_cancelled",
                    "This deal's NFS-e is already cancelled.", new { state = result.Deal!.State }),
                DealCancelRequest.Outcome.Busy => ApiError.Problem(http, 409, "deal.busy", "A worker is handling this deal right now; try again in a moment."),
                DealCancelRequest.Outcome.Joined => Results.Accepted(location, new { dealId, status = "joined", state = DealState.CancelRequested,
                    message = "A cancellation is already under way for this deal; this request joins it." }),
                _ => Results.Accepted(location, new { dealId, status = "accepted", state = DealState.CancelRequested }),
            };
        });

        return app;
    }

    /// <summary>Control characters, Unicode line/paragraph separators and bidirectional overrides: each would let a
    /// reason forge or disguise lines in the deal's history, the console and NfseCancelled.Reason.</summary>
    /// <summary>The archived XML as a document that cannot act: it comes from Omie and the city, and XML a browser
    /// opens on this origin (the console's) could carry XHTML script, so it is sandboxed and never sniffed.</summary>
    private static IResult ArchivedXml(HttpContext http, string xml)
    {
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Text(xml, "application/xml", Encoding.UTF8);
    }
}
