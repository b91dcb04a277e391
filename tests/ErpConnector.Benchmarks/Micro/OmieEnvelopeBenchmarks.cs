using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using ErpConnector.Omie;
using Microsoft.Extensions.Logging.Abstractions;

namespace ErpConnector.Benchmarks.Micro;

/// <summary>
/// One Omie call through the real client (envelope serialisation, RestSharp, response or fault parsing)
/// against an in-memory handler, so only the client's own work is measured — no network.
/// </summary>
[MemoryDiagnoser]
public class OmieEnvelopeBenchmarks
{
    private const string StatusBody = """
        {"cCodIntOS":"DBENCH","nCodOS":1000000002,"cNumOS":"000001","cFaturada":"S","cCancelada":"N","cAmbiente":"H",
         "ListaRpsNfse":[{"cStatusRps":"004","cStatusLote":"004","nNfse":"123","cCodVerif":"ABCD1234","cUrlNfse":"https://nfse.example/123",
         "mensagens":[{"cCodigo":"L000","cDescricao":"NFS-e autorizada","cCorrecao":"","cSituacao":"SUCESSO"}]}]}
        """;
    private const string FaultBody = """{"faultstring":"ERROR: Cliente já cadastrado para o CPF/CNPJ [11.222.333/0001-81] com o Id [5522173861] e código de integração [C11222333000181] ! (add)","faultcode":"SOAP-ENV:Client-102"}""";

    private OmieClient _statusClient = null!;
    private OmieClient _faultClient = null!;
    private readonly OmieServiceOrder _order = new()
    {
        IntegrationCode = "DBENCH",
        CustomerOmieId = 1000000001,
        ExpectedDate = new DateOnly(2026, 11, 22),
        Services = [new OmieServiceLine("01015", "1.07", "Suporte técnico", 2, 750.25m)],
    };

    [GlobalSetup]
    public void Setup()
    {
        var options = new OmieOptions
        {
            BaseUrl = "http://omie.bench/api/v1/", AppKey = "bench-key", AppSecret = "bench-secret",
            RequestsPerMinutePerIp = int.MaxValue / 2, BurstPerIp = int.MaxValue / 4,
            RequestsPerMinutePerMethod = int.MaxValue / 2, BurstPerMethod = int.MaxValue / 4, MaxConcurrentPerMethod = 1024,
        };
        _statusClient = Client(options, new CannedHandler(HttpStatusCode.OK, StatusBody));
        _faultClient = Client(options, new CannedHandler(HttpStatusCode.InternalServerError, FaultBody));
    }

    private static OmieClient Client(OmieOptions options, HttpMessageHandler handler)
    {
        var transport = new OmieTransport(options, new OmieRateLimiter(options), new OmieRecordLocks(), NullLogger<OmieTransport>.Instance, handler);
        return new OmieClient(transport, NullLogger<OmieClient>.Instance);
    }

    [Benchmark] public Task<OmieInvoiceStatus> StatusOS_round_trip() => _statusClient.GetInvoiceStatusAsync("DBENCH");

    [Benchmark]
    public async Task<string> IncluirOS_fault_parsed()
    {
        try { await _faultClient.CreateServiceOrderAsync(_order); return ""; }
        catch (OmieFaultException fault) { return fault.FaultCode; }
    }

    [Benchmark] public bool Fault_text_existing_id() => OmieFaultText.TryParseExistingCustomerId(
        "ERROR: Cliente já cadastrado para o CPF/CNPJ [39.330.543/0001-02] com o Id [5522173861] e código de integração [65007887191] ! (add)", out _);

    private sealed class CannedHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            // Read the request as a server would, so serialisation is not optimised away.
            _ = request.Content?.ReadAsByteArrayAsync(ct);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
