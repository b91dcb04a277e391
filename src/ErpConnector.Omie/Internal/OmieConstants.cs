namespace ErpConnector.Omie.Internal;

/// <summary>
/// Every Omie name the client relies on, one per line, so that a wrong guess is a one-line change.
/// Items marked UNCONFIRMED were not found in an official source (see shared/reference/omie-api.md).
/// </summary>
internal static class OmieConstants
{
    // Endpoints: relative to BaseUrl, ALWAYS with the trailing slash (without it Omie answers 301).
    public const string ClientesEndpoint = "geral/clientes/";
    public const string OsEndpoint = "servicos/os/";
    public const string OspEndpoint = "servicos/osp/";
    public const string ServicoEndpoint = "servicos/servico/";
    public const string ListaServicoEndpoint = "servicos/listaservico/";
    public const string BoletoEndpoint = "financas/contareceberboleto/";

    // Calls.
    public const string UpsertCliente = "UpsertCliente";
    public const string ConsultarCliente = "ConsultarCliente";
    public const string ListarClientes = "ListarClientes";
    public const string IncluirOS = "IncluirOS";
    public const string ConsultarOS = "ConsultarOS";
    public const string StatusOS = "StatusOS";
    public const string FaturarOS = "FaturarOS";
    /// <summary>UNCONFIRMED: assumed API twin of the UI's "Reenviar NFS-e", on servicos/osp/ with {cCodIntOS}.</summary>
    public const string ReenviarOS = "ReenviarOS";
    public const string ReenviarOSEndpoint = OspEndpoint; // UNCONFIRMED (see ReenviarOS)
    public const string ListarCadastroServico = "ListarCadastroServico";
    public const string CancelarOS = "CancelarOS";
    public const string ObterBoleto = "ObterBoleto";
    /// <summary>UNCONFIRMED by the notes (which name the endpoint only): the method of servicos/listaservico/ in
    /// Omie's published types (ListaServicoMunicipioJsonClient).</summary>
    public const string ListarServMunic = "ListarServMunic";

    // Fixed values.
    public const string CountryBrazil = "1058";
    /// <summary>Kanban stage "50" = to invoice.</summary>
    public const string StageToInvoice = "50";
    /// <summary>cCodParc "000" = single payment ("à vista").</summary>
    public const string SinglePayment = "000";
    /// <summary>cTribServ "01" = taxed in the municipality (UNCONFIRMED meaning; value given by the brief).</summary>
    public const string TaxationInMunicipality = "01";
    /// <summary>codigo_status / cCodStatus of a successful write (UNCONFIRMED).</summary>
    public const string SuccessStatus = "0";
    public const string DateFormat = "dd/MM/yyyy";
    public const int ListPageSize = 50; // Omie allows up to 500
    /// <summary>Catalogue lists (codes, services) are read whole: the largest page Omie allows.</summary>
    public const int CatalogPageSize = 500;
    /// <summary>A catalogue larger than this many pages is not read to the end (a guard, not an expected size).</summary>
    public const int CatalogMaxPages = 20;
}
