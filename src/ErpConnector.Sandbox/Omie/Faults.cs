using System.Globalization;

namespace ErpConnector.Sandbox.Omie;

/// <summary>
/// Every fault text the simulator can answer with, in one table, because these strings are what the connector
/// classifies on. Texts without "UNCONFIRMED" are copied from the reference notes (omie-api.md); the others are
/// plausible guesses, kept here so a wrong guess is a one-line change.
/// </summary>
public static class Faults
{
    // Brazil has had no daylight saving since 2019, so Brasília is a fixed UTC-3 and needs no tz database.
    private static readonly TimeSpan Brasilia = TimeSpan.FromHours(-3);

    // faultcode UNCONFIRMED for both JSON faults; the texts are from the notes.
    public static OmieFault JsonSyntaxError() => new("SOAP-ENV:Client-1", "JSON request with SyntaxError");
    public static OmieFault InvalidJsonObject() => new("SOAP-ENV:Client-1", "Invalid JSON Object");

    // HTTP 403 was also seen in the wild (UNCONFIRMED); the brief asks for Omie's usual 500.
    public static OmieFault InvalidCredentials() => new("SOAP-ENV:Server", "A chave de acesso não está preenchida ou não é válida.");

    // UNCONFIRMED: PHP SoapServer's own wording for an unknown operation, which Omie's JSON layer sits on.
    public static OmieFault UnknownMethod(string call) => new("SOAP-ENV:Server", $"Function ('{call}') is not a valid method for this service");

    // UNCONFIRMED: text and code of missing/ill-typed tags (Client-102 covers "several validation errors").
    public static OmieFault RequiredTag(string tag) => new("SOAP-ENV:Client-102", $"ERROR: A tag [{tag}] é obrigatória e não foi informada!");
    public static OmieFault NotANumber(string tag) => new("SOAP-ENV:Client-102", $"ERROR: O conteúdo da tag [{tag}] deve ser numérico!");

    public static OmieFault EmptyPage(int page) => new("SOAP-ENV:Client-5113", $"ERROR: Não existem registros para a página [{page}]!");

    public static OmieFault CustomerNotFound(string code) => new("SOAP-ENV:Client-105", $"ERROR: Cliente não cadastrado para o Código [{code}] !");
    public static OmieFault CustomerDuplicateIntegrationCode(string code, long id) =>
        new("SOAP-ENV:Client-102", $"ERROR: Cliente já cadastrado para o Código de Integração [{code}] com o nCod [{id}]!");
    // faultcode UNCONFIRMED (the notes give the text only).
    public static OmieFault CustomerDuplicateDocument(string document, long id, string? code) =>
        new("SOAP-ENV:Client-102", $"ERROR: Cliente já cadastrado para o CPF/CNPJ [{document}] com o Id [{id}] e código de integração [{code}] ! (add)");

    public static OmieFault OrderNotFound(string integrationCode) =>
        new("SOAP-ENV:Client-103", $"ERROR: OS não cadastrada para o Código de Integração [{integrationCode}] !");
    // UNCONFIRMED: the wording when the order is looked up by nCodOS instead of cCodIntOS.
    public static OmieFault OrderNotFound(long id) => new("SOAP-ENV:Client-103", $"ERROR: OS não cadastrada para o Código [{id}] !");
    // UNCONFIRMED shape; only the code (Client-102 = duplicate) is grounded.
    public static OmieFault OrderDuplicate(string integrationCode) =>
        new("SOAP-ENV:Client-102", $"ERROR: Já existe uma OS cadastrada com o Código de Integração [{integrationCode}]");

    // The notes say Omie answers a bad date with the Client-103 "OS não cadastrada" text, misleading as that is;
    // the simulator reproduces it rather than inventing a nicer message the real API does not give.
    public static OmieFault BadDate(string? orderIntegrationCode) => OrderNotFound(orderIntegrationCode ?? "");

    public static OmieFault ServiceNotRegistered(string code) =>
        new("SOAP-ENV:Client-5002", $"ERROR: Serviço não cadastrado para o Código de integração do Serviço [{code}] ! Tag [cCodIntServ]!");

    // UNCONFIRMED: texts and codes for invoicing refusals.
    public static OmieFault OrderAlreadyInvoiced(string key) => new("SOAP-ENV:Client-102", $"ERROR: A OS [{key}] já está faturada!");
    public static OmieFault CustomerIncompleteForInvoice(long customerId, string tag) =>
        new("SOAP-ENV:Client-102", $"ERROR: Não é possível faturar a OS: o cliente [{customerId}] não possui a tag [{tag}] preenchida!");
    public static OmieFault NothingToResend(string key) =>
        new("SOAP-ENV:Client-102", $"ERROR: Não existe RPS rejeitada para reenviar na OS [{key}]!");

    // UNCONFIRMED: texts and codes of CancelarOS refusals and of the Email block's boleto/PIX clash.
    public static OmieFault NoNfseToCancel(string key) =>
        new("SOAP-ENV:Client-102", $"ERROR: A OS [{key}] não possui NFS-e autorizada para ser cancelada!");
    public static OmieFault OrderAlreadyCancelled(string key) => new("SOAP-ENV:Client-102", $"ERROR: A OS [{key}] já está cancelada!");
    public static OmieFault CancellationInProgress(string key) =>
        new("SOAP-ENV:Client-102", $"ERROR: O cancelamento da NFS-e da OS [{key}] já foi solicitado e está em processamento!");
    public static OmieFault NotYesOrNo(string tag) => new("SOAP-ENV:Client-102", $"ERROR: O conteúdo da tag [{tag}] deve ser S ou N!");
    public static OmieFault BoletoAndPix() =>
        new("SOAP-ENV:Client-102", "ERROR: Informe apenas uma forma de envio da cobrança: boleto (cEnvBoleto) ou PIX (cEnvPix)!");
    public static OmieFault TitleNotFound(string key) => new("SOAP-ENV:Client-103", $"ERROR: Título não cadastrado para o Código [{key}] !");
    public static OmieFault NoBoleto(long titleId) => new("SOAP-ENV:Client-102", $"ERROR: Não existe boleto gerado para o título [{titleId}]!");

    // Consumption control. Texts from the notes; REDUNDANT has no "ERROR: " prefix there (public code shows one
    // sometimes, UNCONFIRMED), and the notes write the code as "Client-6 / REDUNDANT".
    public static OmieFault Redundant(int seconds) =>
        new("SOAP-ENV:Client-6", $"Consumo redundante detectado. Aguarde {seconds} segundos", throttle: true);
    public static OmieFault Misuse(int seconds) =>
        new("MISUSE_API_PROCESS", $"ERROR: API bloqueada por consumo indevido. Tente novamente em {seconds} segundos.", 425, throttle: true);
    public static OmieFault AlreadyProcessing(DateTimeOffset retryAt) =>
        new("SOAP-ENV:Client-1100",
            $"ERROR: Esta requisição já foi processada ou está sendo processada e você pode tentar novamente às {retryAt.ToOffset(Brasilia).ToString("HH:mm:ss", CultureInfo.InvariantCulture)}. (1)",
            throttle: true);
    public static OmieFault MethodBusy() =>
        new("SOAP-ENV:Client-1880", "ERROR: Já existe uma requisição desse método sendo executada e você pode tentar novamente em alguns instantes. (1)", throttle: true);

    /// <summary>Seconds as Omie states them: rounded up, never 0, so "Aguarde 0 segundos" cannot tell a client to hammer.</summary>
    public static int WholeSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
