using ErpConnector.Domain.Errors;

namespace ErpConnector.Omie.Tests;

/// <summary>Every row of the fault table in shared/reference/omie-api.md, with the real strings.</summary>
public sealed class FaultTests
{
    // 19:00:00 in São Paulo (UTC-3).
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 22, 0, 0, TimeSpan.Zero);

    public static TheoryData<int, string, string, OmieFaultKind> FaultTable => new()
    {
        // http, faultcode, faultstring, kind
        { 500, "SOAP-ENV:Server", "A chave de acesso não está preenchida ou não é válida.", OmieFaultKind.InvalidCredentials },
        { 403, "SOAP-ENV:Server", "A chave de acesso não está preenchida ou não é válida.", OmieFaultKind.InvalidCredentials },
        { 500, "SOAP-ENV:Client-5113", "ERROR: Não existem registros para a página [1]!", OmieFaultKind.EmptyPage },
        { 500, "SOAP-ENV:Client-1100", "ERROR: Esta requisição já foi processada ou está sendo processada e você pode tentar novamente às 19:04:08. (1)", OmieFaultKind.DuplicateInFlight },
        { 500, "SOAP-ENV:Client-1880", "ERROR: Já existe uma requisição desse método sendo executada e você pode tentar novamente em alguns instantes. (1)", OmieFaultKind.MethodBusy },
        { 500, "SOAP-ENV:Client-6", "Consumo redundante detectado. Aguarde 60 segundos", OmieFaultKind.Redundant },
        { 500, "REDUNDANT", "Consumo redundante detectado. Aguarde 42 segundos", OmieFaultKind.Redundant },
        { 425, "MISUSE_API_PROCESS", "ERROR: API bloqueada por consumo indevido. Tente novamente em 1678 segundos.", OmieFaultKind.Blocked },
        { 500, "SOAP-ENV:Client-105", "ERROR: Cliente não cadastrado para o Código [999999999] !", OmieFaultKind.CustomerNotFound },
        { 500, "SOAP-ENV:Client-103", "ERROR: OS não cadastrada para o Código de Integração [deal-42] !", OmieFaultKind.OrderNotFound },
        { 500, "SOAP-ENV:Client-5002", "ERROR: Serviço não cadastrado para o Código de integração do Serviço [SRV-1] ! Tag [cCodIntServ]!", OmieFaultKind.ServiceNotFound },
        { 500, "SOAP-ENV:Client-102", "ERROR: Cliente já cadastrado para o Código de Integração [cli-1] com o nCod [123]!", OmieFaultKind.AlreadyRegistered },
        { 500, "SOAP-ENV:Client-102", "ERROR: Cliente já cadastrado para o CPF/CNPJ [39.330.543/0001-02] com o Id [5522173861] e código de integração [65007887191] ! (add)", OmieFaultKind.AlreadyRegistered },
        { 500, "SOAP-ENV:Server", "Invalid JSON Object", OmieFaultKind.InvalidRequest },
        { 500, "SOAP-ENV:Server", "JSON request with SyntaxError", OmieFaultKind.InvalidRequest },
        { 429, "HTTP-429", "Too many Requests", OmieFaultKind.RateLimited },
    };

    [Theory]
    [MemberData(nameof(FaultTable))]
    public async Task A_fault_body_becomes_OmieFaultException_with_its_kind(
        int http, string faultCode, string faultString, OmieFaultKind kind)
    {
        using var t = TestClient.Answering(_ => FakeHandler.Fault(http, faultCode, faultString), time: new ManualTimeProvider(Now));

        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Equal("StatusOS", fault.Method);
        Assert.Equal(http, fault.HttpStatus);
        Assert.Equal(faultCode, fault.FaultCode);
        Assert.Equal(faultString, fault.FaultString);
        Assert.Equal(kind, fault.Kind);
        Assert.Equal(kind == OmieFaultKind.Blocked, t.Limiter.IsPaused);
    }

    [Fact]
    public async Task Http_429_without_a_body_is_a_fault_coded_HTTP_429()
    {
        using var t = TestClient.Answering(_ => new HttpResponseMessage((System.Net.HttpStatusCode)429));

        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Equal(("HTTP-429", 429, OmieFaultKind.RateLimited), (fault.FaultCode, fault.HttpStatus, fault.Kind));
    }

    [Fact]
    public async Task Http_429_with_plain_text_and_Retry_After_is_a_rate_limited_fault()
    {
        var now = new ManualTimeProvider(Now);
        using var t = TestClient.Answering(_ =>
        {
            var response = FakeHandler.Text(429, "Too many Requests");
            response.Headers.Add("Retry-After", "30");
            return response;
        }, time: now);

        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));

        Assert.Equal(("HTTP-429", "Too many Requests", OmieFaultKind.RateLimited), (fault.FaultCode, fault.FaultString, fault.Kind));
        Assert.False(t.Limiter.IsPaused); // a 429 slows one deal down (the classifier's wait), never the whole app_key
    }

    [Fact]
    public async Task A_fault_body_with_http_200_is_still_a_fault()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Fault(200, "SOAP-ENV:Client-103", "ERROR: OS não cadastrada para o Código de Integração [x] !"));

        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.InvoiceServiceOrderAsync("x"));
        Assert.Equal(OmieFaultKind.OrderNotFound, fault.Kind);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_but_reported_as_a_fault()
    {
        using var t = TestClient.Answering(_ =>
        {
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.MovedPermanently);
            response.Headers.Location = new Uri("https://app.omie.com.br/api/v1/servicos/os");
            return response;
        });

        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.GetInvoiceStatusAsync("deal-42"));
        Assert.Equal(("HTTP-301", 301), (fault.FaultCode, fault.HttpStatus));
        Assert.Single(t.Handler.Requests);
    }

    // ---- find-methods: not found is null ----------------------------------------------------------

    [Fact]
    public async Task FindServiceOrder_returns_null_on_Client_103_OS_nao_cadastrada()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Fault(500, "SOAP-ENV:Client-103", "ERROR: OS não cadastrada para o Código de Integração [deal-42] !"));
        Assert.Null(await t.Client.FindServiceOrderAsync("deal-42"));
    }

    [Fact]
    public async Task FindServiceOrder_does_not_hide_a_Client_103_that_is_about_something_else()
    {
        // Client-103 is also returned for bad date formats: the code alone is not "not found".
        // (Synthetic text: the real wording of that variant is not in the notes.)
        using var t = TestClient.Answering(_ => FakeHandler.Fault(500, "SOAP-ENV:Client-103", "ERROR: Data de previsão inválida [2026-03-05]!"));
        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.FindServiceOrderAsync("deal-42"));
        Assert.Equal(OmieFaultKind.Unknown, fault.Kind);
    }

    [Fact]
    public async Task FindCustomerByIntegrationCode_returns_null_on_Client_105()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Fault(500, "SOAP-ENV:Client-105", "ERROR: Cliente não cadastrado para o Código [999999999] !"));
        Assert.Null(await t.Client.FindCustomerByIntegrationCodeAsync("cli-x"));
    }

    [Fact]
    public async Task FindCustomerByDocument_returns_null_on_Client_5113_empty_page()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Fault(500, "SOAP-ENV:Client-5113", "ERROR: Não existem registros para a página [1]!"));
        Assert.Null(await t.Client.FindCustomerByDocumentAsync("39330543000102"));
    }

    [Fact]
    public async Task FindCustomerByIntegrationCode_still_throws_other_faults()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Fault(500, "SOAP-ENV:Server", "A chave de acesso não está preenchida ou não é válida."));
        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.FindCustomerByIntegrationCodeAsync("cli-x"));
        Assert.Equal(OmieFaultKind.InvalidCredentials, fault.Kind);
    }

    // ---- already registered: reuse the existing id ------------------------------------------------

    [Fact]
    public async Task Upsert_reuses_the_customer_already_registered_for_the_CNPJ()
    {
        const string text = "ERROR: Cliente já cadastrado para o CPF/CNPJ [39.330.543/0001-02] com o Id [5522173861] e código de integração [65007887191] ! (add)";
        using var t = TestClient.Answering(_ => FakeHandler.Fault(500, "SOAP-ENV:Client-102", text));

        var status = await t.Client.UpsertCustomerAsync(Samples.Customer());

        Assert.Equal(new OmieCustomerStatus(5522173861, "65007887191", text), status);
    }

    [Fact]
    public async Task Upsert_reuses_the_customer_already_registered_for_the_integration_code()
    {
        const string text = "ERROR: Cliente já cadastrado para o Código de Integração [cli-39330543000102] com o nCod [123]!";
        using var t = TestClient.Answering(_ => FakeHandler.Fault(500, "SOAP-ENV:Client-102", text));

        var status = await t.Client.UpsertCustomerAsync(Samples.Customer());

        Assert.Equal(123, status.OmieId);
        Assert.Equal("cli-39330543000102", status.IntegrationCode);
    }

    [Fact]
    public async Task Upsert_throws_an_already_registered_fault_without_an_id()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Fault(500, "SOAP-ENV:Client-102", "ERROR: Cliente já cadastrado!"));
        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.UpsertCustomerAsync(Samples.Customer()));
        Assert.Equal(OmieFaultKind.AlreadyRegistered, fault.Kind);
    }

    [Fact]
    public async Task Upsert_answer_without_an_id_is_a_status_fault()
    {
        using var t = TestClient.Answering(_ => FakeHandler.Json(200, """{"codigo_cliente_omie":0,"codigo_status":"101","descricao_status":"Falhou"}"""));
        var fault = await Assert.ThrowsAsync<OmieFaultException>(() => t.Client.UpsertCustomerAsync(Samples.Customer()));
        Assert.Equal(("STATUS-101", "Falhou"), (fault.FaultCode, fault.FaultString));
    }
}

/// <summary>The text parsers on their own.</summary>
public sealed class FaultTextTests
{
    [Theory]
    [InlineData("ERROR: Cliente já cadastrado para o CPF/CNPJ [39.330.543/0001-02] com o Id [5522173861] e código de integração [65007887191] ! (add)", 5522173861L)]
    [InlineData("ERROR: Cliente já cadastrado para o Código de Integração [X] com o nCod [123]!", 123L)]
    [InlineData("ERROR: Cliente ja cadastrado para o Codigo de Integracao [X] com o nCod [ 456 ]!", 456L)]
    public void Existing_customer_id_is_parsed(string text, long expected)
    {
        Assert.True(OmieFaultText.TryParseExistingCustomerId(text, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData("ERROR: Cliente não cadastrado para o Código [999999999] !")]
    [InlineData("ERROR: Cliente já cadastrado com o Id [abc]")]
    [InlineData("")]
    [InlineData(null)]
    public void No_customer_id_when_the_text_has_none(string? text)
        => Assert.False(OmieFaultText.TryParseExistingCustomerId(text, out _));

    [Fact]
    public void Integration_code_is_parsed_and_may_be_empty()
    {
        Assert.True(OmieFaultText.TryParseIntegrationCode("… com o Id [1] e código de integração [65007887191] ! (add)", out var code));
        Assert.Equal("65007887191", code);
        Assert.True(OmieFaultText.TryParseIntegrationCode("… com o Id [1] e código de integração [] ! (add)", out code));
        Assert.Equal("", code);
        Assert.False(OmieFaultText.TryParseIntegrationCode("ERROR: Cliente já cadastrado com o Id [1]", out _));
    }

    // Stated waits are read by Domain's StatedWait (shared with the error classifier): Omie's real strings here.
    [Theory]
    [InlineData("Consumo redundante detectado. Aguarde 60 segundos", 60)]
    [InlineData("ERROR: API bloqueada por consumo indevido. Tente novamente em 1678 segundos.", 1678)]
    [InlineData("Aguarde 2 minutos", 120)]
    public void Wait_seconds_are_parsed(string text, int expected)
        => Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(expected), StatedWait.FromMessage(text, DateTimeOffset.UnixEpoch));

    [Theory]
    [InlineData("ERROR: Já existe uma requisição desse método sendo executada e você pode tentar novamente em alguns instantes. (1)")]
    [InlineData("Aguarde um momento")]
    [InlineData("")]
    public void No_wait_when_the_text_names_none(string text)
        => Assert.Null(StatedWait.FromMessage(text, DateTimeOffset.UnixEpoch));

    private const string InFlight = "ERROR: Esta requisição já foi processada ou está sendo processada e você pode tentar novamente às {0}. (1)";

    [Theory]
    // now (São Paulo local)  clock in text  expected (São Paulo local)
    [InlineData("2026-03-05T19:00:00", "19:04:08", "2026-03-05T19:04:08")] // later today
    [InlineData("2026-03-05T19:05:00", "19:04:08", "2026-03-05T19:05:00")] // just passed: already reached (now), not tomorrow
    [InlineData("2026-03-05T23:59:50", "00:00:10", "2026-03-06T00:00:10")] // across midnight: tomorrow
    [InlineData("2026-03-06T00:00:05", "23:59:59", "2026-03-06T00:00:05")] // yesterday just before midnight: reached (now)
    public void Clock_time_is_read_in_Sao_Paulo(string nowLocal, string clock, string expectedLocal)
    {
        var brt = TimeSpan.FromHours(-3);
        var now = new DateTimeOffset(DateTime.Parse(nowLocal, System.Globalization.CultureInfo.InvariantCulture), brt);

        var at = StatedWait.FromMessage(string.Format(InFlight, clock), now.ToUniversalTime());

        Assert.Equal(new DateTimeOffset(DateTime.Parse(expectedLocal, System.Globalization.CultureInfo.InvariantCulture), brt), at);
    }

    [Theory]
    [InlineData("Ocorreu um erro atrás 12:00:00")] // "às" inside another word is no clock marker
    [InlineData("tentar novamente às 25:00:00")]
    public void No_clock_when_there_is_none(string text)
        => Assert.Null(StatedWait.FromClockTime(text, DateTimeOffset.UtcNow));

    [Theory]
    [InlineData("SOAP-ENV:Client-6", "", OmieFaultKind.Redundant)]
    [InlineData("SOAP-ENV:Client-106", "", OmieFaultKind.Unknown)]
    [InlineData("SOAP-ENV:Client-61", "", OmieFaultKind.Unknown)]
    [InlineData("SOAP-ENV:Client-103", "", OmieFaultKind.OrderNotFound)]
    [InlineData("SOAP-ENV:Client-105", "", OmieFaultKind.CustomerNotFound)]
    [InlineData("SOAP-ENV:Client-5113", "", OmieFaultKind.EmptyPage)]
    [InlineData("SOAP-ENV:Client-105", "ERROR: OS não cadastrada para o Código de Integração [x] !", OmieFaultKind.OrderNotFound)] // text wins
    [InlineData("SOAP-ENV:Client-1880", "", OmieFaultKind.MethodBusy)]
    [InlineData("SOAP-ENV:Client-1100", "", OmieFaultKind.DuplicateInFlight)]
    [InlineData("SOAP-ENV:MISUSE_API_PROCESS", "", OmieFaultKind.Blocked)]
    [InlineData("SOAP-ENV:Server", "ERROR: Cliente nao cadastrado para o Codigo [1] !", OmieFaultKind.CustomerNotFound)] // unaccented
    [InlineData("SOAP-ENV:Client-102", "ERROR: Já existe uma OS cadastrada com o Código de Integração [deal-42]", OmieFaultKind.AlreadyRegistered)]
    [InlineData(null, null, OmieFaultKind.Unknown)]
    public void Classification_reads_text_first_then_code(string? code, string? text, OmieFaultKind expected)
        => Assert.Equal(expected, OmieFaultText.Classify(code, text));

    [Fact]
    public void Http_425_alone_means_blocked()
        => Assert.Equal(OmieFaultKind.Blocked, OmieFaultText.Classify("HTTP-425", "", 425));
}
