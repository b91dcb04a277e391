using System.Collections.Concurrent;
using ErpConnector.Omie;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>
/// An <see cref="IOmieClient"/> whose answers a spec scripts call by call (a value, a fault, a wait), with a sensible
/// default for every method, and a log of every call as "Method:key". Omie in one process, without HTTP.
/// </summary>
internal sealed class ScriptedOmie : IOmieClient
{
    public const string Upsert = "UpsertCliente", FindCustomer = "ConsultarCliente", FindByDocument = "ListarClientes",
        Create = "IncluirOS", Find = "ConsultarOS", Invoice = "FaturarOS", Status = "StatusOS", Resend = "ReenviarOS",
        MunicipalCodes = "ListarServMunic", RegisteredServices = "ListarCadastroServico", Cancel = "CancelarOS", Boleto = "ObterBoleto";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<CancellationToken, Task<object?>>>> _scripts = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>The RPS the default StatusOS reports.</summary>
    public OmieRps IssuedRps { get; } = new("004", "2026/123", "ABCD-1234", "https://nfse.example/123", []);

    public int CountOf(string method) => Calls.Count(c => c.StartsWith(method + ":", StringComparison.Ordinal));

    /// <summary>The next call of <paramref name="method"/> answers with <paramref name="answer"/> (or throws what it throws).</summary>
    public ScriptedOmie Next(string method, Func<object?> answer) => NextAsync(method, _ => Task.FromResult(answer()));

    public ScriptedOmie NextAsync(string method, Func<CancellationToken, Task<object?>> answer)
    {
        _scripts.GetOrAdd(method, _ => new()).Enqueue(answer);
        return this;
    }

    /// <summary>Every call of <paramref name="method"/> from now on answers the same way.</summary>
    public ScriptedOmie Always(string method, Func<object?> answer)
    {
        for (var i = 0; i < 100; i++) Next(method, answer);
        return this;
    }

    public static OmieFaultException Fault(string method, string text, string code = "SOAP-ENV:Client-1") => new(method, 500, code, text);

    public static OmieInvoiceStatus StatusWith(string rpsStatus, params OmieCityMessage[] messages) =>
        new() { Invoiced = true, Rps = [new OmieRps(rpsStatus, rpsStatus == "004" ? "2026/123" : "", "", "", messages)] };

    public static OmieInvoiceStatus NotInvoiced => new() { Invoiced = false, Rps = [] };

    public Task<OmieCustomerStatus> UpsertCustomerAsync(OmieCustomer customer, CancellationToken ct = default) =>
        Answer(Upsert, customer.IntegrationCode, () => new OmieCustomerStatus(1001, customer.IntegrationCode, "Cliente cadastrado com sucesso."), ct);

    public Task<OmieCustomerStatus?> FindCustomerByIntegrationCodeAsync(string integrationCode, CancellationToken ct = default) =>
        Answer<OmieCustomerStatus?>(FindCustomer, integrationCode, () => null, ct);

    public Task<OmieCustomerStatus?> FindCustomerByDocumentAsync(string document, CancellationToken ct = default) =>
        Answer<OmieCustomerStatus?>(FindByDocument, document, () => null, ct);

    public Task<OmieOrderStatus> CreateServiceOrderAsync(OmieServiceOrder order, CancellationToken ct = default) =>
        Answer(Create, order.IntegrationCode, () => new OmieOrderStatus(2002, order.IntegrationCode, "000042", "0", "Ordem de Serviço incluída com sucesso!"), ct);

    public Task<OmieOrderStatus?> FindServiceOrderAsync(string orderIntegrationCode, CancellationToken ct = default) =>
        Answer<OmieOrderStatus?>(Find, orderIntegrationCode, () => null, ct);

    public Task<OmieOrderStatus> InvoiceServiceOrderAsync(string orderIntegrationCode, CancellationToken ct = default) =>
        Answer(Invoice, orderIntegrationCode, () => new OmieOrderStatus(2002, orderIntegrationCode, "000042", "0", "Faturamento solicitado."), ct);

    public Task<OmieInvoiceStatus> GetInvoiceStatusAsync(string orderIntegrationCode, CancellationToken ct = default) =>
        Answer(Status, orderIntegrationCode, () => new OmieInvoiceStatus { Invoiced = true, Rps = [IssuedRps] }, ct);

    public Task<OmieOrderStatus> ResendInvoiceAsync(string orderIntegrationCode, CancellationToken ct = default) =>
        Answer(Resend, orderIntegrationCode, () => new OmieOrderStatus(2002, orderIntegrationCode, "000042", "0", "RPS reenviado."), ct);

    public Task<OmieOrderStatus> CancelServiceOrderAsync(string orderIntegrationCode, CancellationToken ct = default) =>
        Answer(Cancel, orderIntegrationCode, () => new OmieOrderStatus(2002, orderIntegrationCode, "000042", "0", "Solicitação de cancelamento enviada."), ct);

    /// <summary>Default: a boleto for any receivable.</summary>
    public Task<OmieBoleto?> GetBoletoAsync(long receivableId, CancellationToken ct = default) =>
        Answer<OmieBoleto?>(Boleto, receivableId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            () => new OmieBoleto($"https://omie.example/boleto/{receivableId}", "23790.00009 01234.567890 12345.678901 1 99990000150050", "00000001"), ct);

    /// <summary>Default: Omie holds no municipal code list (null), so the intake cannot judge a code and lets it pass.</summary>
    public Task<IReadOnlyList<OmieMunicipalServiceCode>?> ListMunicipalServiceCodesAsync(CancellationToken ct = default) =>
        Answer<IReadOnlyList<OmieMunicipalServiceCode>?>(MunicipalCodes, "", () => null, ct);

    public Task<IReadOnlyList<OmieRegisteredService>> ListRegisteredServicesAsync(CancellationToken ct = default) =>
        Answer<IReadOnlyList<OmieRegisteredService>>(RegisteredServices, "", () => [], ct);

    private async Task<T> Answer<T>(string method, string key, Func<T> fallback, CancellationToken ct)
    {
        Calls.Enqueue($"{method}:{key}");
        if (_scripts.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted))
            return (T)(await scripted(ct))!;
        return fallback();
    }
}
