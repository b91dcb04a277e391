namespace ErpConnector.Domain.TaxIds;

/// <summary>Stable codes of <see cref="TaxIdParseResult.ErrorCode"/>: publishers branch on them, so never rename.</summary>
public static class TaxIdErrorCodes
{
    public const string Required = "document.required";
    public const string Length = "document.length";
    public const string Characters = "document.characters";
    public const string LettersInCpf = "document.letters_in_cpf";
    public const string CheckDigitsNotNumeric = "document.check_digits_not_numeric";
    public const string Repeated = "document.repeated";
    public const string CheckDigits = "document.check_digits";
}
