using System.Text.Json;

namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary>What a city does to an NFS-e outside any API call, for specs: time passing, a substitution.</summary>
public static class NfseSandboxEndpoints
{
    public static void MapNfseActions(this IEndpointRouteBuilder app)
    {
        // {"days": 40} (and/or "hours"): the NFS-e was issued that much earlier, e.g. past its city's cancellation window.
        app.MapPost("/_sandbox/nfse/{number:long}/age", async (long number, HttpRequest request, OmieAccount account, TimeProvider clock) =>
        {
            double days = 0, hours = 0;
            try
            {
                using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                if (body.RootElement.TryGetProperty("days", out var d)) days = d.GetDouble();
                if (body.RootElement.TryGetProperty("hours", out var h)) hours = h.GetDouble();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                return Results.Problem("expected {\"days\": n} and/or {\"hours\": n}", statusCode: StatusCodes.Status400BadRequest);
            }
            if (days < 0 || hours < 0 || days + (hours / 24) is 0 or > 36_500)
            {
                return Results.Problem("days/hours must be positive and below 100 years", statusCode: StatusCodes.Status400BadRequest);
            }
            return account.Transact(clock.GetUtcNow(), () =>
            {
                if (account.Nfse(number) is not { } hit || hit.Rps.IssuedAt is null) return Results.NotFound();
                hit.Rps.Age(TimeSpan.FromDays(days) + TimeSpan.FromHours(hours));
                return Results.Json(new { numero_nfse = number, issuedAt = hit.Rps.IssuedAt });
            });
        });

        // A TXT-only city: the company imported the RPS by hand; the city now decides as usual.
        app.MapPost("/_sandbox/orders/{integrationCode}/import", (string integrationCode, OmieAccount account, TimeProvider clock) =>
        {
            var now = clock.GetUtcNow();
            return account.Transact(now, () =>
            {
                if (account.OrderByCode(integrationCode) is not { } order) return Results.NotFound();
                var imported = account.Import(order, now);
                return imported == 0
                    ? Results.Problem($"order {integrationCode} has no RPS waiting for a TXT import", statusCode: StatusCodes.Status409Conflict)
                    : Results.Json(new { imported, rps = order.Rps.Select(r => new { status = r.Status, nNfse = r.NfseNumber }) });
            });
        });

        // The city replaces an NFS-e in force with a new number (NFSe.NotaSubstituida).
        app.MapPost("/_sandbox/nfse/{number:long}/substitute", (long number, OmieAccount account, TimeProvider clock) =>
        {
            var now = clock.GetUtcNow();
            return account.Transact(now, () => account.Substitute(number, now) is { } done
                ? Results.Json(new { numero_nfse = done.Replaced, numero_nfse_substituta = done.Substitute })
                : Results.Problem($"NFS-e {number} is not in force (unknown, cancelled or already substituted)", statusCode: StatusCodes.Status409Conflict));
        });
    }
}
