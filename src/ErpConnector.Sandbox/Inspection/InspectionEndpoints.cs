using ErpConnector.Sandbox.FaultInjection;
using ErpConnector.Sandbox.Omie;
using ErpConnector.Sandbox.Omie.Limits;
using ErpConnector.Sandbox.Omie.OrderCalls;
using ErpConnector.Sandbox.Omie.Pushes;

namespace ErpConnector.Sandbox.Inspection;

/// <summary><c>/_sandbox/*</c> read and reset endpoints: not Omie's API, for tests, demos and benchmarks.</summary>
public static class InspectionEndpoints
{
    public static void MapInspection(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_sandbox/state", (OmieAccount account, CallLog log, OrderCallLog orderCalls, TimeProvider clock) =>
            account.Transact(clock.GetUtcNow(), () => Results.Json(new
            {
                customers = account.Customers.Select(c => new
                {
                    codigo_cliente_omie = c.Id,
                    codigo_cliente_integracao = c.IntegrationCode,
                    cnpj_cpf = c.Document,
                    razao_social = c.LegalName,
                    nome_fantasia = c.TradeName,
                }).ToList(),
                orders = account.Orders.Select(o => new
                {
                    nCodOS = o.Id,
                    cCodIntOS = o.IntegrationCode,
                    nCodCli = o.CustomerId,
                    faturada = o.Invoiced,
                    // As IncluirOS received them, taxes included: what the connector actually sent for each service.
                    ServicosPrestados = o.Services.DeepClone(),
                    rps = o.Rps.Select(r => new { status = r.Status, nNfse = r.NfseNumber, cancellationPending = r.CancellationDueAt is not null, awaitingImport = r.AwaitingImport }).ToList(),
                    cancelada = o.Cancelled,
                    // Every call that named this order (by cCodIntOS or nCodOS), per method.
                    calls = log.For(o.IntegrationCode, o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                }).ToList(),
                receivables = account.Receivables.Select(r => new
                {
                    codigo_lancamento = r.Id,
                    codigo_os = r.OrderId,
                    valor = r.Amount,
                    boleto = r.Boleto?.Number,
                    pago = r.PaidAt is not null,
                }).ToList(),
                pushes = account.Pushes.View(),
                calls = log.Calls,
                throttleFaults = log.ThrottleFaults,
                orderCalls = orderCalls.Summary(),
            })));

        // Every IncluirOS/FaturarOS/ReenviarOS about one order: arrival, completion, outcome, fault text.
        app.MapGet("/_sandbox/orders/{integrationCode}/calls", (string integrationCode, OrderCallLog orderCalls) =>
            Results.Json(orderCalls.For(integrationCode).Select(c => new
            {
                method = c.Method,
                arrivedAt = c.ArrivedAt,
                completedAt = c.CompletedAt,
                outcome = c.Outcome,
                fault = c.Fault,
            })));

        app.MapGet("/_sandbox/calls", (CallLog log) => Results.Json(new { calls = log.Calls, held = log.HeldNow, throttleFaults = log.ThrottleFaults }));

        app.MapPost("/_sandbox/reset", (OmieAccount account, CallLog log, OrderCallLog orderCalls, InjectionBoard injections, AppBlocks blocks,
            RateLimits rateLimits, ConcurrencyLimits concurrency, RedundancyRule redundancy, PushOutbox pushes) =>
        {
            pushes.Clear();
            account.Clear();
            log.Clear();
            orderCalls.Clear();
            injections.Clear();
            blocks.Clear();
            rateLimits.Clear();
            concurrency.Clear();
            redundancy.Clear();
            return Results.NoContent();
        });

        // Simulates a customer deleted in Omie behind the connector's back.
        app.MapDelete("/_sandbox/customers/{integrationCode}", (string integrationCode, OmieAccount account, TimeProvider clock) =>
            account.Transact(clock.GetUtcNow(), () =>
                account.RemoveCustomer(integrationCode) ? Results.NoContent() : Results.NotFound()));
    }
}
