using ErpConnector.Domain.Errors;

namespace ErpConnector.Domain.Tests.Errors;

public class DefaultTableTests
{
    private static readonly ErrorClassifier Classifier = ErrorClassifier.LoadDefault();
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 15, 0, 0, TimeSpan.FromHours(-3));

    public static TheoryData<ErrorObservation, string, ErrorCategory, ErrorAction> Cases => new()
    {
        // A cancellation the city refuses (issue 11): the NFS-e stands, never retried
        { City("E0205", "Prazo para cancelamento da NFS-e expirado: o município aceita cancelamentos em até 2 dia(s) após a emissão."), "city-cancellation-window", ErrorCategory.CancellationRefused, ErrorAction.Fail },
        { Omie("SOAP-ENV:Client-102", "ERROR: Cancelamento não permitido: NFS-e emitida há mais de 30 dias."), "city-cancellation-window", ErrorCategory.CancellationRefused, ErrorAction.Fail },
        // Omie faults
        { Omie("SOAP-ENV:Client-5113", "ERROR: Não existem registros para a página [1]!"), "omie-empty-page", ErrorCategory.AlreadyDone, ErrorAction.Succeed },
        { Omie("SOAP-ENV:Server", "A chave de acesso não está preenchida ou não é válida."), "omie-bad-credentials", ErrorCategory.CertificateOrAuthorisation, ErrorAction.Fail },
        { Omie("SOAP-ENV:Server", "A chave de acesso não está preenchida ou não é válida.", 403), "omie-bad-credentials", ErrorCategory.CertificateOrAuthorisation, ErrorAction.Fail },
        { Omie("MISUSE_API_PROCESS", "ERROR: API bloqueada por consumo indevido. Tente novamente em 1678 segundos.", 425), "omie-app-blocked", ErrorCategory.Throttled, ErrorAction.PauseAppKey },
        { Omie("SOAP-ENV:Client-9", "ERROR: API bloqueada por consumo indevido. Tente novamente em 1678 segundos."), "omie-app-blocked-text", ErrorCategory.Throttled, ErrorAction.PauseAppKey },
        { Omie("REDUNDANT", "Consumo redundante detectado. Aguarde 37 segundos"), "omie-redundant", ErrorCategory.Throttled, ErrorAction.WaitStatedTime },
        { Omie("SOAP-ENV:Client-6", "Consumo redundante detectado. Aguarde 5 segundos"), "omie-redundant", ErrorCategory.Throttled, ErrorAction.WaitStatedTime },
        { Omie("REDUNDANT", "Requisição repetida"), "omie-redundant-code", ErrorCategory.Throttled, ErrorAction.WaitStatedTime },
        { Omie("SOAP-ENV:Client-1100", "ERROR: Esta requisição já foi processada ou está sendo processada e você pode tentar novamente às 19:04:08. (1)"), "omie-request-in-flight", ErrorCategory.Throttled, ErrorAction.WaitStatedTime },
        { Omie("SOAP-ENV:Client-1880", "ERROR: Já existe uma requisição desse método sendo executada e você pode tentar novamente em alguns instantes. (1)"), "omie-method-busy", ErrorCategory.Throttled, ErrorAction.WaitStatedTime },
        { Omie("SOAP-ENV:Client-105", "ERROR: Cliente não cadastrado para o Código [999999999] !"), "omie-customer-not-found", ErrorCategory.CustomerNotFound, ErrorAction.RegisterCustomerThenContinue },
        { Omie("SOAP-ENV:Client-103", "ERROR: OS não cadastrada para o Código de Integração [Ddeal-42] !"), "omie-order-not-found", ErrorCategory.OrderNotFound, ErrorAction.RetryOnSchedule },
        { Omie("SOAP-ENV:Client-5002", "ERROR: Serviço não cadastrado para o Código de integração do Serviço [X] ! Tag [cCodIntServ]!"), "omie-service-not-found", ErrorCategory.InvalidServiceCode, ErrorAction.Fail },
        { Omie("SOAP-ENV:Client-102", "ERROR: A OS já está faturada!"), "omie-order-already-invoiced", ErrorCategory.AlreadyDone, ErrorAction.Succeed },
        { Omie("SOAP-ENV:Client-102", "ERROR: Cliente já cadastrado para o Código de Integração [X] com o nCod [123]!"), "omie-already-registered", ErrorCategory.AlreadyDone, ErrorAction.Succeed },
        { Omie("SOAP-ENV:Client-102", "ERROR: Cliente já cadastrado para o CPF/CNPJ [39.330.543/0001-02] com o Id [5522173861] e código de integração [65007887191] ! (add)"), "omie-already-registered", ErrorCategory.AlreadyDone, ErrorAction.Succeed },
        { Omie("SOAP-ENV:Client-102", "ERROR: OS já cadastrada para o Código de Integração [Ddeal-42]!"), "omie-already-registered", ErrorCategory.AlreadyDone, ErrorAction.Succeed },
        { Omie("SOAP-ENV:Client-8", "Invalid JSON Object"), "omie-invalid-request", ErrorCategory.IntegrationBug, ErrorAction.Fail },
        { Omie("SOAP-ENV:Client-8", "JSON request with SyntaxError"), "omie-invalid-request", ErrorCategory.IntegrationBug, ErrorAction.Fail },
        // HTTP without a fault body, and no answer at all
        { Http(403, "Forbidden"), "http-forbidden", ErrorCategory.CertificateOrAuthorisation, ErrorAction.Fail },
        { Http(425, "Too Early"), "http-too-early", ErrorCategory.Throttled, ErrorAction.PauseAppKey },
        { Http(429, "Too many Requests"), "http-rate-limited", ErrorCategory.Throttled, ErrorAction.WaitStatedTime },
        { Http(301, "Moved Permanently"), "http-bad-request", ErrorCategory.IntegrationBug, ErrorAction.Fail },
        { Http(500, "Internal Server Error"), "omie-upstream-unavailable", ErrorCategory.TaxAuthorityUnavailable, ErrorAction.RetryOnSchedule },
        { Http(502, "Bad Gateway"), "omie-upstream-unavailable", ErrorCategory.TaxAuthorityUnavailable, ErrorAction.RetryOnSchedule },
        { Http(503, "Service Unavailable"), "omie-upstream-unavailable", ErrorCategory.TaxAuthorityUnavailable, ErrorAction.RetryOnSchedule },
        { Http(504, "Gateway Timeout"), "omie-upstream-unavailable", ErrorCategory.TaxAuthorityUnavailable, ErrorAction.RetryOnSchedule },
        { new ErrorObservation(ErrorSource.Transport, "Timeout", "The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing."), "transport-unavailable", ErrorCategory.TaxAuthorityUnavailable, ErrorAction.RetryOnSchedule },
        { new ErrorObservation(ErrorSource.Transport, "ConnectionReset", "Connection reset by peer"), "transport-unavailable", ErrorCategory.TaxAuthorityUnavailable, ErrorAction.RetryOnSchedule },
        // City messages
        { City("", "", "001"), "city-rps-pending", ErrorCategory.StillProcessing, ErrorAction.PollLater },
        { City("E92", "Lote ainda não processado", "002"), "city-rps-pending", ErrorCategory.StillProcessing, ErrorAction.PollLater },
        { City("E92", "Esse RPS ainda não foi processado. Consulte mais tarde."), "city-batch-not-processed", ErrorCategory.StillProcessing, ErrorAction.PollLater },
        { City("E086", "Número do protocolo não encontrado"), "city-batch-not-processed", ErrorCategory.StillProcessing, ErrorAction.PollLater },
        { City("E87", "Lote não encontrado"), "city-batch-not-processed", ErrorCategory.StillProcessing, ErrorAction.PollLater },
        { City("E10", "RPS já informado."), "city-duplicate-rps", ErrorCategory.AlreadyDone, ErrorAction.Succeed },
        { City("E0014", "Conjunto de Série, Número, Código do Município Emissor e CNPJ/CPF do emitente já existe"), "city-duplicate-rps", ErrorCategory.AlreadyDone, ErrorAction.Succeed },
        { City("A0099", "RPS já informado"), "city-duplicate-rps-text", ErrorCategory.AlreadyDone, ErrorAction.Succeed },
        { City("E30", "Código de serviço inválido"), "city-invalid-service-code", ErrorCategory.InvalidServiceCode, ErrorAction.Fail },
        { City("E035", "Item da lista inválido"), "city-invalid-service-code", ErrorCategory.InvalidServiceCode, ErrorAction.Fail },
        { City(" e0310 ", "Código de tributação nacional inexistente"), "city-invalid-service-code", ErrorCategory.InvalidServiceCode, ErrorAction.Fail },
        { City("L016", "A data de competência deve estar dentro da vigência da atividade"), "city-invalid-service-code", ErrorCategory.InvalidServiceCode, ErrorAction.Fail },
        { City("", "A atividade informada não está cadastrada para este prestador"), "city-invalid-service-code-text", ErrorCategory.InvalidServiceCode, ErrorAction.Fail },
        { City("999", "Item da lista de serviço incompatível com o código de tributação"), "city-invalid-service-code-text", ErrorCategory.InvalidServiceCode, ErrorAction.Fail },
        { City("", "L016 – A data de competência deve estar dentro da vigência da atividade"), "city-invalid-service-code-text", ErrorCategory.InvalidServiceCode, ErrorAction.Fail },
        // Issue #14: the simulated city's tax rejections, each with a corrective action naming the deal's field
        { City("E0310", "Código de serviço municipal 99999 não cadastrado para o município SAO PAULO (SP)."), "city-unknown-municipal-code", ErrorCategory.InvalidServiceCode, ErrorAction.Fail },
        { City("E0312", "Tipo de tributação do serviço (cTribServ) 99 não aceito pelo município SAO PAULO (SP)."), "city-taxation-type-refused", ErrorCategory.InvalidTaxConfiguration, ErrorAction.Fail },
        { City("E0595", "Alíquota do ISS informada (5,00%) superior à alíquota do município para o serviço 02881 (2,90%)."), "city-iss-rate-outside-city-range", ErrorCategory.InvalidTaxConfiguration, ErrorAction.Fail },
        { City("E0597", "Alíquota do ISS informada (1,50%) inferior à alíquota do município para o serviço 01015 (2,00%)."), "city-iss-rate-outside-city-range", ErrorCategory.InvalidTaxConfiguration, ErrorAction.Fail },
        { City("E0625", "Retenção de tributos não permitida: o tomador é pessoa física (CPF)."), "city-withholding-on-person-taker", ErrorCategory.InvalidTaxConfiguration, ErrorAction.Fail },
        { City("E0312", "Outro erro"), "unclassified", ErrorCategory.Unknown, ErrorAction.RetryOnSchedule },
        { City("E0625", "Outro erro"), "unclassified", ErrorCategory.Unknown, ErrorAction.RetryOnSchedule },
        { City("E0160", "Optante do Simples Nacional divergente"), "city-invalid-tax-configuration", ErrorCategory.InvalidTaxConfiguration, ErrorAction.Fail },
        { City("E0595", "Alíquota do ISS maior que 5%"), "city-invalid-tax-configuration", ErrorCategory.InvalidTaxConfiguration, ErrorAction.Fail },
        { City("E597", "Alíquota do ISS menor que 2%"), "city-invalid-tax-configuration", ErrorCategory.InvalidTaxConfiguration, ErrorAction.Fail },
        { City("E0038", "Convênio do município não ativo"), "city-invalid-tax-configuration", ErrorCategory.InvalidTaxConfiguration, ErrorAction.Fail },
        { City("", "Código de tributação não parametrizado para o município"), "city-invalid-tax-configuration-text", ErrorCategory.InvalidTaxConfiguration, ErrorAction.Fail },
        { City("E0080", "CNPJ do prestador inválido"), "city-invalid-customer-data", ErrorCategory.InvalidCustomerData, ErrorAction.Fail },
        { City("E0188", "CNPJ do tomador inválido"), "city-invalid-customer-data", ErrorCategory.InvalidCustomerData, ErrorAction.Fail },
        { City("E44", "CNPJ do tomador inválido"), "city-invalid-customer-data", ErrorCategory.InvalidCustomerData, ErrorAction.Fail },
        { City("E0714", "Assinatura inválida"), "city-certificate", ErrorCategory.CertificateOrAuthorisation, ErrorAction.Fail },
        { City("E0718", "Certificado revogado"), "city-certificate", ErrorCategory.CertificateOrAuthorisation, ErrorAction.Fail },
        { City("E156", "Certificado inválido"), "city-certificate", ErrorCategory.CertificateOrAuthorisation, ErrorAction.Fail },
        { City("E157", "Prestador não autorizado"), "city-certificate", ErrorCategory.CertificateOrAuthorisation, ErrorAction.Fail },
        { City("E999", "Erro interno"), "city-unavailable-code", ErrorCategory.TaxAuthorityUnavailable, ErrorAction.RetryOnSchedule },
        { City("RNG9999", "Erro não catalogado"), "city-unavailable-code", ErrorCategory.TaxAuthorityUnavailable, ErrorAction.RetryOnSchedule },
        { City("", "Webservice da prefeitura em instabilidade"), "city-unavailable-text", ErrorCategory.TaxAuthorityUnavailable, ErrorAction.RetryOnSchedule },
        { City("X1", "Serviço indisponível. Tente novamente mais tarde."), "city-unavailable-text", ErrorCategory.TaxAuthorityUnavailable, ErrorAction.RetryOnSchedule },
        { City("", "Falha durante o processamento"), "city-unavailable-text", ErrorCategory.TaxAuthorityUnavailable, ErrorAction.RetryOnSchedule },
        // Nothing recognisable, and near misses of the code patterns
        { City("E0596", "Alíquota inválida"), "unclassified", ErrorCategory.Unknown, ErrorAction.RetryOnSchedule },
        { City("E0713", "Outro erro"), "unclassified", ErrorCategory.Unknown, ErrorAction.RetryOnSchedule },
        { City("E0719", "Outro erro"), "unclassified", ErrorCategory.Unknown, ErrorAction.RetryOnSchedule },
        { City("E100", "Outro erro"), "unclassified", ErrorCategory.Unknown, ErrorAction.RetryOnSchedule },
        { Omie("SOAP-ENV:Client-102", "ERROR: Tag [cCodParc] não informada!"), "unclassified", ErrorCategory.Unknown, ErrorAction.RetryOnSchedule },
        { Omie("SOAP-ENV:Client-51130", "ERROR: Não existem registros para a página [1]!"), "unclassified", ErrorCategory.Unknown, ErrorAction.RetryOnSchedule },
        { Http(418, "I'm a teapot"), "unclassified", ErrorCategory.Unknown, ErrorAction.RetryOnSchedule },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classifies(ErrorObservation observation, string ruleId, ErrorCategory category, ErrorAction action)
    {
        var verdict = Classifier.Classify(observation, Now);
        Assert.Equal((ruleId, category, action), (verdict.RuleId, verdict.Category, verdict.Action));
    }

    [Fact]
    public void Every_category_is_reachable()
    {
        var reached = Cases.Select(row => (ErrorCategory)row[2]).ToHashSet();
        Assert.Equal(Enum.GetValues<ErrorCategory>().ToHashSet(), reached);
    }

    [Fact]
    public void Every_rule_is_reached_by_a_case()
    {
        var reached = Cases.Select(row => (string)row[1]).ToHashSet();
        Assert.Equal([], Classifier.Rules.Select(r => r.Id).Where(id => !reached.Contains(id)).ToArray());
    }

    [Fact]
    public void Unknown_errors_get_three_attempts_and_a_corrective_action()
    {
        var verdict = Classifier.Classify(City("Z1", "Algo inesperado"), Now);
        Assert.Equal(ErrorCategory.Unknown, verdict.Category);
        Assert.Equal(3, verdict.MaxAttempts);
        Assert.Equal("unknown", verdict.CategoryName);
        Assert.Contains("tabela de classificação", verdict.CorrectiveActionPt);
        Assert.Contains("classification table", verdict.CorrectiveActionEn);
        Assert.True(Classifier.Rules[^1].Match.IsCatchAll);
    }

    [Fact]
    public void Failures_carry_kebab_category_and_bilingual_corrective_action()
    {
        var verdict = Classifier.Classify(City("E0310", "Código de tributação nacional inexistente"), Now);
        Assert.Equal("invalid-service-code", verdict.CategoryName);
        Assert.StartsWith("Cadastre o código de serviço municipal", verdict.CorrectiveAction);
        Assert.Contains(" / Register the correct municipal service code", verdict.CorrectiveAction);
        Assert.Equal($"{verdict.CorrectiveActionPt} / {verdict.CorrectiveActionEn}", verdict.CorrectiveAction);
        Assert.Null(verdict.WaitUntil);
    }

    [Theory]
    [InlineData("E0310", "Código de serviço municipal 99999 não cadastrado para o município SAO PAULO (SP).", "services[].municipalCode", false)]
    [InlineData("E0312", "Tipo de tributação do serviço (cTribServ) 99 não aceito pelo município SAO PAULO (SP).", "services[].taxes.taxationCode", true)]
    [InlineData("E0595", "Alíquota do ISS informada (5,00%) superior à alíquota do município para o serviço 02881 (2,90%).", "services[].taxes.issRate", true)]
    [InlineData("E0625", "Retenção de tributos não permitida: o tomador é pessoa física (CPF).", "services[].taxes.withholdings", false)]
    public void A_city_tax_rejection_names_the_field_to_fix_and_sends_to_the_accountant_where_only_they_can_decide(
        string code, string message, string field, bool accountant)
    {
        var verdict = Classifier.Classify(City(code, message), Now);

        Assert.Contains(field, verdict.CorrectiveActionPt);
        Assert.Contains(field, verdict.CorrectiveActionEn);
        Assert.Equal(accountant, verdict.CorrectiveActionEn!.Contains("with your accountant", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_failing_row_explains_itself_in_both_languages()
    {
        foreach (var rule in Classifier.Rules.Where(r => r.Action == ErrorAction.Fail || r.MaxAttempts is not null))
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.CorrectiveActionPt), rule.Id);
            Assert.False(string.IsNullOrWhiteSpace(rule.CorrectiveActionEn), rule.Id);
        }
    }

    [Theory]
    [InlineData(ErrorCategory.StillProcessing, "still-processing")]
    [InlineData(ErrorCategory.TaxAuthorityUnavailable, "tax-authority-unavailable")]
    [InlineData(ErrorCategory.CertificateOrAuthorisation, "certificate-or-authorisation")]
    [InlineData(ErrorCategory.InvalidTaxConfiguration, "invalid-tax-configuration")]
    public void Category_names_are_kebab_case(ErrorCategory category, string name) =>
        Assert.Equal(name, new ErrorClassification("r", category, ErrorAction.Fail, "", "", null, null).CategoryName);

    [Fact]
    public void A_permanent_city_code_wins_over_words_of_instability()
    {
        var verdict = Classifier.Classify(City("E0310", "Código indisponível para este município"), Now);
        Assert.Equal(ErrorCategory.InvalidServiceCode, verdict.Category);
    }

    [Fact]
    public void The_table_beside_the_binaries_is_the_embedded_one()
    {
        var path = Path.Combine(AppContext.BaseDirectory, ErrorClassifier.DefaultFileRelativePath);
        Assert.True(File.Exists(path), path);
        var fromFile = ErrorClassifier.LoadFile(path);
        Assert.Equal(Classifier.Rules.Select(r => r.Id), fromFile.Rules.Select(r => r.Id));
    }

    private static ErrorObservation Omie(string code, string message, int status = 500) =>
        new(ErrorSource.OmieFault, code, message, status);

    private static ErrorObservation Http(int status, string message) =>
        new(ErrorSource.Http, $"HTTP {status}", message, status);

    private static ErrorObservation City(string code, string message, string rpsStatus = "003") =>
        new(ErrorSource.CityMessage, code, message, null, rpsStatus);
}
