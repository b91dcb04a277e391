using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RestSharp;

namespace ErpConnector.SalesOs;

/// <summary>
/// SalesOS's REST API over RestSharp. Every call: waits its turn (<see cref="SalesOsPacer"/>), carries the cached
/// token, and maps the answer:
/// <list type="bullet">
/// <item>401 → the token is replaced once and the call repeated; a 401 on a token just issued marks the credential
/// broken (<see cref="SalesOsCredentialState"/>) and fails with <see cref="SalesOsFailure.CredentialBroken"/>;</item>
/// <item>403 → <see cref="SalesOsFailure.MissingScope"/> naming the scope;</item>
/// <item>429 → every call waits for <c>Retry-After</c>; this one repeats after it when it is short
/// (<see cref="SalesOsOptions.MaxInlineRetryAfter"/>), else fails with <see cref="SalesOsFailure.RateLimited"/> and its time;</item>
/// <item>5xx, timeout, no connection → <see cref="SalesOsFailure.Unavailable"/> (the caller retries durably);</item>
/// <item>other 4xx → <see cref="SalesOsFailure.Rejected"/> with SalesOS's error body.</item>
/// </list>
/// One per process (singleton): the RestClient and its connection pool are reused.
/// </summary>
public sealed partial class SalesOsClient : ISalesOsClient, IDisposable
{
    private const int MaxRateLimitedRepeats = 5;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SalesOsOptions _options;
    private readonly RestClient _rest;
    private readonly SalesOsTokenSource _tokens;
    private readonly SalesOsPacer _pacer;
    private readonly SalesOsCredentialState _credential;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <param name="options">Validated at start (<see cref="SalesOsOptionsValidation"/>).</param>
    /// <param name="pacer">The process-wide pacer (its clock is the client's).</param>
    /// <param name="credential">Where a broken credential is reported (health).</param>
    /// <param name="logger">Never receives tokens, secrets or request bodies.</param>
    /// <param name="handler">Optional HTTP handler (specs); by default a pooled <see cref="SocketsHttpHandler"/>.</param>
    public SalesOsClient(SalesOsOptions options, SalesOsPacer pacer, SalesOsCredentialState credential, ILogger<SalesOsClient> logger,
        HttpMessageHandler? handler = null)
    {
        _options = options;
        _pacer = pacer;
        _credential = credential;
        _clock = pacer.Clock;
        _logger = logger;
        var restOptions = new RestClientOptions(new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/"))
        {
            Timeout = options.Timeout,
            FollowRedirects = false,
            ThrowOnAnyError = false,
            UserAgent = "ErpConnector.SalesOs",
        };
        // Our own HttpClient (RestSharp's would take no answer-size limit): RestSharp still applies the timeout per call.
        var http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxAnswerBytes,
        };
        _rest = new RestClient(http, restOptions, disposeHttpClient: true);
        _tokens = new SalesOsTokenSource(options, _rest, _clock, logger);
    }

    /// <summary>The largest answer read (decompressed); a larger one is "unavailable" (retried durably), not memory
    /// taken without bound. A page of deals is kilobytes per deal at the limits the catch-up asks for.</summary>
    public const int MaxAnswerBytes = 16 * 1024 * 1024;

    /// <summary>The token cache (specs count fetches).</summary>
    public SalesOsTokenSource Tokens => _tokens;

    public void Dispose() => _rest.Dispose();

    public async Task<SalesOsDealPage> ListWonDealsAsync(DateTimeOffset updatedAfter, string? cursor, int limit, CancellationToken ct)
    {
        var response = await SendAsync("list deals", "deals:read", () =>
        {
            var request = new RestRequest("deals", Method.Get)
                .AddQueryParameter("status", "won")
                .AddQueryParameter("updated_after", updatedAfter.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
                .AddQueryParameter("limit", limit.ToString(CultureInfo.InvariantCulture));
            if (cursor is not null) request.AddQueryParameter("cursor", cursor);
            return request;
        }, ct).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(response.Content ?? "");
            var root = doc.RootElement;
            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Array
                ? d.EnumerateArray().Select(e => e.Clone()).ToList()
                : throw new JsonException("no data array");
            var next = root.TryGetProperty("next_cursor", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            return new SalesOsDealPage(data, string.IsNullOrEmpty(next) ? null : next);
        }
        catch (JsonException ex)
        {
            throw new SalesOsCallException("list deals", SalesOsFailure.Unavailable, (int)response.StatusCode, null, "the deal list could not be read", ex);
        }
    }

    public Task UpdateCustomFieldsAsync(string dealId, IReadOnlyDictionary<string, string?> customFields, CancellationToken ct) =>
        SendAsync("update deal", "deals:write", () => new RestRequest("deals/{id}", Method.Patch)
            .AddUrlSegment("id", dealId)
            .AddStringBody(JsonSerializer.Serialize(new Dictionary<string, object> { ["custom_fields"] = customFields }, Json), ContentType.Json), ct);

    private async Task<RestResponse> SendAsync(string operation, string scope, Func<RestRequest> build, CancellationToken ct)
    {
        string? rejected = null;
        var rateLimited = 0;
        while (true)
        {
            // A long Retry-After is not waited out inside a call (it would outlive the caller's lease): fail with its time.
            var pausedUntil = _pacer.PausedUntil;
            if (pausedUntil - _clock.GetUtcNow() > _options.MaxInlineRetryAfter)
                throw new SalesOsCallException(operation, SalesOsFailure.RateLimited, null, null, $"rate-limited until {pausedUntil:O}") { RetryAt = pausedUntil };
            await _pacer.WaitTurnAsync(ct).ConfigureAwait(false);
            SalesOsTokenSource.Token token;
            bool fresh;
            try
            {
                (token, fresh) = await _tokens.GetAsync(rejected, ct).ConfigureAwait(false);
            }
            catch (SalesOsCallException ex) when (ex.Failure == SalesOsFailure.CredentialBroken)
            {
                _credential.MarkBroken(ex.Summary, _clock.GetUtcNow());
                LogCredentialBroken(_logger, operation, ex.Summary);
                throw;
            }
            var request = build();
            request.AddHeader("Authorization", "Bearer " + token.Value);
            var response = await _rest.ExecuteAsync(request, ct).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            _pacer.Observe(response.GetHeaderValue("X-RateLimit-Remaining"), response.GetHeaderValue("X-RateLimit-Reset"));
            var status = (int)response.StatusCode;

            if (response.ResponseStatus != ResponseStatus.Completed && status == 0)
            {
                LogUnavailable(_logger, operation, response.ResponseStatus.ToString());
                throw new SalesOsCallException(operation, SalesOsFailure.Unavailable, null, null,
                    $"no answer ({response.ResponseStatus}{(response.ErrorException is { } e ? ": " + e.GetType().Name : "")})", response.ErrorException);
            }
            if (response.IsSuccessStatusCode)
            {
                _credential.MarkWorking();
                return response;
            }

            var error = SalesOsErrorBody.Read(response.Content, response.GetHeaderValue("X-Request-Id"));
            switch (status)
            {
                case 401 when !fresh:
                    // The cached token expired early or was revoked: one new token, one more try.
                    rejected = token.Value;
                    continue;
                case 401:
                    {
                        const string cause = "SalesOS refused a token it just issued (401): the API client may be revoked or deleted (Admin > Integrations > API Keys), or SalesOS:Audience is not https://api.play2sell.com";
                        var summary = $"{cause}; {error}";
                        _credential.MarkBroken(summary, _clock.GetUtcNow());
                        LogCredentialBroken(_logger, operation, summary);
                        throw new SalesOsCallException(operation, SalesOsFailure.CredentialBroken, status, error, cause);
                    }
                case 403:
                    LogMissingScope(_logger, operation, scope, error?.ToString());
                    throw new SalesOsCallException(operation, SalesOsFailure.MissingScope, status, error,
                        $"the API client lacks the scope '{scope}': grant it in Admin > Integrations > API Keys") { Scope = scope };
                case 429:
                    {
                        var now = _clock.GetUtcNow();
                        var wait = SalesOsPacer.ParseRetryAfter(response.GetHeaderValue("Retry-After"), now);
                        _pacer.PauseUntil(now + wait);
                        LogRateLimited(_logger, operation, (long)wait.TotalMilliseconds);
                        if (wait <= _options.MaxInlineRetryAfter && ++rateLimited <= MaxRateLimitedRepeats) continue; // the pacer waits it out
                        throw new SalesOsCallException(operation, SalesOsFailure.RateLimited, status, error, $"rate-limited; retry after {wait}")
                        {
                            RetryAt = now + wait,
                        };
                    }
                case >= 500:
                    LogUnavailable(_logger, operation, $"HTTP {status} {error}");
                    throw new SalesOsCallException(operation, SalesOsFailure.Unavailable, status, error, $"HTTP {status}");
                default:
                    LogRejected(_logger, operation, status, error?.ToString());
                    throw new SalesOsCallException(operation, SalesOsFailure.Rejected, status, error, $"HTTP {status}");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SalesOS {Operation}: credential broken - {Cause}")]
    private static partial void LogCredentialBroken(ILogger logger, string operation, string cause);

    [LoggerMessage(Level = LogLevel.Error, Message = "SalesOS {Operation}: forbidden - the API client needs the scope {Scope} (Admin > Integrations > API Keys); SalesOS said {Error}")]
    private static partial void LogMissingScope(ILogger logger, string operation, string scope, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SalesOS {Operation}: rate-limited, every call waits {WaitMs} ms (Retry-After)")]
    private static partial void LogRateLimited(ILogger logger, string operation, long waitMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SalesOS {Operation}: unavailable ({Reason}); retried later")]
    private static partial void LogUnavailable(ILogger logger, string operation, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "SalesOS {Operation}: refused with HTTP {Status}: {Error}")]
    private static partial void LogRejected(ILogger logger, string operation, int status, string? error);
}
