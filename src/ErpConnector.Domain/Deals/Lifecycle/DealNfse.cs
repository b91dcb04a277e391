namespace ErpConnector.Domain.Deals;

/// <summary>The NFS-e the city issued for a deal.</summary>
public sealed record DealNfse(string Number, string VerificationCode, string Url, DateTimeOffset IssuedAt)
{
    /// <summary>Omie's PDF for the customer (<c>cUrlPdfDest</c>); empty when Omie gave none.</summary>
    public string PdfUrl { get; init; } = "";
    /// <summary>Omie's link to the RPS (<c>cUrlRps</c>); empty when Omie gave none.</summary>
    public string RpsUrl { get; init; } = "";
    /// <summary>Omie's PDF of the statement (<c>cUrlPdfDemo</c>); empty when Omie gave none.</summary>
    public string StatementPdfUrl { get; init; } = "";
    /// <summary>The NFS-e that replaced this one (<c>NFSe.NotaSubstituida</c>); null while it stands.</summary>
    public string? SubstituteNumber { get; init; }

    /// <summary>This NFS-e with every link of <paramref name="links"/> that is not empty (a later source may know more).</summary>
    public DealNfse WithLinks(DealNfseLinks links) => this with
    {
        Url = Or(links.NfseUrl, Url),
        PdfUrl = Or(links.PdfUrl, PdfUrl),
        RpsUrl = Or(links.RpsUrl, RpsUrl),
        StatementPdfUrl = Or(links.StatementPdfUrl, StatementPdfUrl),
    };

    private static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}

/// <summary>The links Omie gives for an NFS-e (StatusOS <c>ListaRpsNfse[]</c>, or the <c>NFSe.NotaAutorizada</c> push).</summary>
/// <param name="NfseUrl">cUrlNfse: the NFS-e on the city's site.</param>
/// <param name="PdfUrl">cUrlPdfDest: the PDF for the customer.</param>
/// <param name="RpsUrl">cUrlRps: the RPS.</param>
/// <param name="StatementPdfUrl">cUrlPdfDemo: the statement's PDF.</param>
public sealed record DealNfseLinks(string? NfseUrl, string? PdfUrl, string? RpsUrl, string? StatementPdfUrl);

/// <summary>A request to cancel a deal's NFS-e and how far it got.</summary>
/// <param name="Reason">Why (15–255 characters); kept in the connector, Omie's CancelarOS has no field for it.</param>
/// <param name="RequestedBy">Who asked (the API caller's identity).</param>
/// <param name="RequestedAt">When it was asked.</param>
/// <param name="CalledAt">When CancelarOS was (or may have been) sent; null before. Written before the call, so a
/// crash right after it never sends CancelarOS a second time for the same request.</param>
/// <param name="CancelledAt">When Omie confirmed the cancellation; null until then.</param>
public sealed record DealCancellation(string Reason, string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset? CalledAt, DateTimeOffset? CancelledAt);

/// <summary>The boleto Omie generated for the deal's receivable (<c>ObterBoleto</c>).</summary>
/// <param name="Link">cLinkBoleto.</param>
/// <param name="Barcode">cCodBarras (the digitable line).</param>
/// <param name="Number">cNumBoleto.</param>
public sealed record DealBoleto(string Link, string Barcode, string Number);

/// <summary>The settlement of the deal's receivable (<c>Financas.ContaReceber.BaixaRealizada</c>).</summary>
/// <param name="Amount">The amount settled, as Omie reports it; null when it gave none.</param>
/// <param name="PaidOn">The settlement date Omie reports; null when it gave none.</param>
/// <param name="RecordedAt">When the connector learnt of it.</param>
public sealed record DealPayment(decimal? Amount, DateOnly? PaidOn, DateTimeOffset RecordedAt);
