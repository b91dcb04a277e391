namespace ErpConnector.Omie;

/// <summary>What the connector sends as clientes_cadastro. Documents travel normalised (digits/letters only).</summary>
public sealed record OmieCustomer
{
    public required string IntegrationCode { get; init; }
    public required string LegalName { get; init; }
    public required string TradeName { get; init; }
    public required string Document { get; init; }
    public string Email { get; init; } = "";
    public string PhoneAreaCode { get; init; } = "";
    public string PhoneNumber { get; init; } = "";
    public string Street { get; init; } = "";
    public string Number { get; init; } = "";
    public string Complement { get; init; } = "";
    public string District { get; init; } = "";
    public string City { get; init; } = "";
    public string State { get; init; } = "";
    public string PostalCode { get; init; } = "";
}

public sealed record OmieCustomerStatus(long OmieId, string IntegrationCode, string Description);

public sealed record OmieServiceOrder
{
    /// <summary>cCodIntOS: derived from the deal, so a second attempt can never create a second order.</summary>
    public required string IntegrationCode { get; init; }
    public long? CustomerOmieId { get; init; }
    public string? CustomerIntegrationCode { get; init; }
    public required DateOnly ExpectedDate { get; init; }
    public required IReadOnlyList<OmieServiceLine> Services { get; init; }
    public string AdditionalInfo { get; init; } = "";
    /// <summary>cCidPrestServ: city where the service was rendered, in Omie's format (optional; omitted when empty).</summary>
    public string? ServiceCity { get; init; }
    /// <summary>cCodCateg: Omie revenue category (optional; omitted when empty).</summary>
    public string? CategoryCode { get; init; }
    /// <summary>nCodCC: Omie bank account id for the receivable (optional; omitted when null).</summary>
    public long? BankAccountId { get; init; }
    /// <summary>The Email block: what Omie e-mails the customer; null → no block (Omie's defaults).</summary>
    public OmieOrderEmail? Email { get; init; }
}

/// <summary>IncluirOS's <c>Email</c> block (omie-after-issuance.md). Boleto and PIX are never both sent.</summary>
/// <param name="SendTo">cEnviarPara: the addresses.</param>
/// <param name="SendNfseLink">cEnvLink: the link to the NFS-e on the city's site.</param>
/// <param name="Charge">What charge goes with it: none, boleto (cEnvBoleto) or PIX (cEnvPix).</param>
public sealed record OmieOrderEmail(string SendTo, bool SendNfseLink, OmieCharge Charge);

/// <summary>Which charge IncluirOS's Email block sends: Omie takes only one of boleto and PIX.</summary>
public enum OmieCharge
{
    /// <summary>Neither.</summary>
    None,
    /// <summary>cEnvBoleto "S".</summary>
    Boleto,
    /// <summary>cEnvPix "S".</summary>
    Pix,
}

/// <summary>ObterBoleto's answer.</summary>
/// <param name="Link">cLinkBoleto.</param>
/// <param name="Barcode">cCodBarras (digitable line).</param>
/// <param name="Number">cNumBoleto.</param>
public sealed record OmieBoleto(string Link, string Barcode, string Number);

public sealed record OmieServiceLine(string MunicipalCode, string Lc116Code, string Description, decimal Quantity, decimal UnitPrice)
{
    /// <summary>The service's taxes as the deal states them; null → sent exactly as before taxes existed
    /// (<c>cTribServ</c> "01", <c>cRetemISS</c> "N", no <c>impostos</c>) and Omie applies the service's registration.</summary>
    public OmieServiceTaxes? Taxes { get; init; }
}

/// <summary>
/// What IncluirOS sends about one service's taxes (<c>ServicosPrestados[]</c> and its <c>impostos</c>). Every null is
/// left out of the request, so Omie fills it from the service's registration or its defaults; values Omie computes
/// (<c>nBaseISS</c>, <c>nValorISS</c>, <c>nValor…</c>) have no field here and are never sent. Rates are percentages.
/// </summary>
public sealed record OmieServiceTaxes
{
    /// <summary>cTribServ; null → the connector's default (<c>"01"</c>).</summary>
    public string? TaxationCode { get; init; }
    /// <summary>cRetemISS "S" when true, "N" otherwise.</summary>
    public bool IssWithheld { get; init; }
    /// <summary>impostos.nAliqISS.</summary>
    public decimal? IssRate { get; init; }
    /// <summary>impostos.nTotDeducao: amount deducted from the ISS base.</summary>
    public decimal? Deductions { get; init; }
    /// <summary>impostos.nAliqIRRF with cRetemIRRF "S" (present = withheld).</summary>
    public decimal? IrrfRate { get; init; }
    /// <summary>impostos.nAliqPIS with cRetemPIS "S".</summary>
    public decimal? PisRate { get; init; }
    /// <summary>impostos.nAliqCOFINS with cRetemCOFINS "S".</summary>
    public decimal? CofinsRate { get; init; }
    /// <summary>impostos.nAliqCSLL with cRetemCSLL "S".</summary>
    public decimal? CsllRate { get; init; }
    /// <summary>impostos.nAliqINSS with cRetemINSS "S".</summary>
    public decimal? InssRate { get; init; }
    /// <summary>impostos.cCST (IBS/CBS situation code).</summary>
    public string? IbsCbsCst { get; init; }
    /// <summary>impostos.cClassTrib.</summary>
    public string? IbsCbsClassification { get; init; }
    /// <summary>impostos.nAliqIbsUf.</summary>
    public decimal? IbsStateRate { get; init; }
    /// <summary>impostos.nAliqIbsMun.</summary>
    public decimal? IbsCityRate { get; init; }
    /// <summary>impostos.nAliqCbs.</summary>
    public decimal? CbsRate { get; init; }
    /// <summary>impostos.cIndOPer.</summary>
    public string? OperationIndicator { get; init; }
    /// <summary>cNbs (on the service line, not in impostos).</summary>
    public string? Nbs { get; init; }
}

/// <summary>One entry of Omie's municipal service code list (<c>servicos/listaservico/</c> ListarServMunic).</summary>
/// <param name="Code">cCodServMun.</param>
/// <param name="City">cCidade, as Omie writes it (e.g. "SAO PAULO (SP)"; format UNCONFIRMED).</param>
/// <param name="Lc116Code">cCodServLC116.</param>
/// <param name="Description">cDescricao.</param>
public sealed record OmieMunicipalServiceCode(string Code, string City, string Lc116Code, string Description);

/// <summary>One service registered in Omie (<c>servicos/servico/</c> ListarCadastroServico), reduced to its codes.</summary>
/// <param name="Code">cabecalho.cCodigo.</param>
/// <param name="MunicipalCode">cabecalho.cCodServMun.</param>
/// <param name="Lc116Code">cabecalho.cCodLC116.</param>
/// <param name="Inactive">info.inativo = "S" (UNCONFIRMED location of the flag).</param>
public sealed record OmieRegisteredService(string Code, string MunicipalCode, string Lc116Code, bool Inactive);

public sealed record OmieOrderStatus(long OmieOrderId, string IntegrationCode, string OrderNumber, string StatusCode, string StatusDescription)
{
    /// <summary>The tax values Omie computed for each service of the order, in its order; only ConsultarOS answers
    /// them (empty for IncluirOS, FaturarOS and ReenviarOS, whose answers carry no services).</summary>
    public IReadOnlyList<OmieServiceTaxValues> ServiceTaxes { get; init; } = [];
}

/// <summary>
/// The tax amounts Omie computed for one service of an order (ConsultarOS <c>ServicosPrestados[].impostos</c>:
/// <c>nValorISS</c>, <c>nValorIRRF</c>, <c>nValorPIS</c>, <c>nValorCOFINS</c>, <c>nValorCSLL</c>, <c>nValorINSS</c>), in
/// reais. Null when the answer leaves the value out or sends something that is not a number.
/// </summary>
public sealed record OmieServiceTaxValues(decimal? Iss, decimal? Irrf, decimal? Pis, decimal? Cofins, decimal? Csll, decimal? Inss);

/// <summary>StatusOS answer, reduced to what the connector decides on.</summary>
public sealed record OmieInvoiceStatus
{
    public bool Invoiced { get; init; }
    public bool Cancelled { get; init; }
    /// <summary>dDtCanc as Omie writes it (dd/MM/yyyy); empty when not cancelled.</summary>
    public string CancelledOn { get; init; } = "";
    public string Environment { get; init; } = "";
    public IReadOnlyList<OmieRps> Rps { get; init; } = [];
}

/// <summary>One RPS of a StatusOS answer (<c>ListaRpsNfse[]</c>) and, once the city issued it, its NFS-e.</summary>
/// <param name="Status">001 awaiting send, 002 processing, 003 error, 004 issued, 005 cancelled.</param>
/// <param name="NfseNumber">nNfse; empty until issued.</param>
/// <param name="VerificationCode">cCodVerif, the city's verification code; empty until issued.</param>
/// <param name="NfseUrl">cUrlNfse, the city's link to the NFS-e; empty until issued (or when the city gives none).</param>
/// <param name="Messages">The city's messages (<c>mensagens[]</c>), verbatim.</param>
public sealed record OmieRps(string Status, string NfseNumber, string VerificationCode, string NfseUrl, IReadOnlyList<OmieCityMessage> Messages)
{
    /// <summary>cStatusLote (same codes as <see cref="Status"/>); <see cref="Status"/> falls back to it when cStatusRps is empty.</summary>
    public string BatchStatus { get; init; } = "";
    /// <summary>cUrlPdfDest: the PDF for the recipient.</summary>
    public string PdfUrl { get; init; } = "";
    /// <summary>cUrlRps: the RPS.</summary>
    public string RpsUrl { get; init; } = "";
    /// <summary>cUrlPdfDemo: the statement's PDF.</summary>
    public string StatementPdfUrl { get; init; } = "";
    /// <summary>xml_distr: the authorised NFS-e's distribution XML; empty until issued.</summary>
    public string Xml { get; init; } = "";
}

/// <summary>One city message of an RPS, as Omie relays it.</summary>
/// <param name="Code">cCodigo, the city's or national system's code (e.g. <c>E0310</c>).</param>
/// <param name="Description">cDescricao, the city's text.</param>
/// <param name="Correction">cCorrecao, the city's suggested fix; often empty.</param>
/// <param name="Situation">ERRO | ALERTA | SUCESSO.</param>
public sealed record OmieCityMessage(string Code, string Description, string Correction, string Situation);
