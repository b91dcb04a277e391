using System.Text;
using ErpConnector.Persistence.Deals;
using ErpConnector.Service.Security;

namespace ErpConnector.Service.Console.Actions;

/// <summary>
/// The archived NFS-e XML under the console's cookie session (the API twin, <c>/api/deals/{id}/nfse.xml</c>, needs the
/// X-Api-Key header a browser link cannot send). Same scope as the API's read (deals:read), same archive.
/// </summary>
public static class ConsoleDocumentEndpoints
{
    public static IEndpointRouteBuilder MapConsoleDocuments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console/deals/{dealId}/nfse.xml", async (string dealId, NfseDocumentArchive archive, HttpContext http, CancellationToken ct) =>
        {
            var xml = await archive.GetAsync(dealId, ct);
            if (xml is null) return Results.NotFound();
            // A download, never rendered in the console's origin: XML from a third party could carry XHTML and script.
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.ContentSecurityPolicy = "sandbox";
            return Results.File(Encoding.UTF8.GetBytes(xml.Xml), "application/xml", $"nfse-{FileSafe(xml.NfseNumber)}-{FileSafe(dealId)}.xml");
        }).RequireAuthorization(ConsoleAccess.Policy(ApiScopes.DealsRead)).ExcludeFromDescription();
        return app;
    }

    private static string FileSafe(string text) =>
        new(text.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(60).ToArray());
}
