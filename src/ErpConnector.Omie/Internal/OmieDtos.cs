using System.Text.Json.Serialization;

namespace ErpConnector.Omie.Internal;

// Wire shapes in Omie's own field names. Requests: property order = JSON order; null = omitted.
// Responses: every field optional and lenient (see OmieJson); unknown fields ignored.

/// <summary>The envelope of every call: {"call","app_key","app_secret","param":[{...}]}.</summary>
internal sealed class OmieRequest<TParam>
{
    [JsonPropertyName("call")] public required string Call { get; init; }
    [JsonPropertyName("app_key")] public required string AppKey { get; init; }
    [JsonPropertyName("app_secret")] public required string AppSecret { get; init; }
    /// <summary>Always exactly one object.</summary>
    [JsonPropertyName("param")] public required TParam[] Param { get; init; }
}

/// <summary>Fault fields, present on any answer that is a fault (whatever the HTTP status).</summary>
internal class OmieResponse
{
    [JsonPropertyName("faultstring")] public string? FaultString { get; set; }
    [JsonPropertyName("faultcode")] public string? FaultCode { get; set; }

    [JsonIgnore] public bool IsFault => FaultString is not null || FaultCode is not null;
}

// ---- geral/clientes/ -------------------------------------------------------------------------

/// <summary>clientes_cadastro as sent by UpsertCliente.</summary>
internal sealed class ClienteCadastroRequest
{
    [JsonPropertyName("razao_social")] public required string RazaoSocial { get; init; }
    [JsonPropertyName("nome_fantasia")] public required string NomeFantasia { get; init; }
    [JsonPropertyName("cnpj_cpf")] public required string CnpjCpf { get; init; }
    [JsonPropertyName("codigo_cliente_integracao")] public required string CodigoClienteIntegracao { get; init; }
    [JsonPropertyName("email")] public string? Email { get; init; }
    [JsonPropertyName("telefone1_ddd")] public string? Telefone1Ddd { get; init; }
    [JsonPropertyName("telefone1_numero")] public string? Telefone1Numero { get; init; }
    [JsonPropertyName("endereco")] public string? Endereco { get; init; }
    [JsonPropertyName("endereco_numero")] public string? EnderecoNumero { get; init; }
    [JsonPropertyName("complemento")] public string? Complemento { get; init; }
    [JsonPropertyName("bairro")] public string? Bairro { get; init; }
    [JsonPropertyName("cidade")] public string? Cidade { get; init; }
    [JsonPropertyName("estado")] public string? Estado { get; init; }
    [JsonPropertyName("cep")] public string? Cep { get; init; }
    /// <summary>"1058" = Brasil (Omie/BACEN country code).</summary>
    [JsonPropertyName("codigo_pais")] public string CodigoPais { get; init; } = OmieConstants.CountryBrazil;
    [JsonPropertyName("contribuinte")] public string Contribuinte { get; init; } = "N";
    [JsonPropertyName("optante_simples_nacional")] public string OptanteSimplesNacional { get; init; } = "N";
}

/// <summary>clientes_status (answer of IncluirCliente/AlterarCliente/UpsertCliente).</summary>
internal sealed class ClientesStatusResponse : OmieResponse
{
    [JsonPropertyName("codigo_cliente_omie")] public long CodigoClienteOmie { get; set; }
    [JsonPropertyName("codigo_cliente_integracao")] public string? CodigoClienteIntegracao { get; set; }
    /// <summary>"0" = success (UNCONFIRMED).</summary>
    [JsonPropertyName("codigo_status")] public string? CodigoStatus { get; set; }
    [JsonPropertyName("descricao_status")] public string? DescricaoStatus { get; set; }
}

/// <summary>ConsultarCliente param.</summary>
internal sealed class ClienteChaveRequest
{
    [JsonPropertyName("codigo_cliente_omie")] public long? CodigoClienteOmie { get; init; }
    [JsonPropertyName("codigo_cliente_integracao")] public string? CodigoClienteIntegracao { get; init; }
}

/// <summary>clientes_cadastro as answered by ConsultarCliente and inside ListarClientes.</summary>
internal class ClienteCadastroResponse : OmieResponse
{
    [JsonPropertyName("codigo_cliente_omie")] public long CodigoClienteOmie { get; set; }
    [JsonPropertyName("codigo_cliente_integracao")] public string? CodigoClienteIntegracao { get; set; }
    [JsonPropertyName("razao_social")] public string? RazaoSocial { get; set; }
    [JsonPropertyName("nome_fantasia")] public string? NomeFantasia { get; set; }
    [JsonPropertyName("cnpj_cpf")] public string? CnpjCpf { get; set; }
}

/// <summary>ListarClientes param (clientes_list_request).</summary>
internal sealed class ClientesListRequest
{
    [JsonPropertyName("pagina")] public int Pagina { get; init; } = 1;
    [JsonPropertyName("registros_por_pagina")] public int RegistrosPorPagina { get; init; } = 50;
    [JsonPropertyName("clientesFiltro")] public required ClientesFiltro ClientesFiltro { get; init; }
}

internal sealed class ClientesFiltro
{
    [JsonPropertyName("cnpj_cpf")] public required string CnpjCpf { get; init; }
}

/// <summary>ListarClientes answer (clientes_listfull_response).</summary>
internal sealed class ClientesListResponse : OmieResponse
{
    [JsonPropertyName("pagina")] public long Pagina { get; set; }
    [JsonPropertyName("total_de_paginas")] public long TotalDePaginas { get; set; }
    [JsonPropertyName("registros")] public long Registros { get; set; }
    [JsonPropertyName("total_de_registros")] public long TotalDeRegistros { get; set; }
    [JsonPropertyName("clientes_cadastro")] public List<ClienteCadastroResponse>? ClientesCadastro { get; set; }
}

// ---- servicos/os/ and servicos/osp/ ----------------------------------------------------------

/// <summary>osCadastro as sent by IncluirOS.</summary>
internal sealed class OsCadastroRequest
{
    [JsonPropertyName("Cabecalho")] public required OsCabecalho Cabecalho { get; init; }
    [JsonPropertyName("InformacoesAdicionais")] public required OsInformacoesAdicionais InformacoesAdicionais { get; init; }
    [JsonPropertyName("ServicosPrestados")] public required OsServicoPrestado[] ServicosPrestados { get; init; }
    /// <summary>Null → left out (Omie's defaults).</summary>
    [JsonPropertyName("Email")] public OsEmail? Email { get; init; }
}

/// <summary>IncluirOS's Email block. cEnvBoleto and cEnvPix are never both "S".</summary>
internal sealed class OsEmail
{
    [JsonPropertyName("cEnvLink")] public required string CEnvLink { get; init; }
    [JsonPropertyName("cEnvBoleto")] public required string CEnvBoleto { get; init; }
    [JsonPropertyName("cEnvPix")] public required string CEnvPix { get; init; }
    [JsonPropertyName("cEnviarPara")] public required string CEnviarPara { get; init; }

    public static OsEmail? For(OmieOrderEmail? email) => email is null ? null : new OsEmail
    {
        CEnvLink = email.SendNfseLink ? "S" : "N",
        CEnvBoleto = email.Charge == OmieCharge.Boleto ? "S" : "N",
        CEnvPix = email.Charge == OmieCharge.Pix ? "S" : "N",
        CEnviarPara = email.SendTo,
    };
}

/// <summary>CancelarOS param.</summary>
internal sealed class OsCancelarRequest
{
    [JsonPropertyName("cCodIntOS")] public required string CCodIntOS { get; init; }
    /// <summary>"S": also cancel the NFS-e at the city (the connector always asks for it).</summary>
    [JsonPropertyName("cCancelarNfse")] public string CCancelarNfse { get; init; } = "S";
}

/// <summary>ObterBoleto param. UNCONFIRMED key: nCodTitulo = the receivable's codigo_lancamento (as the simulator reads it).</summary>
internal sealed class BoletoChaveRequest
{
    [JsonPropertyName("nCodTitulo")] public required long NCodTitulo { get; init; }
}

/// <summary>ObterBoleto answer.</summary>
internal sealed class BoletoResponse : OmieResponse
{
    [JsonPropertyName("cLinkBoleto")] public string? CLinkBoleto { get; set; }
    [JsonPropertyName("cCodBarras")] public string? CCodBarras { get; set; }
    [JsonPropertyName("cNumBoleto")] public string? CNumBoleto { get; set; }
}

internal sealed class OsCabecalho
{
    [JsonPropertyName("cCodIntOS")] public required string CCodIntOS { get; init; }
    [JsonPropertyName("nCodCli")] public long? NCodCli { get; init; }
    [JsonPropertyName("cCodIntCli")] public string? CCodIntCli { get; init; }
    /// <summary>dd/MM/yyyy.</summary>
    [JsonPropertyName("dDtPrevisao")] public required string DDtPrevisao { get; init; }
    [JsonPropertyName("cEtapa")] public string CEtapa { get; init; } = OmieConstants.StageToInvoice;
    [JsonPropertyName("cCodParc")] public string CCodParc { get; init; } = OmieConstants.SinglePayment;
    [JsonPropertyName("nQtdeParc")] public int NQtdeParc { get; init; } = 1;
}

internal sealed class OsInformacoesAdicionais
{
    [JsonPropertyName("cCodCateg")] public string? CCodCateg { get; init; }
    [JsonPropertyName("nCodCC")] public long? NCodCC { get; init; }
    [JsonPropertyName("cDadosAdicNF")] public string? CDadosAdicNF { get; init; }
    [JsonPropertyName("cCidPrestServ")] public string? CCidPrestServ { get; init; }
}

internal sealed class OsServicoPrestado
{
    [JsonPropertyName("cCodServMun")] public required string CCodServMun { get; init; }
    [JsonPropertyName("cCodServLC116")] public required string CCodServLC116 { get; init; }
    [JsonPropertyName("cDescServ")] public required string CDescServ { get; init; }
    [JsonPropertyName("nQtde")] public required decimal NQtde { get; init; }
    [JsonPropertyName("nValUnit")] public required decimal NValUnit { get; init; }
    [JsonPropertyName("cTribServ")] public string CTribServ { get; init; } = OmieConstants.TaxationInMunicipality;
    [JsonPropertyName("cRetemISS")] public string CRetemISS { get; init; } = "N";
    [JsonPropertyName("cNbs")] public string? CNbs { get; init; }
    /// <summary>Null when the deal states no tax: Omie then applies the service's registration.</summary>
    [JsonPropertyName("impostos")] public OsImpostos? Impostos { get; init; }
}

/// <summary>
/// ServicosPrestados[].impostos as sent: only what the deal states (every null is omitted). Omie computes
/// nBaseISS, nValorISS, nValor…, nValorIbs…, nBaseCalcIbsCbs and sets cFixar…: they are output only and
/// deliberately have no property here (omie-after-issuance.md, "Taxes on a service").
/// </summary>
internal sealed class OsImpostos
{
    [JsonPropertyName("nAliqISS")] public decimal? NAliqISS { get; init; }
    [JsonPropertyName("nTotDeducao")] public decimal? NTotDeducao { get; init; }
    [JsonPropertyName("nAliqIRRF")] public decimal? NAliqIRRF { get; init; }
    [JsonPropertyName("cRetemIRRF")] public string? CRetemIRRF { get; init; }
    [JsonPropertyName("nAliqPIS")] public decimal? NAliqPIS { get; init; }
    [JsonPropertyName("cRetemPIS")] public string? CRetemPIS { get; init; }
    [JsonPropertyName("nAliqCOFINS")] public decimal? NAliqCOFINS { get; init; }
    [JsonPropertyName("cRetemCOFINS")] public string? CRetemCOFINS { get; init; }
    [JsonPropertyName("nAliqCSLL")] public decimal? NAliqCSLL { get; init; }
    [JsonPropertyName("cRetemCSLL")] public string? CRetemCSLL { get; init; }
    [JsonPropertyName("nAliqINSS")] public decimal? NAliqINSS { get; init; }
    [JsonPropertyName("cRetemINSS")] public string? CRetemINSS { get; init; }
    [JsonPropertyName("cCST")] public string? CCST { get; init; }
    [JsonPropertyName("cClassTrib")] public string? CClassTrib { get; init; }
    [JsonPropertyName("nAliqIbsUf")] public decimal? NAliqIbsUf { get; init; }
    [JsonPropertyName("nAliqIbsMun")] public decimal? NAliqIbsMun { get; init; }
    [JsonPropertyName("nAliqCbs")] public decimal? NAliqCbs { get; init; }
    [JsonPropertyName("cIndOPer")] public string? CIndOPer { get; init; }

    /// <summary>The block for <paramref name="taxes"/>, or null when it would be empty (nothing to send).</summary>
    public static OsImpostos? For(OmieServiceTaxes? taxes)
    {
        if (taxes is null) return null;
        var block = new OsImpostos
        {
            NAliqISS = taxes.IssRate,
            NTotDeducao = taxes.Deductions,
            NAliqIRRF = taxes.IrrfRate,
            CRetemIRRF = Withheld(taxes.IrrfRate),
            NAliqPIS = taxes.PisRate,
            CRetemPIS = Withheld(taxes.PisRate),
            NAliqCOFINS = taxes.CofinsRate,
            CRetemCOFINS = Withheld(taxes.CofinsRate),
            NAliqCSLL = taxes.CsllRate,
            CRetemCSLL = Withheld(taxes.CsllRate),
            NAliqINSS = taxes.InssRate,
            CRetemINSS = Withheld(taxes.InssRate),
            CCST = Text(taxes.IbsCbsCst),
            CClassTrib = Text(taxes.IbsCbsClassification),
            NAliqIbsUf = taxes.IbsStateRate,
            NAliqIbsMun = taxes.IbsCityRate,
            NAliqCbs = taxes.CbsRate,
            CIndOPer = Text(taxes.OperationIndicator),
        };
        return block.IsEmpty ? null : block;
    }

    // A withholding present in the deal is withheld: the contract has no "rate without withholding".
    private static string? Withheld(decimal? rate) => rate is null ? null : "S";

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private bool IsEmpty => NAliqISS is null && NTotDeducao is null && NAliqIRRF is null && NAliqPIS is null
        && NAliqCOFINS is null && NAliqCSLL is null && NAliqINSS is null && CCST is null && CClassTrib is null
        && NAliqIbsUf is null && NAliqIbsMun is null && NAliqCbs is null && CIndOPer is null;
}

/// <summary>{cCodIntOS}: the key of ConsultarOS, StatusOS, FaturarOS and ReenviarOS.</summary>
internal sealed class OsChaveRequest
{
    [JsonPropertyName("cCodIntOS")] public required string CCodIntOS { get; init; }
}

/// <summary>OsStatus (IncluirOS) and the FaturarOS/ReenviarOS answers.</summary>
internal sealed class OsStatusResponse : OmieResponse
{
    [JsonPropertyName("cCodIntOS")] public string? CCodIntOS { get; set; }
    [JsonPropertyName("nCodOS")] public long NCodOS { get; set; }
    [JsonPropertyName("cNumOS")] public string? CNumOS { get; set; }
    [JsonPropertyName("cCodStatus")] public string? CCodStatus { get; set; }
    [JsonPropertyName("cDescStatus")] public string? CDescStatus { get; set; }
}

/// <summary>ConsultarOS answer (osCadastro), reduced. InfoCadastro field names UNCONFIRMED.</summary>
internal sealed class OsConsultaResponse : OmieResponse
{
    [JsonPropertyName("Cabecalho")] public OsCabecalhoResponse? Cabecalho { get; set; }
    [JsonPropertyName("InfoCadastro")] public OsInfoCadastroResponse? InfoCadastro { get; set; }
    [JsonPropertyName("ServicosPrestados")] public OsServicoConsultado[]? ServicosPrestados { get; set; }
}

/// <summary>One service of a ConsultarOS answer, reduced to the tax values Omie computed.</summary>
internal sealed class OsServicoConsultado
{
    [JsonPropertyName("impostos")] public OsImpostosCalculados? Impostos { get; set; }
}

/// <summary>
/// The computed values of ServicosPrestados[].impostos. Read as text and parsed leniently: an odd value ("" or a
/// comma) must never make ConsultarOS unreadable, since the connector also relies on it to find an order after an
/// ambiguous attempt. UNCONFIRMED whether Omie answers them as numbers or strings.
/// </summary>
internal sealed class OsImpostosCalculados
{
    [JsonPropertyName("nValorISS")] public string? NValorISS { get; set; }
    [JsonPropertyName("nValorIRRF")] public string? NValorIRRF { get; set; }
    [JsonPropertyName("nValorPIS")] public string? NValorPIS { get; set; }
    [JsonPropertyName("nValorCOFINS")] public string? NValorCOFINS { get; set; }
    [JsonPropertyName("nValorCSLL")] public string? NValorCSLL { get; set; }
    [JsonPropertyName("nValorINSS")] public string? NValorINSS { get; set; }

    public OmieServiceTaxValues ToValues() =>
        new(Amount(NValorISS), Amount(NValorIRRF), Amount(NValorPIS), Amount(NValorCOFINS), Amount(NValorCSLL), Amount(NValorINSS));

    private static decimal? Amount(string? text) =>
        decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}

internal sealed class OsCabecalhoResponse
{
    [JsonPropertyName("cCodIntOS")] public string? CCodIntOS { get; set; }
    [JsonPropertyName("nCodOS")] public long NCodOS { get; set; }
    [JsonPropertyName("cNumOS")] public string? CNumOS { get; set; }
    [JsonPropertyName("cEtapa")] public string? CEtapa { get; set; }
    [JsonPropertyName("nCodCli")] public long NCodCli { get; set; }
}

internal sealed class OsInfoCadastroResponse
{
    // UNCONFIRMED spelling: feminine (as in StatusOS) or masculine; both are read.
    [JsonPropertyName("cFaturada")] public string? CFaturada { get; set; }
    [JsonPropertyName("cFaturado")] public string? CFaturado { get; set; }
    [JsonPropertyName("cCancelada")] public string? CCancelada { get; set; }
    [JsonPropertyName("cCancelado")] public string? CCancelado { get; set; }

    [JsonIgnore] public string Invoiced => CFaturada ?? CFaturado ?? "";
    [JsonIgnore] public string Cancelled => CCancelada ?? CCancelado ?? "";
}

/// <summary>StatusOS answer.</summary>
internal sealed class StatusOsResponse : OmieResponse
{
    [JsonPropertyName("cCodIntOS")] public string? CCodIntOS { get; set; }
    [JsonPropertyName("nCodOS")] public long NCodOS { get; set; }
    [JsonPropertyName("cNumOS")] public string? CNumOS { get; set; }
    [JsonPropertyName("cFaturada")] public string? CFaturada { get; set; }
    [JsonPropertyName("cCancelada")] public string? CCancelada { get; set; }
    [JsonPropertyName("dDtCanc")] public string? DDtCanc { get; set; }
    [JsonPropertyName("cAmbiente")] public string? CAmbiente { get; set; }
    [JsonPropertyName("ListaRpsNfse")] public List<RpsNfseResponse>? ListaRpsNfse { get; set; }
}

internal sealed class RpsNfseResponse
{
    [JsonPropertyName("cStatusRps")] public string? CStatusRps { get; set; }
    [JsonPropertyName("cStatusLote")] public string? CStatusLote { get; set; }
    [JsonPropertyName("nNfse")] public string? NNfse { get; set; }
    [JsonPropertyName("cCodVerif")] public string? CCodVerif { get; set; }
    [JsonPropertyName("cUrlNfse")] public string? CUrlNfse { get; set; }
    [JsonPropertyName("cUrlPdfDest")] public string? CUrlPdfDest { get; set; }
    [JsonPropertyName("cUrlRps")] public string? CUrlRps { get; set; }
    [JsonPropertyName("cUrlPdfDemo")] public string? CUrlPdfDemo { get; set; }
    [JsonPropertyName("xml_distr")] public string? XmlDistr { get; set; }
    [JsonPropertyName("mensagens")] public List<RpsMensagemResponse>? Mensagens { get; set; }
}

internal sealed class RpsMensagemResponse
{
    [JsonPropertyName("cCodigo")] public string? CCodigo { get; set; }
    [JsonPropertyName("cDescricao")] public string? CDescricao { get; set; }
    [JsonPropertyName("cCorrecao")] public string? CCorrecao { get; set; }
    [JsonPropertyName("cSituacao")] public string? CSituacao { get; set; }
}

// ---- servicos/listaservico/ and servicos/servico/ ---------------------------------------------
// Shapes from Omie's generated types as published in public client code (pauloracunha/omie-lib, sermListarRequest,
// srvListarRequest); the reference notes name the endpoints only, so field and method names are UNCONFIRMED there.

/// <summary>ListarServMunic param (sermListarRequest).</summary>
internal sealed class ServMunicListRequest
{
    [JsonPropertyName("pagina")] public int Pagina { get; init; } = 1;
    [JsonPropertyName("registros_por_pagina")] public int RegistrosPorPagina { get; init; } = OmieConstants.CatalogPageSize;
}

/// <summary>ListarServMunic answer (sermListarResponse).</summary>
internal sealed class ServMunicListResponse : OmieResponse
{
    [JsonPropertyName("pagina")] public long Pagina { get; set; }
    [JsonPropertyName("total_de_paginas")] public long TotalDePaginas { get; set; }
    [JsonPropertyName("cadastros")] public List<ServMunicCadastro>? Cadastros { get; set; }
}

internal sealed class ServMunicCadastro
{
    [JsonPropertyName("cCodServMun")] public string? CCodServMun { get; set; }
    [JsonPropertyName("cDescricao")] public string? CDescricao { get; set; }
    [JsonPropertyName("cCodServLC116")] public string? CCodServLC116 { get; set; }
    [JsonPropertyName("cCidade")] public string? CCidade { get; set; }
}

/// <summary>ListarCadastroServico param (srvListarRequest).</summary>
internal sealed class ServicoListRequest
{
    [JsonPropertyName("nPagina")] public int NPagina { get; init; } = 1;
    [JsonPropertyName("nRegPorPagina")] public int NRegPorPagina { get; init; } = OmieConstants.CatalogPageSize;
}

/// <summary>ListarCadastroServico answer (srvListarResponse), reduced to the codes.</summary>
internal sealed class ServicoListResponse : OmieResponse
{
    [JsonPropertyName("nPagina")] public long NPagina { get; set; }
    [JsonPropertyName("nTotPaginas")] public long NTotPaginas { get; set; }
    [JsonPropertyName("cadastros")] public List<ServicoCadastro>? Cadastros { get; set; }
}

internal sealed class ServicoCadastro
{
    [JsonPropertyName("cabecalho")] public ServicoCabecalho? Cabecalho { get; set; }
    [JsonPropertyName("info")] public ServicoInfo? Info { get; set; }
}

internal sealed class ServicoCabecalho
{
    [JsonPropertyName("cCodigo")] public string? CCodigo { get; set; }
    [JsonPropertyName("cCodServMun")] public string? CCodServMun { get; set; }
    [JsonPropertyName("cCodLC116")] public string? CCodLC116 { get; set; }
}

internal sealed class ServicoInfo
{
    [JsonPropertyName("inativo")] public string? Inativo { get; set; }
}
