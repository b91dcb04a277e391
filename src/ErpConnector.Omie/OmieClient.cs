using System.Globalization;
using System.Net;
using System.Text.Json;
using ErpConnector.Domain.Errors;
using ErpConnector.Omie.Internal;
using Microsoft.Extensions.Logging;
using RestSharp;

namespace ErpConnector.Omie;

/// <summary>
/// <see cref="IOmieClient"/> over RestSharp. One instance per process (singleton): the RestClient and its
/// connection pool are reused, and all calls go through the shared <see cref="OmieRateLimiter"/>.
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
public sealed class OmieClient : IOmieClient, IDisposable
{
    private readonly OmieOptions _options;
    private readonly OmieRateLimiter _limiter;
    private readonly ILogger _logger;
    private readonly RestClient _rest;
    private readonly TimeProvider _time;
    private readonly StatedWaitLimit _waitLimit;

    /// <param name="options">Validated with <see cref="OmieOptions.ValidateOrThrow"/>.</param>
    /// <param name="limiter">The process-wide limiter (shared with every other client instance).</param>
    /// <param name="logger">Structured call logs; never receives request bodies or the app secret.</param>
    /// <param name="handler">Optional HTTP handler (tests, proxies); by default a pooled <see cref="SocketsHttpHandler"/>
    /// without redirects or cookies. The client owns and disposes it.</param>
    /// <param name="waitLimit">Caps a pause Omie states; by default <see cref="OmieOptions.MaxStatedWait"/>, logged to
    /// <paramref name="logger"/>.</param>
    public OmieClient(OmieOptions options, OmieRateLimiter limiter, ILogger<OmieClient> logger, HttpMessageHandler? handler = null,
        StatedWaitLimit? waitLimit = null)
    {
        OmieOptions.ValidateOrThrow(options);
        _options = options;
        _limiter = limiter ?? throw new ArgumentNullException(nameof(limiter));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = limiter.TimeProvider;
        _waitLimit = waitLimit ?? new StatedWaitLimit(options.MaxStatedWait, logger);
        BaseUri = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/", UriKind.Absolute);

        var restOptions = new RestClientOptions(BaseUri)
        {
            Timeout = options.Timeout,
            FollowRedirects = false, // a 301 means a missing trailing slash: surface it, never re-send as GET
            ThrowOnAnyError = false,
            UserAgent = "ErpConnector.Omie",
            ConfigureMessageHandler = _ => handler ?? new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2), // pick up DNS changes in a long-lived singleton
            },
        };
        _rest = new RestClient(restOptions);
    }

    /// <summary>BaseUrl with its trailing slash ensured.</summary>
    public Uri BaseUri { get; }

    /// <summary>The shared limiter (pause state for health checks).</summary>
    public OmieRateLimiter RateLimiter => _limiter;

    // ---- customers -------------------------------------------------------------------------------

    /// <inheritdoc />
    /// <remarks>
    /// When Omie answers "Cliente já cadastrado ... com o Id [X]" / "... com o nCod [X]" (the customer exists, e.g. under
    /// another integration code), the existing customer is reused: the result carries that id, the integration code
    /// Omie holds for it when the text names one (it may differ from ours, or be empty), and the faultstring as
    /// description. Callers should reference the customer by <see cref="OmieCustomerStatus.OmieId"/> (nCodCli).
    /// </remarks>
    public async Task<OmieCustomerStatus> UpsertCustomerAsync(OmieCustomer customer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentException.ThrowIfNullOrWhiteSpace(customer.IntegrationCode);
        var document = NormaliseDocument(customer.Document);

        // One record = one integration code, and one CNPJ/CPF: never two concurrent writes to either.
        // Locks are always taken in this order (code, then document), so they cannot deadlock.
        string[] records = document.Length == 0
            ? ["cliente:" + customer.IntegrationCode]
            : ["cliente:" + customer.IntegrationCode, "cnpj_cpf:" + document];

        var param = new ClienteCadastroRequest
        {
            RazaoSocial = customer.LegalName,
            NomeFantasia = customer.TradeName,
            CnpjCpf = customer.Document,
            CodigoClienteIntegracao = customer.IntegrationCode,
            Email = NullIfEmpty(customer.Email),
            Telefone1Ddd = NullIfEmpty(customer.PhoneAreaCode),
            Telefone1Numero = NullIfEmpty(customer.PhoneNumber),
            Endereco = NullIfEmpty(customer.Street),
            EnderecoNumero = NullIfEmpty(customer.Number),
            Complemento = NullIfEmpty(customer.Complement),
            Bairro = NullIfEmpty(customer.District),
            Cidade = NullIfEmpty(customer.City),
            Estado = NullIfEmpty(customer.State),
            Cep = NullIfEmpty(customer.PostalCode),
        };

        try
        {
            var r = await CallAsync<ClienteCadastroRequest, ClientesStatusResponse>(
                OmieConstants.ClientesEndpoint, OmieConstants.UpsertCliente, param, ct, records).ConfigureAwait(false);
            if (r.CodigoClienteOmie == 0)
                throw StatusFault(OmieConstants.UpsertCliente, r.CodigoStatus, r.DescricaoStatus ?? "answer without codigo_cliente_omie");
            return new OmieCustomerStatus(r.CodigoClienteOmie, Or(r.CodigoClienteIntegracao, customer.IntegrationCode), r.DescricaoStatus ?? "");
        }
        catch (OmieFaultException fault) when (fault.Kind == OmieFaultKind.AlreadyRegistered
                                                && OmieFaultText.TryParseExistingCustomerId(fault.FaultString, out _))
        {
            OmieFaultText.TryParseExistingCustomerId(fault.FaultString, out var existingId);
            var existingCode = OmieFaultText.TryParseIntegrationCode(fault.FaultString, out var code) ? code : customer.IntegrationCode;
            OmieLog.CustomerReused(_logger, OmieConstants.UpsertCliente, existingId, existingCode, customer.IntegrationCode);
            return new OmieCustomerStatus(existingId, existingCode, fault.FaultString);
        }
    }

    /// <inheritdoc />
    public async Task<OmieCustomerStatus?> FindCustomerByIntegrationCodeAsync(string integrationCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(integrationCode);
        try
        {
            var r = await CallAsync<ClienteChaveRequest, ClienteCadastroResponse>(
                OmieConstants.ClientesEndpoint, OmieConstants.ConsultarCliente,
                new ClienteChaveRequest { CodigoClienteIntegracao = integrationCode }, ct).ConfigureAwait(false);
            return r.CodigoClienteOmie == 0
                ? null
                : new OmieCustomerStatus(r.CodigoClienteOmie, Or(r.CodigoClienteIntegracao, integrationCode), r.RazaoSocial ?? "");
        }
        catch (OmieFaultException fault) when (fault.Kind == OmieFaultKind.CustomerNotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    /// <remarks>Only a customer whose cnpj_cpf equals <paramref name="document"/> once both are reduced to
    /// letters and digits is returned (Omie's filter matches formatted documents).</remarks>
    public async Task<OmieCustomerStatus?> FindCustomerByDocumentAsync(string document, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(document);
        var wanted = NormaliseDocument(document);
        try
        {
            var r = await CallAsync<ClientesListRequest, ClientesListResponse>(
                OmieConstants.ClientesEndpoint, OmieConstants.ListarClientes,
                new ClientesListRequest
                {
                    RegistrosPorPagina = OmieConstants.ListPageSize,
                    ClientesFiltro = new ClientesFiltro { CnpjCpf = document },
                }, ct).ConfigureAwait(false);
            var match = r.ClientesCadastro?.FirstOrDefault(c =>
                c.CodigoClienteOmie != 0 && NormaliseDocument(c.CnpjCpf) == wanted);
            return match is null
                ? null
                : new OmieCustomerStatus(match.CodigoClienteOmie, match.CodigoClienteIntegracao ?? "", match.RazaoSocial ?? "");
        }
        catch (OmieFaultException fault) when (fault.Kind == OmieFaultKind.EmptyPage)
        {
            return null; // Client-5113: an empty page is an empty result
        }
    }

    // ---- service orders --------------------------------------------------------------------------

    /// <inheritdoc />
    public async Task<OmieOrderStatus> CreateServiceOrderAsync(OmieServiceOrder order, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentException.ThrowIfNullOrWhiteSpace(order.IntegrationCode);
        if (order.Services is null || order.Services.Count == 0)
            throw new ArgumentException("A service order needs at least one service line.", nameof(order));
        if (order.CustomerOmieId is null or 0 && string.IsNullOrWhiteSpace(order.CustomerIntegrationCode))
            throw new ArgumentException("A service order needs CustomerOmieId or CustomerIntegrationCode.", nameof(order));

        var param = new OsCadastroRequest
        {
            Cabecalho = new OsCabecalho
            {
                CCodIntOS = order.IntegrationCode,
                // nCodCli wins when both are known: it survives a customer registered under another integration code.
                NCodCli = order.CustomerOmieId is > 0 ? order.CustomerOmieId : null,
                CCodIntCli = order.CustomerOmieId is > 0 ? null : order.CustomerIntegrationCode,
                DDtPrevisao = FormatDate(order.ExpectedDate),
            },
            InformacoesAdicionais = new OsInformacoesAdicionais
            {
                CCodCateg = NullIfEmpty(order.CategoryCode),
                NCodCC = order.BankAccountId,
                CDadosAdicNF = order.AdditionalInfo ?? "",
                CCidPrestServ = NullIfEmpty(order.ServiceCity),
            },
            ServicosPrestados = order.Services.Select(s => new OsServicoPrestado
            {
                CCodServMun = s.MunicipalCode,
                CCodServLC116 = s.Lc116Code,
                CDescServ = s.Description,
                NQtde = s.Quantity,
                NValUnit = s.UnitPrice,
            }).ToArray(),
        };

        var r = await CallAsync<OsCadastroRequest, OsStatusResponse>(
            OmieConstants.OsEndpoint, OmieConstants.IncluirOS, param, ct, ["os:" + order.IntegrationCode]).ConfigureAwait(false);
        if (r.NCodOS == 0 && !IsSuccessStatus(r.CCodStatus))
            throw StatusFault(OmieConstants.IncluirOS, r.CCodStatus, r.CDescStatus ?? "answer without nCodOS");
        return ToOrderStatus(r, order.IntegrationCode);
    }

    /// <inheritdoc />
    public async Task<OmieOrderStatus?> FindServiceOrderAsync(string orderIntegrationCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderIntegrationCode);
        try
        {
            var r = await CallAsync<OsChaveRequest, OsConsultaResponse>(
                OmieConstants.OsEndpoint, OmieConstants.ConsultarOS,
                new OsChaveRequest { CCodIntOS = orderIntegrationCode }, ct).ConfigureAwait(false);
            var header = r.Cabecalho;
            if (header is null || header.NCodOS == 0) return null;
            // StatusCode = kanban stage (cEtapa); description carries the invoiced/cancelled flags (UNCONFIRMED names).
            var description = r.InfoCadastro is { } info
                ? $"cEtapa={header.CEtapa}; cFaturada={info.Invoiced}; cCancelada={info.Cancelled}"
                : $"cEtapa={header.CEtapa}";
            return new OmieOrderStatus(header.NCodOS, Or(header.CCodIntOS, orderIntegrationCode), header.CNumOS ?? "", header.CEtapa ?? "", description);
        }
        catch (OmieFaultException fault) when (fault.Kind == OmieFaultKind.OrderNotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<OmieOrderStatus> InvoiceServiceOrderAsync(string orderIntegrationCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderIntegrationCode);
        var r = await CallAsync<OsChaveRequest, OsStatusResponse>(
            OmieConstants.OspEndpoint, OmieConstants.FaturarOS,
            new OsChaveRequest { CCodIntOS = orderIntegrationCode }, ct, ["os:" + orderIntegrationCode]).ConfigureAwait(false);
        return ToOrderStatus(r, orderIntegrationCode);
    }

    /// <inheritdoc />
    public async Task<OmieInvoiceStatus> GetInvoiceStatusAsync(string orderIntegrationCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderIntegrationCode);
        var r = await CallAsync<OsChaveRequest, StatusOsResponse>(
            OmieConstants.OsEndpoint, OmieConstants.StatusOS,
            new OsChaveRequest { CCodIntOS = orderIntegrationCode }, ct).ConfigureAwait(false);
        return new OmieInvoiceStatus
        {
            Invoiced = IsYes(r.CFaturada),
            Cancelled = IsYes(r.CCancelada),
            Environment = r.CAmbiente ?? "",
            Rps = (r.ListaRpsNfse ?? []).Select(rps => new OmieRps(
                Status: Or(rps.CStatusRps, rps.CStatusLote ?? ""),
                NfseNumber: rps.NNfse ?? "",
                VerificationCode: rps.CCodVerif ?? "",
                NfseUrl: rps.CUrlNfse ?? "",
                Messages: (rps.Mensagens ?? []).Select(m => new OmieCityMessage(
                    m.CCodigo ?? "", m.CDescricao ?? "", m.CCorrecao ?? "", m.CSituacao ?? "")).ToArray())
            {
                BatchStatus = rps.CStatusLote ?? "",
            }).ToArray(),
        };
    }

    /// <inheritdoc />
    public async Task<OmieOrderStatus> ResendInvoiceAsync(string orderIntegrationCode, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderIntegrationCode);
        var r = await CallAsync<OsChaveRequest, OsStatusResponse>(
            OmieConstants.ReenviarOSEndpoint, OmieConstants.ReenviarOS, // UNCONFIRMED method and endpoint
            new OsChaveRequest { CCodIntOS = orderIntegrationCode }, ct, ["os:" + orderIntegrationCode]).ConfigureAwait(false);
        return ToOrderStatus(r, orderIntegrationCode);
    }

    public void Dispose() => _rest.Dispose();

    // ---- the call --------------------------------------------------------------------------------

    /// <param name="records">Record locks to hold for the call (writes), taken in this order.</param>
    private async Task<TResponse> CallAsync<TParam, TResponse>(string module, string method, TParam param, CancellationToken ct,
        string[]? records = null)
        where TResponse : OmieResponse
    {
        var body = OmieJson.Serialize(new OmieRequest<TParam>
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

        var request = new RestRequest(module, Method.Post).AddStringBody(body, ContentType.Json);
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
            // RestSharp reads the body outside its own error handling: a connection lost mid-body lands here.
            throw Transport(module, method, null, Elapsed(startedAt), ex.Message, ex);
        }
        var elapsedMs = Elapsed(startedAt);
        var status = (int)response.StatusCode;

        if (status == 0 || response.ResponseStatus is ResponseStatus.TimedOut)
        {
            if (ct.IsCancellationRequested) throw new OperationCanceledException(ct);
            var reason = response.ResponseStatus == ResponseStatus.TimedOut
                ? $"no answer within {_options.Timeout.TotalSeconds:0.###} s (timed out)"
                : response.ErrorMessage ?? response.ErrorException?.Message ?? "no HTTP answer";
            throw Transport(module, method, status == 0 ? null : status, elapsedMs, reason, response.ErrorException);
        }

        var content = response.Content;
        var dto = TryDeserialize<TResponse>(content);
        var faultProbe = (OmieResponse?)dto ?? TryDeserialize<OmieResponse>(content);

        if (faultProbe is { IsFault: true })
            throw Fault(module, method, status, faultProbe.FaultCode ?? "", faultProbe.FaultString ?? "", response, elapsedMs);

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
        var text = Shorten(content);
        throw Fault(module, method, status, $"HTTP-{status}", text.Length > 0 ? text : response.StatusDescription ?? "", response, elapsedMs);
    }

    /// <summary>
    /// The record locks, then the limiter (pause, concurrency slot, tokens), all within <see cref="OmieOptions.MaxQueueWait"/>.
    /// Past it the call gives up before anything is sent: a deal's worker holds a lease on the deal, and a call that
    /// waited longer than the lease could be sent after another worker took the deal over.
    /// </summary>
    /// <exception cref="OmieThrottledException">The wait exceeded MaxQueueWait, or a local queue is full; nothing was sent.</exception>
    private async Task<IDisposable> WaitForTurnAsync(string module, string method, string[] records, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(_options.MaxQueueWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var held = new Turn(records.Length + 1);
        try
        {
            foreach (var record in records)
                held.Add(await _limiter.LockRecordAsync(record, linked.Token).ConfigureAwait(false));
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
        RestResponse response, long elapsedMs)
    {
        faultCode = Redact(faultCode);
        faultString = Redact(faultString);
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
        reason = Redact(reason);
        OmieTelemetry.RecordCall(method, "transport", elapsedMs);
        OmieLog.CallTransportFailed(_logger, module, method, status, elapsedMs, reason);
        return new OmieTransportException(method, status, reason, SafeInner(inner));
    }

    /// <summary>An inner exception whose text holds the secret is replaced by a redacted summary.</summary>
    private Exception? SafeInner(Exception? inner)
    {
        if (inner is null || _options.AppSecret.Length == 0) return inner;
        var text = inner.ToString();
        return text.Contains(_options.AppSecret, StringComparison.Ordinal)
            ? new HttpRequestException($"{inner.GetType().FullName} (redacted): {Redact(inner.GetBaseException().Message)}")
            : inner;
    }

    private OmieFaultException StatusFault(string method, string? statusCode, string description)
    {
        var fault = new OmieFaultException(method, 200, "STATUS-" + (statusCode ?? ""), Redact(description));
        OmieLog.CallFaulted(_logger, "", method, fault.FaultCode, fault.Kind, 200, 0, fault.FaultString);
        return fault;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private long Elapsed(long startedAt) => (long)_time.GetElapsedTime(startedAt).TotalMilliseconds;

    private static T? TryDeserialize<T>(string? content) where T : class
    {
        if (string.IsNullOrWhiteSpace(content)) return null;
        try
        {
            return OmieJson.Deserialize<T>(content);
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

    /// <summary>Only consulted when the fault text states no wait; capped like a stated wait.</summary>
    private static DateTimeOffset? RetryAfterHeader(RestResponse response, DateTimeOffset now)
    {
        var value = response.Headers?.FirstOrDefault(h => string.Equals(h.Name, "Retry-After", StringComparison.OrdinalIgnoreCase))?.Value;
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return now.AddSeconds(seconds);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        return null;
    }

    /// <summary>The app secret must never reach a log or an exception message, even if Omie echoes it.</summary>
    private string Redact(string text)
        => _options.AppSecret.Length > 0 && text.Contains(_options.AppSecret, StringComparison.Ordinal)
            ? text.Replace(_options.AppSecret, "***", StringComparison.Ordinal)
            : text;

    private static string Shorten(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return "";
        var text = content.Trim();
        return text.Length <= 500 ? text : text[..500] + "…";
    }

    private static OmieOrderStatus ToOrderStatus(OsStatusResponse r, string integrationCode)
        => new(r.NCodOS, Or(r.CCodIntOS, integrationCode), r.CNumOS ?? "", r.CCodStatus ?? "", r.CDescStatus ?? "");

    private static bool IsSuccessStatus(string? code) => string.IsNullOrWhiteSpace(code) || code.Trim() == OmieConstants.SuccessStatus;

    private static bool IsYes(string? flag) => string.Equals(flag?.Trim(), "S", StringComparison.OrdinalIgnoreCase);

    private static string FormatDate(DateOnly date) => date.ToString(OmieConstants.DateFormat, CultureInfo.InvariantCulture);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;

    /// <summary>Letters and digits only, upper case (CPF, CNPJ and the alphanumeric CNPJ).</summary>
    internal static string NormaliseDocument(string? document)
    {
        if (string.IsNullOrEmpty(document)) return "";
        return string.Create(document.Count(char.IsAsciiLetterOrDigit), document, static (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
                if (char.IsAsciiLetterOrDigit(c)) span[i++] = char.ToUpperInvariant(c);
        });
    }
}
