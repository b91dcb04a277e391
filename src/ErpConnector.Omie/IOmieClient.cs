namespace ErpConnector.Omie;

/// <summary>
/// The Omie calls the connector makes. One implementation (RestSharp) serves the real Omie and
/// the project's simulator; only the base URL differs.
/// Failures surface as <see cref="OmieFaultException"/> (Omie answered with a fault) or
/// <see cref="OmieTransportException"/> (no usable answer: timeout, connection lost, HTTP error
/// without a recognisable fault body) — the latter is always ambiguous: the call may have been applied.
/// </summary>
public interface IOmieClient
{
    /// <summary>geral/clientes/ UpsertCliente, keyed by codigo_cliente_integracao.</summary>
    Task<OmieCustomerStatus> UpsertCustomerAsync(OmieCustomer customer, CancellationToken ct = default);

    /// <summary>geral/clientes/ ConsultarCliente by codigo_cliente_integracao; null when Omie says it does not exist.</summary>
    Task<OmieCustomerStatus?> FindCustomerByIntegrationCodeAsync(string integrationCode, CancellationToken ct = default);

    /// <summary>geral/clientes/ ListarClientes filtered by cnpj_cpf; null when no customer has that document.</summary>
    Task<OmieCustomerStatus?> FindCustomerByDocumentAsync(string document, CancellationToken ct = default);

    /// <summary>servicos/os/ IncluirOS.</summary>
    Task<OmieOrderStatus> CreateServiceOrderAsync(OmieServiceOrder order, CancellationToken ct = default);

    /// <summary>servicos/os/ ConsultarOS by cCodIntOS; null when Omie says the order does not exist (Client-103).</summary>
    Task<OmieOrderStatus?> FindServiceOrderAsync(string orderIntegrationCode, CancellationToken ct = default);

    /// <summary>servicos/osp/ FaturarOS by cCodIntOS: asks Omie to invoice the order and send the RPS to the city.</summary>
    Task<OmieOrderStatus> InvoiceServiceOrderAsync(string orderIntegrationCode, CancellationToken ct = default);

    /// <summary>servicos/os/ StatusOS by cCodIntOS: invoicing and NFS-e (RPS) status with the city's messages.</summary>
    Task<OmieInvoiceStatus> GetInvoiceStatusAsync(string orderIntegrationCode, CancellationToken ct = default);

    /// <summary>servicos/osp/ ReenviarOS by cCodIntOS: resends a rejected RPS to the city (UNCONFIRMED method name).</summary>
    Task<OmieOrderStatus> ResendInvoiceAsync(string orderIntegrationCode, CancellationToken ct = default);

    /// <summary>servicos/osp/ CancelarOS by cCodIntOS with cCancelarNfse "S": asks Omie to cancel the order and its NFS-e
    /// at the city. The answer only says the request was taken: the city decides later (StatusOS / the push).</summary>
    Task<OmieOrderStatus> CancelServiceOrderAsync(string orderIntegrationCode, CancellationToken ct = default);

    /// <summary>financas/contareceberboleto/ ObterBoleto by nCodTitulo (the receivable's codigo_lancamento); null when Omie
    /// has no boleto for it.</summary>
    Task<OmieBoleto?> GetBoletoAsync(long receivableId, CancellationToken ct = default);

    /// <summary>servicos/listaservico/ ListarServMunic, every page: the municipal service codes Omie holds for the
    /// company, each with its city. Null when Omie has no list at all (an empty first page): nobody can judge a code.</summary>
    Task<IReadOnlyList<OmieMunicipalServiceCode>?> ListMunicipalServiceCodesAsync(CancellationToken ct = default);

    /// <summary>servicos/servico/ ListarCadastroServico, every page: the services registered in Omie (empty when none).</summary>
    Task<IReadOnlyList<OmieRegisteredService>> ListRegisteredServicesAsync(CancellationToken ct = default);
}
