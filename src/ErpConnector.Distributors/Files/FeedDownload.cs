using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Feeds;

namespace ErpConnector.Distributors.Files;

/// <summary>Copies the feed file to a local temporary file with progress, so parsing reads from disk at its own
/// pace, a zip can be opened (its directory sits at the end), and a connection cut mid-file fails the run
/// before a single row is judged.</summary>
internal sealed class FeedDownload(HttpClient http)
{
    private const int ChunkSize = 128 * 1024;

    /// <param name="file">Where the file is and how to authenticate.</param>
    /// <param name="target">Local path written; the caller deletes it.</param>
    /// <param name="progress">Called with the bytes received so far and the announced total (null when unannounced).</param>
    /// <param name="maxBytes">Stop (<see cref="FeedLimitExceededException"/>) once more than this is announced or received; null: no ceiling here.</param>
    /// <param name="ct">Cancels the download; the file's own timeout applies besides.</param>
    public async Task DownloadAsync(FileFeedOptions file, string target, Action<long, long?> progress, long? maxBytes, CancellationToken ct)
    {
        var url = SafeUrl.From(new Uri(file.Url));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(file.DownloadTimeout);
        using var request = NewRequest(HttpMethod.Get, file);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (HttpRequestException ex)
        {
            // No inner exception: its message may quote the URL as configured, credentials included.
            throw new FeedFetchException("download", $"Could not reach {url}: {url.Scrub(ex.Message)}") { Transient = true };
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new FeedFetchException("download", $"No answer from {url} within {file.DownloadTimeout}.", null, ex) { Transient = true };
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw Refused(response.StatusCode, url);

            var total = response.Content.Headers.ContentLength;
            if (total > maxBytes)
                throw FeedLimitExceededException.Bytes(maxBytes.Value, $"The file server announces {total:N0} bytes");
            long read = 0;
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
                await using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, ChunkSize, useAsync: true);
                var buffer = new byte[ChunkSize];
                int n;
                while ((n = await body.ReadAsync(buffer, timeout.Token)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, n), timeout.Token);
                    read += n;
                    progress(read, total);
                    if (read > maxBytes)
                        throw FeedLimitExceededException.Bytes(maxBytes.Value, $"The file is larger than {maxBytes:N0} bytes (the download stopped at {read:N0})");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new FeedFetchException("download",
                    $"The download from {url} ended early after {read:N0} of {(total is { } t ? t.ToString("N0") : "unknown")} bytes: {url.Scrub(ex.Message)}") { Transient = true };
            }
            catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
            {
                throw new FeedFetchException("download", $"The download from {url} took longer than {file.DownloadTimeout}.", null, ex) { Transient = true };
            }
            if (total is { } expected && read != expected)
                throw new FeedFetchException("download", $"The download from {url} ended early after {read:N0} of {expected:N0} bytes.") { Transient = true };
        }
    }

    public static HttpRequestMessage NewRequest(HttpMethod method, FileFeedOptions file)
    {
        var request = new HttpRequestMessage(method, file.Url);
        if (!string.IsNullOrEmpty(file.BearerToken))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", file.BearerToken);
        else if (!string.IsNullOrEmpty(file.Username))
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{file.Username}:{file.Password}")));
        return request;
    }

    /// <summary>The file server's refusal as a fetch failure: rejected credentials (401/403) and server-side trouble
    /// (429, 5xx: worth fetching again) told apart.</summary>
    public static FeedFetchException Refused(HttpStatusCode status, SafeUrl url) =>
        new("download", Explain(status, url), (int)status)
        {
            CredentialsRejected = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden,
            Transient = status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError,
        };

    public static string Explain(HttpStatusCode status, SafeUrl url) => status switch
    {
        HttpStatusCode.Unauthorized => $"The file server at {url} rejected the credentials (HTTP 401): check Username/Password or BearerToken.",
        HttpStatusCode.Forbidden => $"The file server at {url} refused access (HTTP 403): the account may not be entitled to this file.",
        HttpStatusCode.NotFound => $"No file at {url} (HTTP 404): check the URL or whether today's file was published.",
        HttpStatusCode.TooManyRequests => $"The file server at {url} is rate limiting (HTTP 429): try again later.",
        >= HttpStatusCode.InternalServerError => $"The file server at {url} failed (HTTP {(int)status}): try again later.",
        _ => $"The file server at {url} answered HTTP {(int)status}.",
    };
}
