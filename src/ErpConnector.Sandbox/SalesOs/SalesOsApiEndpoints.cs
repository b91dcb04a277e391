using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.SalesOs;

/// <summary>
/// SalesOS's API as the connector uses it, under <c>/salesos</c>: the Auth0 token endpoint (<c>/salesos/oauth/token</c>)
/// and <c>/salesos/v1/deals</c> (list with <c>updated_after</c> and a cursor, read, PATCH/PUT of <c>custom_fields</c>).
/// Every API answer carries <c>X-RateLimit-Limit/Remaining/Reset</c>; over the plan's limit it is 429 with
/// <c>Retry-After</c>. Errors: <c>{error:{code,message,details,request_id}}</c> (UNCONFIRMED envelope).
/// </summary>
public static class SalesOsApiEndpoints
{
    public static void MapSalesOsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/salesos/oauth/token", async (HttpContext http, SalesOsTenant tenant) =>
        {
            var o = tenant.Options;
            if (tenant.Faults.Unreachable) return Error(503, "unavailable", "SalesOS is unavailable.");
            JsonObject? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<JsonObject>(http.Request.Body);
            }
            catch (JsonException)
            {
                body = null;
            }
            string? Field(string name) => body?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (Field("grant_type") != "client_credentials")
                return Results.Json(new { error = "unsupported_grant_type", error_description = "grant_type must be client_credentials" }, statusCode: 400);
            if (tenant.Faults.Revoked || Field("client_id") != o.ClientId || Field("client_secret") != o.ClientSecret)
                return Results.Json(new { error = "access_denied", error_description = "Unauthorized" }, statusCode: 401);
            // Any audience gets a token (a valid JWT); the API refuses the wrong one, as SalesOS does.
            var token = tenant.IssueToken(Field("audience") ?? "");
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = (long)o.TokenLifetime.TotalSeconds, scope = string.Join(' ', o.Scopes) });
        });

        app.MapGet("/salesos/v1/deals", (HttpContext http, SalesOsTenant tenant, string? status, string? updated_after, string? cursor, int? limit) =>
            Guarded(http, tenant, "deals:read", () =>
            {
                var after = DateTimeOffset.MinValue;
                if (updated_after is not null && !DateTimeOffset.TryParse(updated_after, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out after))
                    return Error(422, "validation_error", "updated_after must be an ISO 8601 date.", ["updated_after"]);
                (DateTimeOffset, string)? from = null;
                if (cursor is not null)
                {
                    var parts = cursor.Split('|', 2);
                    if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ms))
                        return Error(422, "validation_error", "cursor is not one this API gave.", ["cursor"]);
                    from = (DateTimeOffset.FromUnixTimeMilliseconds(ms), parts[1]);
                }
                var (page, next) = tenant.List(status, after, from, Math.Clamp(limit ?? 50, 1, 200));
                return Results.Json(new JsonObject
                {
                    ["data"] = new JsonArray([.. page.Select(d => (JsonNode)View(d))]),
                    ["next_cursor"] = next,
                });
            }));

        app.MapGet("/salesos/v1/deals/{id}", (HttpContext http, SalesOsTenant tenant, string id) =>
            Guarded(http, tenant, "deals:read", () => tenant.Find(id) is { } d ? Results.Json(View(d)) : Error(404, "not_found", $"Deal '{id}' not found.")));

        app.MapMethods("/salesos/v1/deals/{id}", ["PATCH", "PUT"], async (HttpContext http, SalesOsTenant tenant, SalesOsWebhookSender webhook, string id) =>
        {
            JsonObject? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<JsonObject>(http.Request.Body);
            }
            catch (JsonException)
            {
                body = null;
            }
            return await Guarded(http, tenant, "deals:write", () =>
            {
                if (body?["custom_fields"] is not JsonObject custom)
                    return Error(422, "validation_error", "custom_fields must be an object of field names and values.", ["custom_fields"]);
                var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var (k, v) in custom) fields[k] = v is null ? null : v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v.ToJsonString();
                var deal = tenant.WriteFields(id, fields);
                if (deal is null) return Error(404, "not_found", $"Deal '{id}' not found.");
                if (tenant.Options.SendDealUpdated) webhook.Enqueue("deal.updated", View(deal));
                return Results.Json(View(deal));
            });
        });
    }

    /// <summary>A deal as the API shows it: the webhook's data.deal with status, updated_at and custom_fields.</summary>
    public static JsonObject View(SalesOsTenant.SandboxDeal d)
    {
        var view = (JsonObject)d.Body.DeepClone();
        view["status"] = d.Status;
        view["updated_at"] = d.UpdatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var custom = new JsonObject();
        foreach (var (k, v) in d.CustomFields) custom[k] = v;
        view["custom_fields"] = custom;
        return view;
    }

    /// <summary>Faults, then the plan's limit, then the token (401) and its scope (403); every answer logged.</summary>
    private static async Task<IResult> Guarded(HttpContext http, SalesOsTenant tenant, string scope, Func<IResult> handle)
    {
        var now = tenant.Clock.GetUtcNow();
        IResult result;
        DateTimeOffset? retryUntil = null;
        var o = tenant.Options;
        if (tenant.Faults.SlowMs > 0) await Task.Delay(tenant.Faults.SlowMs, http.RequestAborted); // a slow SalesOS holds the connection
        if (tenant.Faults.Unreachable)
        {
            // Down: nothing counted against the plan, no rate headers (a load balancer answers, not the API).
            var down = Error(503, "unavailable", "SalesOS is unavailable.");
            tenant.Log(new SalesOsTenant.ApiRequest(now, http.Request.Method, http.Request.Path + http.Request.QueryString, 503, null));
            return down;
        }
        var (allowed, limit, remaining, reset) = tenant.Count();
        if (limit > 0)
        {
            http.Response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }
        var requestId = "req_" + Guid.NewGuid().ToString("N")[..12];
        http.Response.Headers["X-Request-Id"] = requestId;
        if (tenant.TakeServerError())
            result = Error(503, "unavailable", "SalesOS is temporarily unavailable.", requestId: requestId);
        else if (!allowed || tenant.TakeRateLimited())
        {
            var seconds = allowed ? tenant.Faults.RetryAfterSeconds : Math.Max(1, (int)Math.Ceiling((reset - now).TotalSeconds));
            retryUntil = now + TimeSpan.FromSeconds(seconds);
            http.Response.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
            result = Error(429, "rate_limit_exceeded", "Too many requests for this plan; honour Retry-After.", requestId: requestId);
        }
        else
        {
            var header = http.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? tenant.FindToken(header["Bearer ".Length..]) : null;
            if (tenant.Faults.Revoked || token is null || token.ExpiresAt <= now || token.Audience != o.Audience)
                result = Error(401, "unauthorized", "Missing, expired or invalid token.", requestId: requestId);
            else if (!token.Scopes.Contains(scope))
                result = Error(403, "insufficient_scope", $"The API client lacks the scope {scope}.", [scope], requestId);
            else result = handle();
        }
        tenant.Log(new SalesOsTenant.ApiRequest(now, http.Request.Method, http.Request.Path + http.Request.QueryString, StatusOf(result), retryUntil));
        return result;
    }

    private static int StatusOf(IResult result) => result is IStatusCodeHttpResult { StatusCode: { } s } ? s : 200;

    private static IResult Error(int status, string code, string message, string[]? details = null, string? requestId = null) =>
        Results.Json(new { error = new { code, message, details = details ?? [], request_id = requestId ?? "req_" + Guid.NewGuid().ToString("N")[..12] } }, statusCode: status);
}
