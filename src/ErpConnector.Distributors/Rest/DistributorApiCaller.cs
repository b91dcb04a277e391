using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Feeds;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Distributors.Rest;

/// <summary>Sends one API call for a feed the way the distributor expects to be called: bearer token (renewed
/// once on 401), Ingram's IM-* headers, waits on 429 (Retry-After, else X-RateLimit-Reset), pauses before
/// the quota runs out (X-RateLimit-Remaining: 0), and backs off on 5xx and network errors. Answers of one run
/// add up to at most <c>maxBytes</c> (<see cref="FeedThresholds.MaxUncompressedBytes"/>).</summary>
internal sealed class DistributorApiCaller(
    string feedId, RestFeedOptions rest, HttpClient http, OAuthTokenCache tokens, TimeProvider time, ILogger logger,
    long maxBytes = long.MaxValue)
{
    private DateTimeOffset _quotaResetsAt = DateTimeOffset.MinValue;

    public long BytesReceived { get; private set; }

    public async Task<byte[]> SendAsync(string step, Func<HttpRequestMessage> create, CancellationToken ct)
    {
        var renewedToken = false;
        for (var attempt = 1; ; attempt++)
        {
            var wait = _quotaResetsAt - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                logger.LogInformation("Feed {FeedId}: waiting {WaitMs} ms for the rate limit to reset", feedId, wait.TotalMilliseconds);
                await Task.Delay(Cap(wait), time, ct);
            }

            using var request = create();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(feedId, rest, http, ct));
            request.Headers.TryAddWithoutValidation("IM-CustomerNumber", rest.CustomerNumber);
            request.Headers.TryAddWithoutValidation("IM-CountryCode", rest.CountryCode);
            request.Headers.TryAddWithoutValidation("IM-SenderID", rest.SenderId);
            request.Headers.TryAddWithoutValidation("IM-CorrelationID", Guid.NewGuid().ToString("N"));
            var path = SafeUrl.From(request.RequestUri!);

            HttpResponseMessage response;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(rest.RequestTimeout);
            try
            {
                response = await http.SendAsync(request, timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                var reason = ex is HttpRequestException ? path.Scrub(ex.Message) : $"no answer within {rest.RequestTimeout}";
                // No inner exception: its message may quote the URL as configured, credentials included.
                if (attempt > rest.MaxRetries)
                    throw new FeedFetchException(step, $"Could not reach {path} after {attempt} attempts: {reason}");
                await BackOffAsync(attempt, $"network: {reason}", ct);
                continue;
            }

            using (response)
            {
                ReadQuota(response);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    if (BytesReceived + response.Content.Headers.ContentLength > maxBytes)
                        throw FeedLimitExceededException.Bytes(maxBytes,
                            $"The API's answers add up to more than {maxBytes:N0} bytes ({BytesReceived:N0} received, {response.Content.Headers.ContentLength:N0} announced by the next)");
                    var body = await response.Content.ReadAsByteArrayAsync(ct);
                    BytesReceived += body.Length;
                    if (BytesReceived > maxBytes)
                        throw FeedLimitExceededException.Bytes(maxBytes, $"The API's answers add up to more than {maxBytes:N0} bytes ({BytesReceived:N0} received)");
                    return body;
                }
                if (response.StatusCode == HttpStatusCode.Unauthorized && !renewedToken)
                {
                    // Tokens can be revoked before their announced expiry; one fresh token settles it.
                    tokens.Invalidate(feedId);
                    renewedToken = true;
                    continue;
                }
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                    throw new FeedFetchException(step, $"{path} refused a freshly issued token (HTTP 401): the client may lack access to this API or customer number.", status) { CredentialsRejected = true };
                if (response.StatusCode == HttpStatusCode.Forbidden)
                    throw new FeedFetchException(step, $"{path} refused access (HTTP 403): check the customer number and the API subscription.", status) { CredentialsRejected = true };
                if (attempt > rest.MaxRetries)
                    throw new FeedFetchException(step, $"{path} kept failing: HTTP {status} after {attempt} attempts.", status);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var delay = RetryAfter(response) ?? Backoff(attempt);
                    if (delay > rest.MaxRetryWait)
                        throw new FeedFetchException(step, $"{path} is rate limiting (HTTP 429) and asks to wait {delay}; more than the {rest.MaxRetryWait} allowed.", status);
                    logger.LogInformation("Feed {FeedId}: HTTP 429 from {Path}, retrying in {DelayMs} ms (attempt {Attempt})", feedId, path.ToString(), delay.TotalMilliseconds, attempt);
                    // One wait, at the top of the loop, covers both Retry-After and the quota headers.
                    var retryAt = time.GetUtcNow() + delay;
                    if (retryAt > _quotaResetsAt) _quotaResetsAt = retryAt;
                    continue;
                }
                if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
                {
                    await BackOffAsync(attempt, $"HTTP {status} from {path}", ct);
                    continue;
                }
                var text = await response.Content.ReadAsStringAsync(ct);
                throw new FeedFetchException(step, $"{path} answered HTTP {status}: {path.Scrub(Trim(text))}", status);
            }
        }
    }

    private async Task BackOffAsync(int attempt, string reason, CancellationToken ct)
    {
        var delay = Backoff(attempt);
        logger.LogWarning("Feed {FeedId}: {Reason}; retrying in {DelayMs} ms (attempt {Attempt})", feedId, reason, delay.TotalMilliseconds, attempt);
        await Task.Delay(delay, time, ct);
    }

    private TimeSpan Backoff(int attempt) => Cap(rest.RetryBaseDelay * Math.Pow(2, Math.Min(attempt - 1, 10)));

    private TimeSpan Cap(TimeSpan delay) => delay > rest.MaxRetryWait ? rest.MaxRetryWait : delay;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta) return delta;
            if (retryAfter.Date is { } date) return Max(date - time.GetUtcNow());
        }
        return ResetAt(response) is { } reset ? Max(reset - time.GetUtcNow()) : null;
    }

    private void ReadQuota(HttpResponseMessage response)
    {
        if (Header(response, "X-RateLimit-Remaining") is { } remaining && remaining <= 0 && ResetAt(response) is { } reset)
            _quotaResetsAt = reset;
    }

    /// <summary>X-RateLimit-Reset is either epoch seconds or seconds from now, depending on the vendor.</summary>
    private DateTimeOffset? ResetAt(HttpResponseMessage response) => Header(response, "X-RateLimit-Reset") switch
    {
        null => null,
        > 1_000_000_000 and var epoch => DateTimeOffset.FromUnixTimeSeconds(epoch),
        var seconds => time.GetUtcNow().AddSeconds(seconds.Value),
    };

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static TimeSpan Max(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
