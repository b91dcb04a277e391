namespace ErpConnector.Service.Security;

/// <summary>
/// The scopes an API key or a JWT can carry, and which scope each part of <c>/api</c> needs. The table is by
/// path prefix and HTTP method, so an endpoint added later under a known prefix is covered without any change,
/// and one under an unknown prefix is refused (403) until a scope is assigned here: fail closed.
/// </summary>
public static class ApiScopes
{
    public const string DealsRead = "deals:read";
    public const string DealsWrite = "deals:write";
    public const string DistributorsRead = "distributors:read";
    public const string DistributorsRun = "distributors:run";
    public const string TaxIdsRead = "tax-ids:read";

    /// <summary>Claim type holding one scope per claim (API keys and JWTs alike).</summary>
    public const string ClaimType = "scope";

    public static readonly IReadOnlyList<string> All = [DealsRead, DealsWrite, DistributorsRead, DistributorsRun, TaxIdsRead];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    /// <summary>True for paths that require credentials.</summary>
    public static bool IsProtected(PathString path) => path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>The scope needed for <paramref name="method"/> on <paramref name="path"/>; null when no rule covers it.</summary>
    public static string? Required(string method, PathString path)
    {
        var read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        if (path.StartsWithSegments("/api/deals", StringComparison.OrdinalIgnoreCase))
            return read ? DealsRead : DealsWrite; // POST /api/deals, POST /api/deals/{id}/retry
        if (path.StartsWithSegments("/api/errors", StringComparison.OrdinalIgnoreCase))
            return read ? DealsRead : DealsWrite; // deal.won error queue: list, replay
        if (path.StartsWithSegments("/api/distributors", StringComparison.OrdinalIgnoreCase))
            return read ? DistributorsRead : DistributorsRun; // refetch, test-connection
        if (path.StartsWithSegments("/api/prices", StringComparison.OrdinalIgnoreCase))
            return DistributorsRead; // best price across distributors (GET only)
        if (path.StartsWithSegments("/api/tax-ids", StringComparison.OrdinalIgnoreCase))
            return TaxIdsRead;
        return null;
    }
}
