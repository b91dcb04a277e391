using ErpConnector.Sandbox.Omie.Pushes;

namespace ErpConnector.Sandbox.Omie.Receivables;

/// <summary><c>/_sandbox/omie/receivables/{id}/settle</c>: the customer pays (Financas.ContaReceber.BaixaRealizada).</summary>
public static class ReceivableSandboxEndpoints
{
    public static void MapReceivableActions(this IEndpointRouteBuilder app)
    {
        // {id}: the receivable's codigo_lancamento, or its order's nCodOS (both are Omie ids from one sequence, so they
        // never collide), or its order's cCodIntOS.
        app.MapPost("/_sandbox/omie/receivables/{id}/settle", (string id, OmieAccount account, TimeProvider clock) =>
        {
            var now = clock.GetUtcNow();
            return account.Transact(now, () =>
            {
                var receivable = long.TryParse(id, out var number)
                    ? account.ReceivableById(number) ?? account.ReceivableByOrder(number)
                    : null;
                receivable ??= account.OrderByCode(id) is { } order ? account.ReceivableByOrder(order.Id) : null;
                if (receivable is null) return Results.Problem($"no receivable for '{id}' (it exists once the NFS-e is authorised)", statusCode: StatusCodes.Status404NotFound);
                if (receivable.PaidAt is not null) return Results.Problem($"receivable {receivable.Id} is already paid", statusCode: StatusCodes.Status409Conflict);
                receivable.Settle(now);
                account.Pushes.Publish(PushTopics.BaixaRealizada, PushEvents.Paid(receivable));
                return Results.Json(new { codigo_lancamento = receivable.Id, codigo_os = receivable.OrderId, valor = receivable.Amount, pago = true });
            });
        });
    }
}
