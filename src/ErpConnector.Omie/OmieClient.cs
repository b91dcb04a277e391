using System.Globalization;
using ErpConnector.Omie.Internal;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Omie;

/// <summary>
/// <see cref="IOmieClient"/>: each Omie method as a typed call — what it sends, which records it writes (and so locks),
/// and how its answer or an expected fault ("not found", "already registered") becomes a result. How a call travels
/// (HTTP, envelope, faults, redaction, limiter) is <see cref="OmieTransport"/>'s; failures surface as it maps them.
/// </summary>
public sealed class OmieClient : IOmieClient
{
    private readonly OmieTransport _transport;
    private readonly ILogger _logger;

    public OmieClient(OmieTransport transport, ILogger<OmieClient> logger)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    // ---- customers -------------------------------------------------------------------------------

    /// <inheritdoc />
    /// <remarks>
    /// When Omie answers "Cliente já cadastrado ... com o Id [X]" / "... com o nCod [X]" (the customer exists, e.g. under
    /// another integration code), the existing customer is reused: the result carries that id, the integration code
    /// Omie holds for it when the text names one (it may differ from ours, or be empty), and the faultstring as
    /// description. Callers should reference the customer by <see cref="OmieCustomerStatus.OmieId"/> (nCodCli).
    /// </remarks>
    public async Task<OmieCustomerStatus> UpsertCustomerAsync(OmieCustomer customer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentException.ThrowIfNullOrWhiteSpace(customer.IntegrationCode);
        var document = NormaliseDocument(customer.Document);

        // One record = one integration code, and one CNPJ/CPF: never two concurrent writes to either.
        // Locks are always taken in this order (code, then document), so they cannot deadlock.
        string[] records = document.Length == 0
            ? ["cliente:" + customer.IntegrationCode]
            : ["cliente:" + customer.IntegrationCode, "cnpj_cpf:" + document];

        var param = new ClienteCadastroRequest
        {
            RazaoSocial = customer.LegalName,
            NomeFantasia = customer.TradeName,
            CnpjCpf = customer.Document,
            CodigoClienteIntegracao = customer.IntegrationCode,
            Email = NullIfEmpty(customer.Email),
            Telefone1Ddd = NullIfEmpty(customer.PhoneAreaCode),
            Telefone1Numero = NullIfEmpty(customer.PhoneNumber),
            Endereco = NullIfEmpty(customer.Street),
            EnderecoNumero = NullIfEmpty(customer.Number),
            Complemento = NullIfEmpty(customer.Complement),
            Bairro = NullIfEmpty(customer.District),
            Cidade = NullIfEmpty(customer.City),
            Estado = NullIfEmpty(customer.State),
            Cep = NullIfEmpty(customer.PostalCode),
        };

        try
        {
            var r = await _transport.CallAsync<ClienteCadastroRequest, ClientesStatusResponse>(
                OmieConstants.ClientesEndpoint, OmieConstants.UpsertCliente, param, ct, records).ConfigureAwait(false);
            if (r.CodigoClienteOmie == 0)
                throw _transport.StatusFault(OmieConstants.UpsertCliente, r.CodigoStatus, r.DescricaoStatus ?? "answer without codigo_cliente_omie");
            return new OmieCustomerStatus(r.CodigoClienteOmie, Or(r.CodigoClienteIntegracao, customer.IntegrationCode), r.DescricaoStatus ?? "");
        }
        catch (OmieFaultException fault) when (fault.Kind == OmieFaultKind.AlreadyRegistered
                                                && OmieFaultText.TryParseExistingCustomerId(fault.FaultString, out _))
        {
            OmieFaultText.TryParseExistingCustomerId(fault.FaultString, out var existingId);
            var existingCode = OmieFaultText.TryParseIntegrationCode(fault.FaultString, out var code) ? code : customer.IntegrationCode;
            OmieLog.CustomerReused(_logger, OmieConstants.UpsertCliente, existingId, existingCode, customer.IntegrationCode);
            return new OmieCustomerStatus(existingId, existingCode, fault.FaultString);
        }
    }

    /// <inheritdoc />
    public async Task<OmieCustomerStatus?> FindCustomerByIntegrationCodeAsync(string integrationCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationCode);
        try
        {
            var r = await _transport.CallAsync<ClienteChaveRequest, ClienteCadastroResponse>(
                OmieConstants.ClientesEndpoint, OmieConstants.ConsultarCliente,
                new ClienteChaveRequest { CodigoClienteIntegracao = integrationCode }, ct).ConfigureAwait(false);
            return r.CodigoClienteOmie == 0
                ? null
                : new OmieCustomerStatus(r.CodigoClienteOmie, Or(r.CodigoClienteIntegracao, integrationCode), r.RazaoSocial ?? "");
        }
        catch (OmieFaultException fault) when (fault.Kind == OmieFaultKind.CustomerNotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    /// <remarks>Only a customer whose cnpj_cpf equals <paramref name="document"/> once both are reduced to
    /// letters and digits is returned (Omie's filter matches formatted documents).</remarks>
    public async Task<OmieCustomerStatus?> FindCustomerByDocumentAsync(string document, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(document);
        var wanted = NormaliseDocument(document);
        try
        {
            var r = await _transport.CallAsync<ClientesListRequest, ClientesListResponse>(
                OmieConstants.ClientesEndpoint, OmieConstants.ListarClientes,
                new ClientesListRequest
                {
                    RegistrosPorPagina = OmieConstants.ListPageSize,
                    ClientesFiltro = new ClientesFiltro { CnpjCpf = document },
                }, ct).ConfigureAwait(false);
            var match = r.ClientesCadastro?.FirstOrDefault(c =>
                c.CodigoClienteOmie != 0 && NormaliseDocument(c.CnpjCpf) == wanted);
            return match is null
                ? null
                : new OmieCustomerStatus(match.CodigoClienteOmie, match.CodigoClienteIntegracao ?? "", match.RazaoSocial ?? "");
        }
        catch (OmieFaultException fault) when (fault.Kind == OmieFaultKind.EmptyPage)
        {
            return null; // Client-5113: an empty page is an empty result
        }
    }

    // ---- service orders --------------------------------------------------------------------------

    /// <inheritdoc />
    public async Task<OmieOrderStatus> CreateServiceOrderAsync(OmieServiceOrder order, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentException.ThrowIfNullOrWhiteSpace(order.IntegrationCode);
        if (order.Services is null || order.Services.Count == 0)
            throw new ArgumentException("A service order needs at least one service line.", nameof(order));
        if (order.CustomerOmieId is null or 0 && string.IsNullOrWhiteSpace(order.CustomerIntegrationCode))
            throw new ArgumentException("A service order needs CustomerOmieId or CustomerIntegrationCode.", nameof(order));

        var param = new OsCadastroRequest
        {
            Cabecalho = new OsCabecalho
            {
                CCodIntOS = order.IntegrationCode,
                // nCodCli wins when both are known: it survives a customer registered under another integration code.
                NCodCli = order.CustomerOmieId is > 0 ? order.CustomerOmieId : null,
                CCodIntCli = order.CustomerOmieId is > 0 ? null : order.CustomerIntegrationCode,
                DDtPrevisao = FormatDate(order.ExpectedDate),
            },
            InformacoesAdicionais = new OsInformacoesAdicionais
            {
                CCodCateg = NullIfEmpty(order.CategoryCode),
                NCodCC = order.BankAccountId,
                CDadosAdicNF = order.AdditionalInfo ?? "",
                CCidPrestServ = NullIfEmpty(order.ServiceCity),
            },
            ServicosPrestados = order.Services.Select(s => new OsServicoPrestado
            {
                CCodServMun = s.MunicipalCode,
                CCodServLC116 = s.Lc116Code,
                CDescServ = s.Description,
                NQtde = s.Quantity,
                NValUnit = s.UnitPrice,
                // Without taxes the line goes exactly as it always has; with them, only what the deal states.
                CTribServ = NullIfEmpty(s.Taxes?.TaxationCode)?.Trim() ?? OmieConstants.TaxationInMunicipality,
                CRetemISS = s.Taxes is { IssWithheld: true } ? "S" : "N",
                CNbs = NullIfEmpty(s.Taxes?.Nbs)?.Trim(),
                Impostos = OsImpostos.For(s.Taxes),
            }).ToArray(),
            Email = OsEmail.For(order.Email),
        };

        var r = await _transport.CallAsync<OsCadastroRequest, OsStatusResponse>(
            OmieConstants.OsEndpoint, OmieConstants.IncluirOS, param, ct, ["os:" + order.IntegrationCode]).ConfigureAwait(false);
        if (r.NCodOS == 0 && !IsSuccessStatus(r.CCodStatus))
            throw _transport.StatusFault(OmieConstants.IncluirOS, r.CCodStatus, r.CDescStatus ?? "answer without nCodOS");
        return ToOrderStatus(r, order.IntegrationCode);
    }

    /// <inheritdoc />
    public async Task<OmieOrderStatus?> FindServiceOrderAsync(string orderIntegrationCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderIntegrationCode);
        try
        {
            var r = await _transport.CallAsync<OsChaveRequest, OsConsultaResponse>(
                OmieConstants.OsEndpoint, OmieConstants.ConsultarOS,
                new OsChaveRequest { CCodIntOS = orderIntegrationCode }, ct).ConfigureAwait(false);
            var header = r.Cabecalho;
            if (header is null || header.NCodOS == 0) return null;
            // StatusCode = kanban stage (cEtapa); description carries the invoiced/cancelled flags (UNCONFIRMED names).
            var description = r.InfoCadastro is { } info
                ? $"cEtapa={header.CEtapa}; cFaturada={info.Invoiced}; cCancelada={info.Cancelled}"
                : $"cEtapa={header.CEtapa}";
            return new OmieOrderStatus(header.NCodOS, Or(header.CCodIntOS, orderIntegrationCode), header.CNumOS ?? "", header.CEtapa ?? "", description)
            {
                ServiceTaxes = (r.ServicosPrestados ?? [])
                    .Select(s => s?.Impostos?.ToValues() ?? new OmieServiceTaxValues(null, null, null, null, null, null)).ToArray(),
            };
        }
        catch (OmieFaultException fault) when (fault.Kind == OmieFaultKind.OrderNotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<OmieOrderStatus> InvoiceServiceOrderAsync(string orderIntegrationCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderIntegrationCode);
        var r = await _transport.CallAsync<OsChaveRequest, OsStatusResponse>(
            OmieConstants.OspEndpoint, OmieConstants.FaturarOS,
            new OsChaveRequest { CCodIntOS = orderIntegrationCode }, ct, ["os:" + orderIntegrationCode]).ConfigureAwait(false);
        return ToOrderStatus(r, orderIntegrationCode);
    }

    /// <inheritdoc />
    public async Task<OmieInvoiceStatus> GetInvoiceStatusAsync(string orderIntegrationCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderIntegrationCode);
        var r = await _transport.CallAsync<OsChaveRequest, StatusOsResponse>(
            OmieConstants.OsEndpoint, OmieConstants.StatusOS,
            new OsChaveRequest { CCodIntOS = orderIntegrationCode }, ct).ConfigureAwait(false);
        return new OmieInvoiceStatus
        {
            Invoiced = IsYes(r.CFaturada),
            Cancelled = IsYes(r.CCancelada),
            CancelledOn = r.DDtCanc ?? "",
            Environment = r.CAmbiente ?? "",
            Rps = (r.ListaRpsNfse ?? []).Select(rps => new OmieRps(
                Status: Or(rps.CStatusRps, rps.CStatusLote ?? ""),
                NfseNumber: rps.NNfse ?? "",
                VerificationCode: rps.CCodVerif ?? "",
                NfseUrl: rps.CUrlNfse ?? "",
                Messages: (rps.Mensagens ?? []).Select(m => new OmieCityMessage(
                    m.CCodigo ?? "", m.CDescricao ?? "", m.CCorrecao ?? "", m.CSituacao ?? "")).ToArray())
            {
                BatchStatus = rps.CStatusLote ?? "",
                PdfUrl = rps.CUrlPdfDest ?? "",
                RpsUrl = rps.CUrlRps ?? "",
                StatementPdfUrl = rps.CUrlPdfDemo ?? "",
                Xml = rps.XmlDistr ?? "",
            }).ToArray(),
        };
    }

    /// <inheritdoc />
    public async Task<OmieOrderStatus> ResendInvoiceAsync(string orderIntegrationCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderIntegrationCode);
        var r = await _transport.CallAsync<OsChaveRequest, OsStatusResponse>(
            OmieConstants.ReenviarOSEndpoint, OmieConstants.ReenviarOS, // UNCONFIRMED method and endpoint
            new OsChaveRequest { CCodIntOS = orderIntegrationCode }, ct, ["os:" + orderIntegrationCode]).ConfigureAwait(false);
        return ToOrderStatus(r, orderIntegrationCode);
    }

    /// <inheritdoc />
    public async Task<OmieOrderStatus> CancelServiceOrderAsync(string orderIntegrationCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderIntegrationCode);
        var r = await _transport.CallAsync<OsCancelarRequest, OsStatusResponse>(
            OmieConstants.OspEndpoint, OmieConstants.CancelarOS,
            new OsCancelarRequest { CCodIntOS = orderIntegrationCode }, ct, ["os:" + orderIntegrationCode]).ConfigureAwait(false);
        return ToOrderStatus(r, orderIntegrationCode);
    }

    /// <inheritdoc />
    /// <remarks>Omie's "no boleto" / "title not found" faults (Client-102/103, texts UNCONFIRMED) read as null.</remarks>
    public async Task<OmieBoleto?> GetBoletoAsync(long receivableId, CancellationToken ct = default)
    {
        try
        {
            var r = await _transport.CallAsync<BoletoChaveRequest, BoletoResponse>(
                OmieConstants.BoletoEndpoint, OmieConstants.ObterBoleto,
                new BoletoChaveRequest { NCodTitulo = receivableId }, ct).ConfigureAwait(false);
            return string.IsNullOrWhiteSpace(r.CLinkBoleto) && string.IsNullOrWhiteSpace(r.CCodBarras)
                ? null
                : new OmieBoleto(r.CLinkBoleto ?? "", r.CCodBarras ?? "", r.CNumBoleto ?? "");
        }
        catch (OmieFaultException fault) when (fault.FaultString.Contains("boleto", StringComparison.OrdinalIgnoreCase)
                                                || fault.FaultString.Contains("não cadastrado", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
    }

    // ---- catalogues: municipal service codes and registered services -----------------------------

    /// <inheritdoc />
    /// <remarks>Reads every page (500 records each, at most <c>CatalogMaxPages</c>); a list longer than that is
    /// reported as null too, because a partial list would make codes on the unread pages look unknown.</remarks>
    public async Task<IReadOnlyList<OmieMunicipalServiceCode>?> ListMunicipalServiceCodesAsync(CancellationToken ct = default)
    {
        var codes = new List<OmieMunicipalServiceCode>();
        for (var page = 1; page <= OmieConstants.CatalogMaxPages; page++)
        {
            ServMunicListResponse r;
            try
            {
                r = await _transport.CallAsync<ServMunicListRequest, ServMunicListResponse>(
                    OmieConstants.ListaServicoEndpoint, OmieConstants.ListarServMunic,
                    new ServMunicListRequest { Pagina = page }, ct).ConfigureAwait(false);
            }
            catch (OmieFaultException fault) when (fault.Kind == OmieFaultKind.EmptyPage)
            {
                return page == 1 ? null : codes; // Client-5113: no (more) records
            }
            codes.AddRange((r.Cadastros ?? [])
                .Where(c => !string.IsNullOrWhiteSpace(c.CCodServMun))
                .Select(c => new OmieMunicipalServiceCode(c.CCodServMun!.Trim(), c.CCidade?.Trim() ?? "", c.CCodServLC116?.Trim() ?? "", c.CDescricao ?? "")));
            if (r.TotalDePaginas <= page) return page == 1 && codes.Count == 0 ? null : codes;
        }
        return null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OmieRegisteredService>> ListRegisteredServicesAsync(CancellationToken ct = default)
    {
        var services = new List<OmieRegisteredService>();
        for (var page = 1; page <= OmieConstants.CatalogMaxPages; page++)
        {
            ServicoListResponse r;
            try
            {
                r = await _transport.CallAsync<ServicoListRequest, ServicoListResponse>(
                    OmieConstants.ServicoEndpoint, OmieConstants.ListarCadastroServico,
                    new ServicoListRequest { NPagina = page }, ct).ConfigureAwait(false);
            }
            catch (OmieFaultException fault) when (fault.Kind == OmieFaultKind.EmptyPage)
            {
                return services;
            }
            services.AddRange((r.Cadastros ?? [])
                .Where(c => c.Cabecalho is not null)
                .Select(c => new OmieRegisteredService(
                    c.Cabecalho!.CCodigo?.Trim() ?? "", c.Cabecalho.CCodServMun?.Trim() ?? "", c.Cabecalho.CCodLC116?.Trim() ?? "",
                    IsYes(c.Info?.Inativo))));
            if (r.NTotPaginas <= page) return services;
        }
        return services;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static OmieOrderStatus ToOrderStatus(OsStatusResponse r, string integrationCode)
        => new(r.NCodOS, Or(r.CCodIntOS, integrationCode), r.CNumOS ?? "", r.CCodStatus ?? "", r.CDescStatus ?? "");

    private static bool IsSuccessStatus(string? code) => string.IsNullOrWhiteSpace(code) || code.Trim() == OmieConstants.SuccessStatus;

    private static bool IsYes(string? flag) => string.Equals(flag?.Trim(), "S", StringComparison.OrdinalIgnoreCase);

    private static string FormatDate(DateOnly date) => date.ToString(OmieConstants.DateFormat, CultureInfo.InvariantCulture);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;

    /// <summary>Letters and digits only, upper case (CPF, CNPJ and the alphanumeric CNPJ).</summary>
    internal static string NormaliseDocument(string? document)
    {
        if (string.IsNullOrEmpty(document)) return "";
        return string.Create(document.Count(char.IsAsciiLetterOrDigit), document, static (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
                if (char.IsAsciiLetterOrDigit(c)) span[i++] = char.ToUpperInvariant(c);
        });
    }
}
