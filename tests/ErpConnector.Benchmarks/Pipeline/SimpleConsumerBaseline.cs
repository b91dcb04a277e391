using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ErpConnector.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace ErpConnector.Benchmarks.Pipeline;

/// <summary>
/// What a team would write in an afternoon instead of the connector: a MassTransit consumer of the same deal.won
/// bodies that calls UpsertCliente, IncluirOS, FaturarOS and StatusOS on the same simulator with a plain
/// <see cref="HttpClient"/>, keeps nothing (no ledger, no leases, no durable retries) and publishes NfseIssued to
/// the same exchange, where the same observer times it. It reads its own exchange so the connector never sees its
/// messages. Same serializer, concurrency and prefetch as the connector.
/// </summary>
public sealed class SimpleConsumerBaseline : IAsyncDisposable
{
    public const string Exchange = "bench.simple-deal-won";
    private const string Queue = "bench.simple-deal-won";

    private readonly ServiceProvider _provider;
    private readonly IBusControl _bus;

    private SimpleConsumerBaseline(ServiceProvider provider)
    {
        _provider = provider;
        _bus = provider.GetRequiredService<IBusControl>();
    }

    public static async Task<SimpleConsumerBaseline> StartAsync(string rabbitUri, string sandboxUrl, int concurrency, int prefetch)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new PlainOmie(new HttpClient { BaseAddress = new Uri($"{sandboxUrl}/api/v1/") }));
        services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.AddConsumer<SimpleDealConsumer>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(rabbitUri));
                cfg.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
                cfg.UseRawJsonSerializer(RawSerializerOptions.AnyMessageType | RawSerializerOptions.AddTransportHeaders, isDefault: true);
                cfg.Message<NfseIssued>(m => m.SetEntityName(ExchangeNames.NfseIssued));
                cfg.ReceiveEndpoint(Queue, e =>
                {
                    e.PurgeOnStartup = true;
                    e.ConcurrentMessageLimit = concurrency;
                    e.PrefetchCount = prefetch;
                    e.ConfigureConsumeTopology = false;
                    e.Bind(Exchange);
                    e.ConfigureConsumer<SimpleDealConsumer>(context);
                });
            });
        });
        var baseline = new SimpleConsumerBaseline(services.BuildServiceProvider());
        await baseline._bus.StartAsync();
        return baseline;
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync();
        await _provider.DisposeAsync();
    }

    /// <summary>The four Omie calls as plain JSON posts; a fault or a non-2xx answer throws (MassTransit then faults the message).</summary>
    public sealed class PlainOmie(HttpClient http)
    {
        // Omie's field names as written (PostAsJsonAsync's web defaults would camel-case "Cabecalho").
        private static readonly JsonSerializerOptions AsWritten = new();

        public async Task<JsonObject> CallAsync(string endpoint, string method, object param, CancellationToken ct)
        {
            var envelope = new { call = method, app_key = "sandbox-app-key", app_secret = "sandbox-app-secret", param = new[] { param } };
            using var response = await http.PostAsJsonAsync(endpoint, envelope, AsWritten, ct);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct)
                ?? throw new InvalidOperationException($"{method}: empty answer");
            if (!response.IsSuccessStatusCode || body.ContainsKey("faultstring"))
                throw new InvalidOperationException($"{method}: HTTP {(int)response.StatusCode} {body["faultstring"]}");
            return body;
        }
    }

    public sealed class SimpleDealConsumer(PlainOmie omie) : IConsumer<DealWon>
    {
        private static int _faults;

        public async Task Consume(ConsumeContext<DealWon> context)
        {
            try
            {
                await IssueAsync(context);
            }
            catch (Exception e) when (Interlocked.Increment(ref _faults) <= 3)
            {
                // A baseline that faults measures nothing: say why at once instead of waiting for the round's timeout.
                Console.Error.WriteLine($"simple consumer fault: {e.Message}");
                throw;
            }
        }

        private async Task IssueAsync(ConsumeContext<DealWon> context)
        {
            var deal = context.Message;
            var ct = context.CancellationToken;
            var c = deal.Customer!;
            var address = c.Address;
            var orderCode = deal.DealId;
            var customer = await omie.CallAsync("geral/clientes/", "UpsertCliente", new
            {
                razao_social = c.LegalName,
                nome_fantasia = c.TradeName,
                cnpj_cpf = c.Document,
                codigo_cliente_integracao = "C" + c.Document,
                email = c.Email,
                endereco = address?.Street,
                endereco_numero = address?.Number,
                bairro = address?.District,
                cidade = address?.City,
                estado = address?.State,
                cep = address?.PostalCode,
                codigo_pais = "1058",
            }, ct);
            await omie.CallAsync("servicos/os/", "IncluirOS", new
            {
                Cabecalho = new
                {
                    cCodIntOS = orderCode,
                    nCodCli = customer["codigo_cliente_omie"]!.GetValue<long>(),
                    dDtPrevisao = DateTime.Today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
                    cEtapa = "50",
                    cCodParc = "000",
                    nQtdeParc = 1,
                },
                InformacoesAdicionais = new { cDadosAdicNF = "" },
                ServicosPrestados = deal.Services!.Select(s => new
                {
                    cCodServMun = s.MunicipalCode,
                    cCodServLC116 = s.Lc116Code,
                    cDescServ = s.Description,
                    nQtde = s.Quantity,
                    nValUnit = s.UnitPrice,
                    cTribServ = "01",
                    cRetemISS = "N",
                }).ToArray(),
            }, ct);
            var invoiced = await omie.CallAsync("servicos/osp/", "FaturarOS", new { cCodIntOS = orderCode }, ct);

            // The city answers asynchronously: poll StatusOS until the last RPS is issued (immediate in this suite).
            for (var attempt = 0; ; attempt++)
            {
                var status = await omie.CallAsync("servicos/os/", "StatusOS", new { cCodIntOS = orderCode }, ct);
                if (status["ListaRpsNfse"] is JsonArray { Count: > 0 } rps && rps[^1] is JsonObject last
                    && (string?)last["cStatusRps"] == "004")
                {
                    await context.Publish(new NfseIssued
                    {
                        DealId = deal.DealId,
                        EventId = deal.EventId,
                        NfseNumber = (string?)last["nNfse"] ?? "",
                        VerificationCode = (string?)last["cCodVerif"] ?? "",
                        NfseUrl = (string?)last["cUrlNfse"] ?? "",
                        IssuedAt = DateTimeOffset.UtcNow,
                        Total = deal.Total,
                        GrossAmount = deal.Total,
                        CustomerDocument = c.Document,
                        OmieOrderId = invoiced["nCodOS"]?.GetValue<long>() ?? 0,
                    }, ct);
                    return;
                }
                if (attempt >= 100) throw new InvalidOperationException($"{orderCode}: NFS-e not issued after {attempt} polls");
                await Task.Delay(50, ct);
            }
        }
    }
}
