using System.Globalization;

namespace ErpConnector.Sandbox.Distributors;

/// <summary><c>GET|HEAD /distributors/{feedId}/files/{name}</c>: a price file, zipped when the name ends in .zip.
/// Query: rows, seed, changed, removed (percent), layout (standard|ingram|matched), delimiter (comma|semicolon|tab|tilde|pipe),
/// encoding (utf-8|latin1), decimal (dot|comma), chunked (true: no Content-Length, as servers streaming a file
/// they are still producing send it). Served from the generated-file cache in 64 KB chunks.</summary>
internal static class SandboxPriceFiles
{
    private const int ChunkSize = 64 * 1024;

    public static async Task ServeAsync(HttpContext http, string feedId, string fileName, DistributorSandboxState state, CatalogueFiles files)
    {
        var ct = http.RequestAborted;
        state.Stats(feedId).FileRequests++;
        if (DistributorSandboxEndpoints.StatusFault(http, state, feedId) is { } fault)
        {
            await fault.ExecuteAsync(http);
            return;
        }

        var q = http.Request.Query;
        var baseSpec = state.Spec(feedId);
        var delimiter = CatalogueSpec.ParseDelimiter(q["delimiter"]);
        if (delimiter is null)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsync("delimiter must be comma, semicolon, tab, tilde or pipe", ct);
            return;
        }
        var truncated = state.Content(feedId, "truncated");
        var malformed = state.Content(feedId, "malformed");
        var spec = baseSpec with
        {
            Rows = Int(q["rows"]) ?? baseSpec.Rows,
            Seed = Int(q["seed"]) ?? baseSpec.Seed,
            ChangedPercent = Dbl(q["changed"]) ?? baseSpec.ChangedPercent,
            RemovedPercent = Dbl(q["removed"]) ?? baseSpec.RemovedPercent,
            Layout = q["layout"].ToString() is "ingram" or "matched" ? q["layout"].ToString() : "standard",
            Delimiter = delimiter.Value,
            Encoding = q["encoding"] == "latin1" ? "latin1" : "utf-8",
            DecimalSeparator = q["decimal"] == "comma" ? ',' : '.',
            Zipped = fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase),
            Empty = state.Content(feedId, "empty") is not null,
            TruncateAtPercent = truncated?.TruncateAtPercent,
            MalformedRows = malformed?.MalformedRows ?? 0,
        };
        if (spec.Rows is < 0 or > 1_000_000)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsync("rows must be between 0 and 1,000,000", ct);
            return;
        }

        var path = await files.GetAsync(spec, ct);
        var info = new FileInfo(path);
        http.Response.ContentType = spec.Zipped ? "application/zip" : "text/csv; charset=" + (spec.Encoding == "latin1" ? "iso-8859-1" : "utf-8");
        if (q["chunked"] != "true") http.Response.ContentLength = info.Length;
        http.Response.Headers.LastModified = info.LastWriteTimeUtc.ToString("R", CultureInfo.InvariantCulture);
        if (HttpMethods.IsHead(http.Request.Method)) return;

        var slow = state.Content(feedId, "slow");
        var delay = slow is null ? 0 : slow.DelayMs ?? state.Defaults.SlowDelayMs;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, useAsync: true);
        var buffer = new byte[ChunkSize];
        int n;
        while ((n = await file.ReadAsync(buffer, ct)) > 0)
        {
            await http.Response.Body.WriteAsync(buffer.AsMemory(0, n), ct);
            if (delay > 0)
            {
                await http.Response.Body.FlushAsync(ct);
                await Task.Delay(delay, ct);
            }
        }
    }

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
    private static double? Dbl(string? s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
