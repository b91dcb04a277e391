using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.SalesOs;

/// <summary><c>/_sandbox/salesos/*</c>: not SalesOS's API; create and win deals, inspect what the connector wrote,
/// inject faults, see and reactivate the webhook.</summary>
public static class SalesOsSandboxEndpoints
{
    public static void MapSalesOsInspection(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/_sandbox/salesos");

        // Body: the webhook's data.deal (id, wonAt, currency, amount, company, lineItems). ?won=false keeps it open.
        group.MapPost("/deals", (JsonObject deal, bool? won, SalesOsTenant tenant, SalesOsWebhookSender webhook) =>
        {
            if (deal["id"] is not JsonValue id || !id.TryGetValue<string>(out _)) return Results.BadRequest(new { message = "deal.id is required" });
            var stored = tenant.Upsert(deal, won == false ? "open" : "won");
            var eventId = stored.Status == "won" ? webhook.Enqueue("deal.won", SalesOsApiEndpoints.View(stored)) : null;
            return Results.Json(new { deal = SalesOsApiEndpoints.View(stored), webhookEventId = eventId });
        });

        group.MapPost("/deals/{id}/win", (string id, SalesOsTenant tenant, SalesOsWebhookSender webhook) =>
        {
            if (tenant.Find(id) is not { } deal) return Results.NotFound();
            var stored = tenant.Upsert(deal.Body, "won");
            return Results.Json(new { deal = SalesOsApiEndpoints.View(stored), webhookEventId = webhook.Enqueue("deal.won", SalesOsApiEndpoints.View(stored)) });
        });

        group.MapGet("/deals/{id}", (string id, SalesOsTenant tenant) => tenant.Find(id) is { } d
            ? Results.Json(new { deal = SalesOsApiEndpoints.View(d), writes = tenant.Transact(() => d.Writes.ToList()) })
            : Results.NotFound());

        group.MapGet("/requests", (SalesOsTenant tenant) => Results.Json(new { requests = tenant.Requests(), tokensIssued = tenant.TokensIssued }));

        group.MapPost("/faults", (SalesOsFaults faults, SalesOsTenant tenant) =>
        {
            tenant.SetFaults(faults);
            return Results.Json(tenant.Faults);
        });
        group.MapDelete("/faults", (SalesOsTenant tenant) =>
        {
            tenant.SetFaults(new SalesOsFaults());
            return Results.NoContent();
        });

        group.MapPost("/tokens/expire", (SalesOsTenant tenant) =>
        {
            tenant.ExpireTokens();
            return Results.NoContent();
        });

        group.MapGet("/webhook", (SalesOsTenant tenant, SalesOsWebhookSender webhook) => Results.Json(new
        {
            url = webhook.Url,
            active = webhook.Active,
            consecutiveFailures = webhook.ConsecutiveFailures,
            pending = webhook.Pending,
            delivered = webhook.Delivered,
            failedEvents = webhook.FailedEvents.ToList(),
            droppedWhileInactive = webhook.DroppedWhileInactive.Count,
        }));

        group.MapPut("/webhook", (WebhookSubscription subscription, SalesOsWebhookSender webhook) =>
        {
            webhook.Subscribe(subscription.Url, subscription.Secret);
            return Results.NoContent();
        });

        // What an admin does in Admin > Integrations > Webhooks.
        group.MapPost("/webhook/reactivate", (SalesOsWebhookSender webhook) =>
        {
            webhook.Reactivate();
            return Results.NoContent();
        });
    }
}

public sealed record WebhookSubscription(string Url, string? Secret);
