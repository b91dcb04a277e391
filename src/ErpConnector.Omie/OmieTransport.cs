using System.Globalization;
using System.Net;
using System.Text.Json;
using ErpConnector.Domain.Errors;
using ErpConnector.Omie.Internal;
using Microsoft.Extensions.Logging;
using RestSharp;

namespace ErpConnector.Omie;

/// <summary>
/// How every Omie call travels, whatever its method: the envelope, HTTP over RestSharp, the answer or fault, redaction
/// of the app secret, telemetry, and the wait for its turn (record locks, then the shared <see cref="OmieRateLimiter"/>,
/// within <see cref="OmieOptions.MaxQueueWait"/>). The typed methods are <see cref="OmieClient"/>'s.
/// One instance per process (singleton): the RestClient and its connection pool are reused.
/// <para>Every call is <c>POST {BaseUrl}{module}/</c> with <c>{"call","app_key","app_secret","param":[{...}]}</c>.
/// Outcome mapping:</para>
/// <list type="bullet">
/// <item>a fault body (<c>faultstring</c>/<c>faultcode</c>) with any HTTP status → <see cref="OmieFaultException"/>;</item>
/// <item>HTTP 429, 3xx or 4xx without a fault body → <see cref="OmieFaultException"/> with code <c>HTTP-&lt;status&gt;</c>
/// (Omie refused the call: not applied);</item>
/// <item>timeout, connection refused/reset/aborted, HTTP ≥ 500 without a fault body, or a 2xx body that cannot be read →
/// <see cref="OmieTransportException"/> (ambiguous: the call may have been applied);</item>
/// <item>the caller's token fired → <see cref="OperationCanceledException"/>.</item>
/// </list>
/// MISUSE_API_PROCESS ("consumo indevido", HTTP 425) pauses the shared limiter for the seconds Omie names, at most
/// <see cref="OmieOptions.MaxStatedWait"/>: this is the one place that decides a pause of the app_key.
/// </summary>
public sealed class OmieTransport : IDisposable
{
    private readonly OmieOptions _options;
    private readonly OmieRateLimiter _limiter;
    private readonly OmieRecordLocks _records;
    private readonly ILogger _logger;
    private readonly RestClient _rest;
    private readonly TimeProvider _time;
    private readonly StatedWaitLimit _waitLimit;
    private readonly OmieRedactor _redactor;

    /// <param name="options">Validated with <see cref="OmieOptions.ValidateOrThrow"/>.</param>
    /// <param name="limiter">The process-wide limiter (shared with every other client instance).</param>
    /// <param name="records">The process-wide record locks.</param>
    /// <param name="logger">Structured call logs; never receives request bodies or the app secret.</param>
    /// <param name="handler">Optional HTTP handler (tests, proxies); by default a pooled <see cref="SocketsHttpHandler"/>
    /// without redirects or cookies. The transport owns and disposes it.</param>
    /// <param name="waitLimit">Caps a pause Omie states; by default <see cref="OmieOptions.MaxStatedWait"/>, logged to
    /// <paramref name="logger"/>.</param>
    public OmieTransport(OmieOptions options, OmieRateLimiter limiter, OmieRecordLocks records, ILogger<OmieTransport> logger,
        HttpMessageHandler? handler = null, StatedWaitLimit? waitLimit = null)
    {
        OmieOptions.ValidateOrThrow(options);
        _options = options;
        _limiter = limiter ?? throw new ArgumentNullException(nameof(limiter));
        _records = records ?? throw new ArgumentNullException(nameof(records));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = limiter.TimeProvider;
        _waitLimit = waitLimit ?? new StatedWaitLimit(options.MaxStatedWait, logger);
        _redactor = new OmieRedactor(options.AppSecret);
        BaseUri = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/", UriKind.Absolute);

        var restOptions = new RestClientOptions(BaseUri)
        {
            Timeout = options.Timeout,
            FollowRedirects = false, // a 301 means a missing trailing slash: surface it, never re-send as GET
            ThrowOnAnyError = false,
            UserAgent = "ErpConnector.Omie",
        };
        // Our own HttpClient (RestSharp's would take no answer-size limit): RestSharp still applies the timeout per call.
        var http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2), // pick up DNS changes in a long-lived singleton
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxAnswerBytes,
        };
        _rest = new RestClient(http, restOptions, disposeHttpClient: true);
    }

    /// <summary>The largest answer read (decompressed); a larger one is an ambiguous transport error, not a memory
    /// problem. Omie's answers are kilobytes (a 50-record list page, an RPS with its XML); 16 MB leaves room for any
    /// page size Omie allows.</summary>
    public const int MaxAnswerBytes = 16 * 1024 * 1024;

    private static readonly ContentType JsonUtf8 = "application/json; charset=utf-8";

    /// <summary>BaseUrl with its trailing slash ensured.</summary>
    public Uri BaseUri { get; }

    /// <summary>The shared limiter (pause state for health checks).</summary>
    public OmieRateLimiter RateLimiter => _limiter;

    public void Dispose() => _rest.Dispose();

    // ---- the call --------------------------------------------------------------------------------

    /// <summary>One Omie call: waits for its turn, sends the envelope, maps the answer (see the class remarks).</summary>
    /// <param name="module">The URL path under BaseUrl, e.g. <c>geral/clientes</c>.</param>
    /// <param name="method">Omie's <c>call</c>, e.g. <c>UpsertCliente</c>.</param>
    /// <param name="param">The single element of <c>param</c>.</param>
    /// <param name="ct">The caller's token; its firing surfaces as <see cref="OperationCanceledException"/>.</param>
    /// <param name="records">Record locks to hold for the call (writes), taken in this order; see <see cref="OmieRecordLocks"/>.</param>
    internal async Task<TResponse> CallAsync<TParam, TResponse>(string module, string method, TParam param, CancellationToken ct,
        string[]? records = null)
        where TResponse : OmieResponse
    {
        var body = OmieJson.SerializeToUtf8Bytes(new OmieRequest<TParam>
        {
            Call = method,
            AppKey = _options.AppKey,
            AppSecret = _options.AppSecret,
            Param = [param],
        });

        using var activity = OmieTelemetry.StartCall(module, method);
        var queuedAt = _time.GetTimestamp();
        using var turn = await WaitForTurnAsync(module, method, records ?? [], ct).ConfigureAwait(false);
        var waitMs = (long)_time.GetElapsedTime(queuedAt).TotalMilliseconds;
        OmieTelemetry.RecordWait(method, waitMs);

        // The envelope's UTF-8 bytes as they were serialised, with the same Content-Type a string body had.
        var request = new RestRequest(module, Method.Post) { AdvancedResponseWriter = OmieAnswer.Read }
            .AddParameter(new BodyParameter(body, JsonUtf8, DataFormat.Binary));
        var startedAt = _time.GetTimestamp();
        RestResponse response;
        try
        {
            response = await _rest.ExecuteAsync(request, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            // Whatever escapes RestSharp's own error handling (the answer's writer runs outside it) is ambiguous too.
            throw Transport(module, method, null, Elapsed(startedAt), ex.Message, ex);
        }
        var elapsedMs = Elapsed(startedAt);
        var status = (int)response.StatusCode;

        if (status == 0 || response.ResponseStatus is ResponseStatus.TimedOut || response is not OmieAnswer answer)
        {
            if (ct.IsCancellationRequested) throw new OperationCanceledException(ct);
            var reason = response.ResponseStatus == ResponseStatus.TimedOut
                ? $"no answer within {_options.Timeout.TotalSeconds:0.###} s (timed out)"
                : response.ErrorMessage ?? response.ErrorException?.Message ?? "no HTTP answer";
            throw Transport(module, method, status == 0 ? null : status, elapsedMs, reason, response.ErrorException);
        }

        var dto = TryDeserialize<TResponse>(answer);
        var faultProbe = (OmieResponse?)dto ?? TryDeserialize<OmieResponse>(answer);

        if (faultProbe is { IsFault: true })
            throw Fault(module, method, status, faultProbe.FaultCode ?? "", faultProbe.FaultString ?? "", answer, elapsedMs);

        if (status is >= 200 and < 300)
        {
            if (dto is not null)
            {
                OmieLog.CallSucceeded(_logger, module, method, status, elapsedMs, waitMs);
                OmieTelemetry.RecordCall(method, "ok", elapsedMs);
                return dto;
            }
            throw Transport(module, method, status, elapsedMs, $"HTTP {status} with a body that is not the expected JSON", null);
        }
        if (status >= 500)
            throw Transport(module, method, status, elapsedMs, $"HTTP {status} without a fault body", null);

        // 429, 3xx and 4xx without a fault body: Omie (or its front) refused the call.
        var text = Shorten(answer.Text);
        throw Fault(module, method, status, $"HTTP-{status}", text.Length > 0 ? text : response.StatusDescription ?? "", answer, elapsedMs);
    }

    /// <summary>
    /// The record locks, then the limiter (pause, concurrency slot, tokens), all within <see cref="OmieOptions.MaxQueueWait"/>.
    /// Past it the call gives up before anything is sent: a deal's worker holds a lease on the deal, and a call that
    /// waited longer than the lease could be sent after another worker took the deal over.
    /// </summary>
    /// <exception cref="OmieThrottledException">The wait exceeded MaxQueueWait, or a local queue is full; nothing was sent.</exception>
    private ValueTask<IDisposable> WaitForTurnAsync(string module, string method, string[] records, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return TurnNow(method, records) is { } turn ? ValueTask.FromResult<IDisposable>(turn) : new ValueTask<IDisposable>(WaitForTurnSlowAsync(module, method, records, ct));
    }

    /// <summary>Every record lock and the limiter's turn when all are free right now; else null with nothing held.</summary>
    private Turn? TurnNow(string method, string[] records)
    {
        var held = new Turn(records.Length + 1);
        foreach (var record in records)
        {
            if (_records.TryLockNow(record) is not { } locked)
            {
                held.Dispose();
                return null;
            }
            held.Add(locked);
        }
        if (_limiter.TryAcquireNow(method) is not { } slot)
        {
            held.Dispose();
            return null;
        }
        held.Add(slot);
        return held;
    }

    private async Task<IDisposable> WaitForTurnSlowAsync(string module, string method, string[] records, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(_options.MaxQueueWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var held = new Turn(records.Length + 1);
        try
        {
            foreach (var record in records)
                held.Add(await _records.LockAsync(record, linked.Token).ConfigureAwait(false));
            held.Add(await _limiter.AcquireAsync(method, linked.Token).ConfigureAwait(false));
            return held;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            held.Dispose();
            OmieLog.QueueWaitExceeded(_logger, module, method, _options.MaxQueueWait);
            throw new OmieThrottledException(method,
                $"waited more than {_options.MaxQueueWait} for the record lock, the pause or the rate limits; the call was not sent.");
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>What a call holds while it runs (record locks, then the concurrency slot); released in reverse.</summary>
    private sealed class Turn(int capacity) : IDisposable
    {
        private readonly List<IDisposable> _held = new(capacity);

        public void Add(IDisposable item) => _held.Add(item);

        public void Dispose()
        {
            for (var i = _held.Count - 1; i >= 0; i--)
                _held[i].Dispose();
            _held.Clear();
        }
    }

    private OmieFaultException Fault(string module, string method, int status, string faultCode, string faultString,
        OmieAnswer response, long elapsedMs)
    {
        faultCode = _redactor.Redact(faultCode);
        faultString = _redactor.Redact(faultString);
        var now = _time.GetUtcNow();
        var kind = OmieFaultText.Classify(faultCode, faultString, status);
        OmieTelemetry.RecordFault(method, kind, elapsedMs);

        if (kind == OmieFaultKind.Blocked)
        {
            var stated = StatedWait.FromMessage(faultString, now) ?? RetryAfterHeader(response, now);
            var until = stated is { } at
                ? _waitLimit.Apply(at, now, $"Omie {method} {faultCode} (HTTP {status})")
                : now + _options.DefaultBlockDuration;
            _limiter.PauseUntil(until, $"Omie {faultCode} (HTTP {status}): {faultString}");
            OmieLog.AppBlocked(_logger, faultCode, status, until, faultString);
        }

        if (kind is OmieFaultKind.CustomerNotFound or OmieFaultKind.OrderNotFound or OmieFaultKind.EmptyPage)
            OmieLog.CallFaultedExpected(_logger, module, method, faultCode, kind, status, elapsedMs, faultString);
        else
            OmieLog.CallFaulted(_logger, module, method, faultCode, kind, status, elapsedMs, faultString);

        return new OmieFaultException(method, status, faultCode, faultString);
    }

    private OmieTransportException Transport(string module, string method, int? status, long elapsedMs, string reason, Exception? inner)
    {
        reason = _redactor.Redact(reason);
        OmieTelemetry.RecordCall(method, "transport", elapsedMs);
        OmieLog.CallTransportFailed(_logger, module, method, status, elapsedMs, reason);
        return new OmieTransportException(method, status, reason, _redactor.SafeInner(inner));
    }

    /// <summary>A 2xx answer whose status fields say the write failed: a fault like any other, redacted and logged.</summary>
    internal OmieFaultException StatusFault(string method, string? statusCode, string description)
    {
        var fault = new OmieFaultException(method, 200, "STATUS-" + (statusCode ?? ""), _redactor.Redact(description));
        OmieLog.CallFaulted(_logger, "", method, fault.FaultCode, fault.Kind, 200, 0, fault.FaultString);
        return fault;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private long Elapsed(long startedAt) => (long)_time.GetElapsedTime(startedAt).TotalMilliseconds;

    private static T? TryDeserialize<T>(OmieAnswer answer) where T : class
    {
        try
        {
            // Parsed from the bytes as they arrived; only a body in another declared charset is decoded first.
            if (answer.Utf8Body is { } utf8)
                return IsBlank(utf8.Span) ? null : OmieJson.Deserialize<T>(utf8.Span);
            return string.IsNullOrWhiteSpace(answer.Text) ? null : OmieJson.Deserialize<T>(answer.Text);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8) => utf8.Trim(" \t\r\n"u8).IsEmpty;

    /// <summary>Only consulted when the fault text states no wait; capped like a stated wait.</summary>
    private static DateTimeOffset? RetryAfterHeader(OmieAnswer response, DateTimeOffset now)
    {
        var value = response.RetryAfter;
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return now.AddSeconds(seconds);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        return null;
    }

    private static string Shorten(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return "";
        var text = content.Trim();
        return text.Length <= 500 ? text : text[..500] + "…";
    }
}
