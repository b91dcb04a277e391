namespace ErpConnector.Sandbox.Omie.Customers;

/// <summary>Omie matches CPF/CNPJ regardless of punctuation: "39.330.543/0001-02" equals "39330543000102".</summary>
public static class DocumentDigits
{
    // Upper-cased because the alphanumeric CNPJ (from 2026) carries letters, which punctuation-blind matching must not case-split.
    public static string Of(string? document) => document is null ? "" : string.Concat(document.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();

    public static bool Same(string? a, string? b) => Of(a) is { Length: > 0 } digits && digits == Of(b);
}
