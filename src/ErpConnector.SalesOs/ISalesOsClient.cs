using System.Text.Json;

namespace ErpConnector.SalesOs;

/// <summary>The SalesOS calls the connector makes. Failures are <see cref="SalesOsCallException"/>.</summary>
public interface ISalesOsClient
{
    /// <summary><c>GET deals?status=won&amp;updated_after=…&amp;cursor=…&amp;limit=…</c>: one page of won deals changed
    /// after <paramref name="updatedAfter"/>, oldest change first (scope <c>deals:read</c>).</summary>
    Task<SalesOsDealPage> ListWonDealsAsync(DateTimeOffset updatedAfter, string? cursor, int limit, CancellationToken ct);

    /// <summary><c>PATCH deals/{id}</c> with <c>custom_fields</c> (scope <c>deals:write</c>). Idempotent: the same
    /// values written twice leave the deal as once.</summary>
    Task UpdateCustomFieldsAsync(string dealId, IReadOnlyDictionary<string, string?> customFields, CancellationToken ct);
}

/// <summary>One page of deals as SalesOS sends them (each the webhook's <c>data.deal</c> shape plus <c>status</c>,
/// <c>updated_at</c> and <c>custom_fields</c>: UNCONFIRMED), and the cursor of the next page (null on the last).</summary>
public sealed record SalesOsDealPage(IReadOnlyList<JsonElement> Deals, string? NextCursor);
