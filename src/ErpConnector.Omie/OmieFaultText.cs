using System.Globalization;

namespace ErpConnector.Omie;

/// <summary>What an Omie fault means. Omie shares fault codes between unrelated causes, so the
/// classification reads the faultstring first and falls back to the code only when the text says nothing.</summary>
public enum OmieFaultKind
{
    /// <summary>Not recognised: treat as a permanent error of this call unless the caller knows better.</summary>
    Unknown = 0,
    /// <summary>"A chave de acesso não está preenchida ou não é válida." — bad app_key/app_secret; permanent until config is fixed.</summary>
    InvalidCredentials,
    /// <summary>Client-5113 "Não existem registros para a página [N]!" — an empty list page, not an error.</summary>
    EmptyPage,
    /// <summary>Client-1100 "... já foi processada ou está sendo processada ... às HH:mm:ss" — wait until that time, then re-query.</summary>
    DuplicateInFlight,
    /// <summary>Client-1880 "Já existe uma requisição desse método sendo executada" — per-method concurrency; retry shortly.</summary>
    MethodBusy,
    /// <summary>Client-6 / REDUNDANT "Consumo redundante detectado. Aguarde N segundos" — the first call may have succeeded: query before resending.</summary>
    Redundant,
    /// <summary>MISUSE_API_PROCESS / HTTP 425 "API bloqueada por consumo indevido" — stop ALL calls for the app until the time given.</summary>
    Blocked,
    /// <summary>Client-105 "Cliente não cadastrado para o Código [X] !"</summary>
    CustomerNotFound,
    /// <summary>Client-103 "OS não cadastrada para o Código de Integração [X] !"</summary>
    OrderNotFound,
    /// <summary>Client-5002 "Serviço não cadastrado para o Código de integração do Serviço [X] !"</summary>
    ServiceNotFound,
    /// <summary>"Cliente já cadastrado para o CPF/CNPJ [..] com o Id [N] ..." or "... Código de Integração [X] com o nCod [N]!" — the existing id is in the text;
    /// also "Já existe ... cadastrada ..." (duplicate order; UNCONFIRMED wording).</summary>
    AlreadyRegistered,
    /// <summary>"Invalid JSON Object" / "JSON request with SyntaxError" — our bug; permanent.</summary>
    InvalidRequest,
    /// <summary>HTTP 429 "Too many Requests".</summary>
    RateLimited,
}

/// <summary>
/// Reads Omie faultstrings (Portuguese, free text). Pure functions over spans: no regex, no allocation
/// except the returned values. Accented and unaccented spellings are both accepted.
/// Stated waits ("Aguarde N segundos", "às 19:04:08") are read by <see cref="ErpConnector.Domain.Errors.StatedWait"/>,
/// the one parser the error classifier uses too.
/// </summary>
public static class OmieFaultText
{
    /// <summary>Classifies a fault from its code (with or without the <c>SOAP-ENV:</c> prefix), text and HTTP status.</summary>
    public static OmieFaultKind Classify(string? faultCode, string? faultString, int httpStatus = 0)
    {
        ReadOnlySpan<char> text = faultString;
        ReadOnlySpan<char> code = NormaliseCode(faultCode);

        // Text first: codes are shared between unrelated causes.
        if (Has(text, "consumo indevido") || Has(text, "API bloqueada")) return OmieFaultKind.Blocked;
        if (Has(text, "consumo redundante")) return OmieFaultKind.Redundant;
        if (Has(text, "sendo processada")) return OmieFaultKind.DuplicateInFlight;
        if (Has(text, "sendo executada")) return OmieFaultKind.MethodBusy;
        if (Has(text, "chave de acesso")) return OmieFaultKind.InvalidCredentials;
        if (Has(text, "não existem registros", "nao existem registros")) return OmieFaultKind.EmptyPage;
        if (Has(text, "já cadastrad", "ja cadastrad")
            || (Has(text, "já existe", "ja existe") && Has(text, "cadastrad"))) // e.g. "Já existe uma OS cadastrada com o Código de Integração [X]" (UNCONFIRMED text)
            return OmieFaultKind.AlreadyRegistered;
        if (Has(text, "OS não cadastrad", "OS nao cadastrad") || Has(text, "Ordem de Serviço não cadastrad", "Ordem de Servico nao cadastrad"))
            return OmieFaultKind.OrderNotFound;
        if (Has(text, "Cliente não cadastrad", "Cliente nao cadastrad")) return OmieFaultKind.CustomerNotFound;
        if (Has(text, "Serviço não cadastrad", "Servico nao cadastrad")) return OmieFaultKind.ServiceNotFound;
        if (Has(text, "Invalid JSON") || Has(text, "SyntaxError")) return OmieFaultKind.InvalidRequest;
        if (Has(text, "Too many Requests")) return OmieFaultKind.RateLimited;

        // Then codes and HTTP statuses that are unambiguous on their own.
        if (Has(code, "MISUSE_API_PROCESS") || httpStatus == 425) return OmieFaultKind.Blocked;
        if (code.Equals("REDUNDANT", StringComparison.OrdinalIgnoreCase) || IsClient(code, 6)) return OmieFaultKind.Redundant;
        if (httpStatus == 429 || code.Equals("HTTP-429", StringComparison.OrdinalIgnoreCase)) return OmieFaultKind.RateLimited;
        if (IsClient(code, 1100)) return OmieFaultKind.DuplicateInFlight;
        if (IsClient(code, 1880)) return OmieFaultKind.MethodBusy;

        // Shared codes count only when there is no text to contradict them
        // (Client-103 is also returned for bad date formats, with another text).
        if (text.IsWhiteSpace())
        {
            if (IsClient(code, 5113)) return OmieFaultKind.EmptyPage;
            if (IsClient(code, 103)) return OmieFaultKind.OrderNotFound;
            if (IsClient(code, 105)) return OmieFaultKind.CustomerNotFound;
            if (IsClient(code, 5002)) return OmieFaultKind.ServiceNotFound;
        }
        return OmieFaultKind.Unknown;
    }

    /// <summary>Existing customer id from "… com o Id [5522173861] …" or "… com o nCod [123]!".</summary>
    public static bool TryParseExistingCustomerId(string? faultString, out long id)
    {
        ReadOnlySpan<char> text = faultString;
        return TryReadBracketedNumber(text, "com o Id", out id)
            || TryReadBracketedNumber(text, "com o nCod", out id);
    }

    /// <summary>Integration code from "… código de integração [65007887191] …" (may be empty: "[]").</summary>
    public static bool TryParseIntegrationCode(string? faultString, out string integrationCode)
    {
        ReadOnlySpan<char> text = faultString;
        integrationCode = "";
        foreach (var marker in (ReadOnlySpan<string>)["código de integração", "codigo de integracao"])
        {
            if (TryReadBracketed(text, marker, out var inner))
            {
                integrationCode = inner.Trim().ToString();
                return true;
            }
        }
        return false;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static ReadOnlySpan<char> NormaliseCode(string? faultCode)
    {
        ReadOnlySpan<char> code = faultCode;
        code = code.Trim();
        var colon = code.LastIndexOf(':');
        return colon >= 0 ? code[(colon + 1)..] : code;
    }

    /// <summary>"Client-6" must not match "Client-106" or "Client-61".</summary>
    private static bool IsClient(ReadOnlySpan<char> code, int number)
    {
        const string prefix = "Client-";
        return code.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(code[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n == number;
    }

    private static bool Has(ReadOnlySpan<char> text, string value)
        => text.Contains(value, StringComparison.OrdinalIgnoreCase);

    private static bool Has(ReadOnlySpan<char> text, string accented, string plain)
        => Has(text, accented) || Has(text, plain);

    /// <summary>Finds <paramref name="marker"/>, then the next "[...]" right after it (spaces allowed).</summary>
    private static bool TryReadBracketed(ReadOnlySpan<char> text, string marker, out ReadOnlySpan<char> inner)
    {
        inner = default;
        var i = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (i < 0) return false;
        var rest = text[(i + marker.Length)..].TrimStart();
        if (rest.IsEmpty || rest[0] != '[') return false;
        var close = rest.IndexOf(']');
        if (close < 0) return false;
        inner = rest[1..close];
        return true;
    }

    private static bool TryReadBracketedNumber(ReadOnlySpan<char> text, string marker, out long value)
    {
        value = 0;
        return TryReadBracketed(text, marker, out var inner)
            && long.TryParse(inner.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
