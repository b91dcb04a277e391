using System.Diagnostics;
using System.IO.Compression;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Files.Sftp;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Distributors.Files;

/// <summary>Flat price files (Ingram PRICE.ZIP, TD SYNNEX tilde files, EU CSVs): downloaded over HTTP(S) or SFTP (or
/// read from a mounted folder), optionally unzipped, parsed as a stream.</summary>
public sealed class FilePriceFeedAdapter(IHttpClientFactory httpClients, TimeProvider time, ILogger<FilePriceFeedAdapter> logger) : IPriceFeedAdapter
{
    public const string HttpClientName = "distributor-files";

    public string Kind => "file";

    public bool ParsesLocalCopy => true;

    public async Task ReadAsync(PriceFeedOptions feed, IFeedRowSink sink, CancellationToken ct)
    {
        var file = feed.File!;
        var url = new Uri(file.Url);
        string? temp = null;
        try
        {
            string path;
            if (url.IsFile)
            {
                path = url.LocalPath;
                if (!File.Exists(path)) throw new FeedFetchException("download", $"No file at {path}.");
                sink.Progress(0, new FileInfo(path).Length);
            }
            else
            {
                temp = Path.Combine(Path.GetTempPath(), $"erpconnector-feed-{feed.Id}-{Guid.NewGuid():N}.download");
                await FetchWholeFileAsync(feed, url, temp, sink, ct);
                path = temp;
            }
            // Parsing is CPU-bound and synchronous (Sylvan over a local file); keep it off the caller's context.
            await Task.Run(() => Parse(feed, file, url, path, sink, ct), ct);
        }
        finally
        {
            if (temp is not null) TryDelete(temp);
        }
    }

    /// <summary>Copies the file to <paramref name="temp"/>, fetching it whole again (never resuming: a partial copy
    /// is overwritten) after a failure that may pass, up to <see cref="FileFeedOptions.DownloadAttempts"/> tries.</summary>
    private async Task FetchWholeFileAsync(PriceFeedOptions feed, Uri url, string temp, IFeedRowSink sink, CancellationToken ct)
    {
        var file = feed.File!;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await FetchOnceAsync(feed, url, temp, sink, ct);
                return;
            }
            catch (FeedFetchException ex) when (ex.Transient)
            {
                if (attempt >= file.DownloadAttempts)
                    throw attempt == 1 ? ex : new FeedFetchException(ex.Step, $"{ex.Message} Gave up after {attempt} tries of the whole file.", ex.HttpStatus) { Transient = true };
                logger.LogWarning("Feed {FeedId}: fetching the file failed (try {Attempt} of {Attempts}); fetching it whole again in {DelayMs} ms: {Message}",
                    feed.Id, attempt, file.DownloadAttempts, file.RetryDelay.TotalMilliseconds, ex.Message);
                sink.Progress(0, null);
                await Task.Delay(file.RetryDelay, time, ct);
            }
        }
    }

    private async Task FetchOnceAsync(PriceFeedOptions feed, Uri url, string temp, IFeedRowSink sink, CancellationToken ct)
    {
        var file = feed.File!;
        var started = Stopwatch.GetTimestamp();
        // A plain file's bytes are its text: its ceiling already applies to the download. A zip's
        // is checked on what comes out of it, while it is parsed.
        var ceiling = file.IsZipped(url) ? (long?)null : feed.Thresholds.MaxUncompressedBytes;
        var source = SafeUrl.From(url).ToString();
        if (FileFeedOptions.IsSftp(url))
        {
            using var sftp = await SftpFeedFile.OpenAsync(file, ct);
            var remote = await sftp.ResolveAsync(ct);
            await sftp.DownloadAsync(remote, temp, sink.Progress, ceiling, file.DownloadTimeout, ct);
            source = $"{source} ({remote.Path}, modified {remote.LastWriteUtc:u})";
        }
        else
        {
            await new FeedDownload(httpClients.CreateClient(HttpClientName)).DownloadAsync(file, temp, sink.Progress, ceiling, ct);
        }
        logger.LogInformation("Feed {FeedId} downloaded {Bytes} bytes from {Url} in {ElapsedMs} ms",
            feed.Id, new FileInfo(temp).Length, source, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static void Parse(PriceFeedOptions feed, FileFeedOptions file, Uri url, string path, IFeedRowSink sink, CancellationToken ct)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var total = stream.Length;
        using var counting = new ProgressStream(stream, read => { if (url.IsFile) sink.Progress(read, total); });
        var maxBytes = feed.Thresholds.MaxUncompressedBytes;
        if (!file.IsZipped(url))
        {
            DelimitedPriceReader.Read(new UncompressedByteCeiling(counting, maxBytes, "The file"), file, feed.DefaultCurrency, sink, ct);
            return;
        }

        ZipArchive zip;
        try { zip = new ZipArchive(counting, ZipArchiveMode.Read); }
        catch (InvalidDataException ex) { throw new FeedFetchException("archive", $"The archive from {SafeUrl.From(url)} is corrupt or truncated: {ex.Message}", null, ex); }
        using (zip)
        {
            var entry = file.EntryName is { Length: > 0 } name
                ? zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, name, StringComparison.OrdinalIgnoreCase))
                  ?? throw new FeedFetchException("archive", $"The archive has no entry '{name}'; it holds: {string.Join(", ", zip.Entries.Select(e => e.FullName))}.")
                : zip.Entries.FirstOrDefault(e => !e.FullName.EndsWith('/'))
                  ?? throw new FeedFetchException("archive", "The archive holds no file.");
            // The declared size settles most oversized archives before a byte is inflated; the ceiling on the
            // stream catches an entry that declares less than it holds.
            if (entry.Length > maxBytes)
                throw FeedLimitExceededException.Bytes(maxBytes, $"Entry '{entry.FullName}' of the archive declares {entry.Length:N0} bytes uncompressed");
            try
            {
                using var content = new UncompressedByteCeiling(entry.Open(), maxBytes, $"Entry '{entry.FullName}' of the archive");
                DelimitedPriceReader.Read(content, file, feed.DefaultCurrency, sink, ct);
            }
            catch (InvalidDataException ex)
            {
                throw new FeedFetchException("archive", $"Entry '{entry.FullName}' of the archive is corrupt: {ex.Message}", null, ex);
            }
        }
    }

    public async Task<ConnectionCheck> TestConnectionAsync(PriceFeedOptions feed, CancellationToken ct)
    {
        var file = feed.File!;
        var url = new Uri(file.Url);
        var started = Stopwatch.GetTimestamp();
        double Elapsed() => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (url.IsFile)
            return File.Exists(url.LocalPath)
                ? new ConnectionCheck(true, "file", $"The file {url.LocalPath} is there ({new FileInfo(url.LocalPath).Length:N0} bytes).", null, Elapsed())
                : new ConnectionCheck(false, "file", $"No file at {url.LocalPath}.", null, Elapsed());

        if (FileFeedOptions.IsSftp(url))
        {
            // Log in and stat the file (the newest match of a pattern): proves credentials, host key and the file
            // without transferring it.
            try
            {
                using var sftp = await SftpFeedFile.OpenAsync(file, ct);
                var remote = await sftp.ResolveAsync(ct);
                return new ConnectionCheck(true, "file", sftp.Describe(remote, time.GetUtcNow()), null, Elapsed());
            }
            catch (FeedFetchException ex)
            {
                return new ConnectionCheck(false, ex.Step, ex.Message, null, Elapsed()) { CredentialsRejected = ex.CredentialsRejected };
            }
        }

        var http = httpClients.CreateClient(HttpClientName);
        try
        {
            // A HEAD (or a one-byte range) proves reach and credentials without transferring the file.
            using var head = FeedDownload.NewRequest(HttpMethod.Head, file);
            using var response = await http.SendAsync(head, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode == System.Net.HttpStatusCode.MethodNotAllowed)
            {
                using var range = FeedDownload.NewRequest(HttpMethod.Get, file);
                range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 0);
                using var ranged = await http.SendAsync(range, HttpCompletionOption.ResponseHeadersRead, ct);
                return Describe(ranged, url, Elapsed());
            }
            return Describe(response, url, Elapsed());
        }
        catch (HttpRequestException ex)
        {
            var safe = SafeUrl.From(url);
            return new ConnectionCheck(false, "file", $"Could not reach {safe}: {safe.Scrub(ex.Message)}", null, Elapsed());
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ConnectionCheck(false, "file", $"No answer from {SafeUrl.From(url)} in time.", null, Elapsed());
        }
    }

    private static ConnectionCheck Describe(HttpResponseMessage response, Uri configured, double elapsed)
    {
        var url = SafeUrl.From(configured);
        if (!response.IsSuccessStatusCode)
            return new ConnectionCheck(false, "file", FeedDownload.Explain(response.StatusCode, url), (int)response.StatusCode, elapsed)
            {
                CredentialsRejected = FeedDownload.Refused(response.StatusCode, url).CredentialsRejected,
            };
        var size = response.Content.Headers.ContentRange?.Length ?? response.Content.Headers.ContentLength;
        var modified = response.Content.Headers.LastModified;
        return new ConnectionCheck(true, "file",
            $"Reached {url}: {(size is { } s ? $"{s:N0} bytes" : "size not announced")}{(modified is { } m ? $", last modified {m:u}" : "")}.",
            (int)response.StatusCode, elapsed);
    }

    private void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException ex) { logger.LogWarning(ex, "Could not delete the temporary feed file {Path}", path); }
    }
}
