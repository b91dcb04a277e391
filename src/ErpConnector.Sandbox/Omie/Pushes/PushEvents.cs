using System.Globalization;
using System.Text.Json.Nodes;
using ErpConnector.Sandbox.Omie.Receivables;
using ErpConnector.Sandbox.Omie.ServiceOrders;

namespace ErpConnector.Sandbox.Omie.Pushes;

/// <summary>The <c>event</c> of each push (field names UNCONFIRMED, see <see cref="PushTopics"/>).</summary>
public static class PushEvents
{
    public static JsonObject Order(ServiceOrder order) => new()
    {
        ["codigo_os"] = order.Id,
        ["numero_os"] = order.Number,
    };

    public static JsonObject Authorised(ServiceOrder order, Rps rps) => new()
    {
        ["codigo_os"] = order.Id,
        ["numero_os"] = order.Number,
        ["numero_rps"] = rps.Number.ToString(CultureInfo.InvariantCulture),
        ["id_nf"] = rps.InvoiceId,
        ["data_emis"] = OmieDate.Write(rps.IssuedAt!.Value),
        ["nfse_xml"] = rps.Documents!.Xml,
        ["numero_nfse"] = Number(rps.NfseNumber!.Value),
        ["codigo_verificacao"] = rps.VerificationCode,
        ["url_nfse"] = rps.Documents.CityPage,
        ["url_pdf_dest"] = rps.Documents.RecipientPdf,
        ["url_rps"] = rps.Documents.RpsPdf,
    };

    public static JsonObject Cancelled(ServiceOrder order, Rps rps) => new()
    {
        ["codigo_os"] = order.Id,
        ["numero_nfse"] = Number(rps.NfseNumber!.Value),
        ["data_canc"] = OmieDate.Write(rps.CancelledAt!.Value),
    };

    public static JsonObject Substituted(ServiceOrder order, long replaced, long substitute) => new()
    {
        ["codigo_os"] = order.Id,
        ["numero_nfse"] = Number(replaced),
        ["numero_nfse_substituta"] = Number(substitute),
    };

    public static JsonObject BoletoGenerated(Receivable receivable) => new()
    {
        ["codigo_lancamento"] = receivable.Id,
        ["codigo_os"] = receivable.OrderId,
        ["link_boleto"] = receivable.Boleto!.Link,
        ["codigo_barras"] = receivable.Boleto.DigitableLine,
        ["numero_boleto"] = receivable.Boleto.Number,
    };

    public static JsonObject Paid(Receivable receivable) => new()
    {
        ["codigo_lancamento"] = receivable.Id,
        ["codigo_os"] = receivable.OrderId,
        ["valor"] = receivable.Amount,
        ["data_baixa"] = OmieDate.Write(receivable.PaidAt!.Value),
    };

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
