using System.Globalization;
using System.Net;
using ErpConnector.Sandbox.Omie;
using ErpConnector.Sandbox.Omie.ServiceOrders;

namespace ErpConnector.Sandbox.Documents;

/// <summary>
/// The documents behind the links the simulated Omie hands out: the NFS-e on the "city's site" (HTML), its PDFs and
/// XML, the service receipt and the boleto. Not Omie's API: the real links point at Omie's and the cities' servers.
/// </summary>
public static class DocumentEndpoints
{
    public static void MapDocuments(this IEndpointRouteBuilder app)
    {
        // The city's page; like a city portal, it wants the verification code that came with the number.
        app.MapGet("/_sandbox/nfse/{number:long}", (long number, string? v, OmieAccount account, TimeProvider clock) =>
            account.Transact(clock.GetUtcNow(), () =>
            {
                if (account.Nfse(number) is not { } hit || WrongCode(hit.Rps, number, v)) return Results.NotFound();
                var (order, rps) = hit;
                var situation = Situation(rps, number);
                var html = $"""
                    <!DOCTYPE html>
                    <html lang="pt-BR"><head><meta charset="utf-8"><title>NFS-e {number}</title></head>
                    <body><h1>Nota Fiscal de Serviços Eletrônica nº {number}</h1>
                    <p>Código de verificação: {WebUtility.HtmlEncode(rps.VerificationCode)}</p>
                    <p>Ordem de serviço: {WebUtility.HtmlEncode(order.Number)}</p>
                    <p>Valor dos serviços: R$ {order.Total.ToString("0.00", CultureInfo.InvariantCulture)}</p>
                    <p>Situação: {situation}</p></body></html>
                    """;
                return Results.Content(html, "text/html; charset=utf-8");
            }));

        app.MapGet("/_sandbox/nfse/{number:long}.pdf", (long number, OmieAccount account, TimeProvider clock) =>
            NfsePdf(number, account, clock, "DANFSe - documento auxiliar da NFS-e"));
        app.MapGet("/_sandbox/nfse/{number:long}/demo.pdf", (long number, OmieAccount account, TimeProvider clock) =>
            NfsePdf(number, account, clock, "Demonstrativo da NFS-e"));
        app.MapGet("/_sandbox/nfse/{number:long}/rps.pdf", (long number, OmieAccount account, TimeProvider clock) =>
            NfsePdf(number, account, clock, "Recibo provisório de serviços (RPS)"));

        app.MapGet("/_sandbox/nfse/{number:long}.xml", (long number, OmieAccount account, TimeProvider clock) =>
            account.Transact(clock.GetUtcNow(), () => account.Nfse(number) is { Rps.Documents: { } documents }
                ? Results.Content(documents.Xml, "application/xml; charset=utf-8")
                : Results.NotFound()));

        app.MapGet("/_sandbox/os/{id:long}/recibo.pdf", (long id, OmieAccount account, TimeProvider clock) =>
            account.Transact(clock.GetUtcNow(), () => account.OrderById(id) is { Invoiced: true } order
                ? Pdf("Recibo de prestação de serviços", $"Ordem de serviço {order.Number}", $"Valor: R$ {order.Total.ToString("0.00", CultureInfo.InvariantCulture)}")
                : Results.NotFound()));

        app.MapGet("/_sandbox/boletos/{id:long}.pdf", (long id, OmieAccount account, TimeProvider clock) =>
            account.Transact(clock.GetUtcNow(), () => account.ReceivableById(id) is { Boleto: { } boleto } receivable
                ? Pdf("Boleto bancário", $"Número: {boleto.Number}", $"Linha digitável: {boleto.DigitableLine}",
                    $"Vencimento: {receivable.DueDate.ToString(OmieDate.Format, CultureInfo.InvariantCulture)}",
                    $"Valor: R$ {receivable.Amount.ToString("0.00", CultureInfo.InvariantCulture)}")
                : Results.NotFound()));
    }

    private static IResult NfsePdf(long number, OmieAccount account, TimeProvider clock, string title) =>
        account.Transact(clock.GetUtcNow(), () => account.Nfse(number) is { } hit
            ? Pdf(title, $"NFS-e nº {number}", $"Código de verificação: {hit.Rps.VerificationCode}",
                $"Valor dos serviços: R$ {hit.Order.Total.ToString("0.00", CultureInfo.InvariantCulture)}", $"Situação: {Situation(hit.Rps, number)}")
            : Results.NotFound());

    private static IResult Pdf(params string[] lines) => Results.File(PdfFile.WithText(lines), "application/pdf");

    private static string Situation(Rps rps, long number) =>
        rps.NfseNumber != number ? "Substituída" : rps.Status == Rps.Cancelled ? "Cancelada" : "Normal";

    // A substituted note stays reachable under its old number; its old code is not kept, so only a current number's
    // code is checked.
    private static bool WrongCode(Rps rps, long number, string? v) => v is not null && rps.NfseNumber == number && v != rps.VerificationCode;
}
