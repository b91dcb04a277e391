using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Omie.Tests;

public sealed record CapturedRequest(HttpMethod Method, Uri Uri, string? ContentType, string Body, string? CharSet = null);

/// <summary>In-process HTTP: records every request and answers through <see cref="Responder"/>.</summary>
public sealed class FakeHandler(Func<CapturedRequest, CancellationToken, Task<HttpResponseMessage>> responder) : HttpMessageHandler
{
    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();
    public Func<CapturedRequest, CancellationToken, Task<HttpResponseMessage>> Responder { get; set; } = responder;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var captured = new CapturedRequest(request.Method, request.RequestUri!, request.Content?.Headers.ContentType?.MediaType, body,
            request.Content?.Headers.ContentType?.CharSet);
        Requests.Enqueue(captured);
        var response = await Responder(captured, cancellationToken);
        response.RequestMessage = request;
        return response;
    }

    public static HttpResponseMessage Json(int status, string json) =>
        new((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Text(int status, string text, string mediaType = "text/plain") =>
        new((HttpStatusCode)status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Fault(int status, string faultCode, string faultString) =>
        Json(status, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["faultstring"] = faultString,
            ["faultcode"] = faultCode,
        }));
}

public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, string? Exception)
{
    /// <summary>Everything a log sink could write out.</summary>
    public string AllText => Message + " | " + string.Join("; ", State.Select(kv => $"{kv.Key}={kv.Value}")) + " | " + Exception;
}

/// <param name="entries">Shared with other loggers to see every category's entries in one place.</param>
public sealed class CapturingLogger<T>(ConcurrentQueue<LogEntry>? entries = null) : ILogger<T>
{
    public ConcurrentQueue<LogEntry> Entries { get; } = entries ?? new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
        Entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception), values.ToList(), exception?.ToString()));
    }
}

/// <summary>A clock moved by hand; timers (Task.Delay with this provider) fire when it passes their due time.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() { lock (_gate) return _now; }

    public int ActiveTimers { get { lock (_gate) return _timers.Count(t => t.DueAt is not null); } }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.DueAt is { } at && at <= _now).ToList();
            foreach (var t in due)
                t.DueAt = t.Period > TimeSpan.Zero ? _now + t.Period : null;
        }
        foreach (var t in due) t.Fire();
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }
        public TimeSpan Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (!owner._timers.Contains(this)) owner._timers.Add(this);
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
            }
            return true;
        }

        public void Dispose() { lock (owner._gate) owner._timers.Remove(this); }
        public ValueTask DisposeAsync() { Dispose(); return default; }
    }
}

/// <summary>Builds a client and its transport over a fake handler with generous limits unless a test tightens them.</summary>
public sealed class TestClient : IDisposable
{
    public const string AppKey = "1234567890123";
    public const string AppSecret = "s3cr3t-Omie-APP-SECRET-7f9c2b";

    public TestClient(Func<CapturedRequest, CancellationToken, Task<HttpResponseMessage>> responder,
        Action<OmieOptions>? configure = null, TimeProvider? time = null, bool useHandler = true)
    {
        Options = new OmieOptions
        {
            AppKey = AppKey,
            AppSecret = AppSecret,
            RequestsPerMinutePerIp = 1_000_000,
            BurstPerIp = 100_000,
            RequestsPerMinutePerMethod = 1_000_000,
            BurstPerMethod = 100_000,
        };
        configure?.Invoke(Options);
        Handler = new FakeHandler(responder);
        Limiter = new OmieRateLimiter(Options, time);
        Records = new OmieRecordLocks();
        Logger = new CapturingLogger<OmieTransport>();
        Transport = new OmieTransport(Options, Limiter, Records, Logger, useHandler ? Handler : null);
        Client = new OmieClient(Transport, new CapturingLogger<OmieClient>(Logger.Entries));
    }

    public OmieOptions Options { get; }
    public FakeHandler Handler { get; }
    public OmieRateLimiter Limiter { get; }
    public OmieRecordLocks Records { get; }
    /// <summary>Every entry of the transport and the client.</summary>
    public CapturingLogger<OmieTransport> Logger { get; }
    public OmieTransport Transport { get; }
    public OmieClient Client { get; }

    public static TestClient Answering(Func<CapturedRequest, HttpResponseMessage> answer, Action<OmieOptions>? configure = null, TimeProvider? time = null)
        => new((r, _) => Task.FromResult(answer(r)), configure, time);

    public void Dispose()
    {
        Transport.Dispose();
        Limiter.Dispose();
    }
}

public static class Samples
{
    public static OmieCustomer Customer() => new()
    {
        IntegrationCode = "cli-39330543000102",
        LegalName = "Acme Serviços Ltda",
        TradeName = "Acme",
        Document = "39330543000102",
        Email = "financeiro@acme.com.br",
        PhoneAreaCode = "11",
        PhoneNumber = "912345678",
        Street = "Rua Augusta",
        Number = "100",
        District = "Consolação",
        City = "São Paulo",
        State = "SP",
        PostalCode = "01304000",
    };

    public static OmieServiceOrder Order(string code = "deal-42") => new()
    {
        IntegrationCode = code,
        CustomerOmieId = 5522173861,
        ExpectedDate = new DateOnly(2026, 3, 5),
        Services = [new OmieServiceLine("0107", "1.07", "Suporte técnico", 2m, 1500.50m)],
        AdditionalInfo = "Pedido 42",
    };

    public const string OsStatusOk =
        """{"cCodIntOS":"deal-42","nCodOS":987654,"cNumOS":"000000042","cCodStatus":"0","cDescStatus":"Ordem de Serviço cadastrada com sucesso!"}""";

    public const string ClientesStatusOk =
        """{"codigo_cliente_omie":5522173861,"codigo_cliente_integracao":"cli-39330543000102","codigo_status":"0","descricao_status":"Cliente cadastrado com sucesso!"}""";

    public const string StatusOsOk =
        """{"cCodIntOS":"deal-42","nCodOS":987654,"cFaturada":"N","cCancelada":"N","cAmbiente":"H","ListaRpsNfse":[]}""";

    /// <summary>Waits for a condition that must become true (generous timeout: a failure means it never did).</summary>
    public static async Task Eventually(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("Timed out waiting for: " + what);
            await Task.Delay(10);
        }
    }
}
