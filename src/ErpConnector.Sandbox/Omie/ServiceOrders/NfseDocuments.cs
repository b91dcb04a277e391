namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary>
/// The links and XML Omie returns for an issued NFS-e. The links point at the simulator itself
/// (<c>/_sandbox/nfse/…</c>) so a test can follow them and get a real page or PDF.
/// </summary>
/// <param name="CityPage">cUrlNfse: the NFS-e on the "city's site".</param>
/// <param name="StatementPdf">cUrlPdfDemo.</param>
/// <param name="RecipientPdf">cUrlPdfDest: the customer's copy.</param>
/// <param name="RpsPdf">cUrlRps.</param>
/// <param name="Xml">xml_distr: the distribution XML.</param>
public sealed record NfseDocuments(string CityPage, string StatementPdf, string RecipientPdf, string RpsPdf, string Xml)
{
    public static NfseDocuments For(string baseUrl, long number, string verificationCode, string xml) => new(
        $"{baseUrl}/_sandbox/nfse/{number}?v={verificationCode}",
        $"{baseUrl}/_sandbox/nfse/{number}/demo.pdf",
        $"{baseUrl}/_sandbox/nfse/{number}.pdf",
        $"{baseUrl}/_sandbox/nfse/{number}/rps.pdf",
        xml);
}
