namespace ErpConnector.Domain.TaxIds;

/// <summary>Stable codes of <see cref="TaxIdParseResult.ErrorCode"/>: publishers branch on them, so never rename.</summary>
public static class TaxIdErrorCodes
{
    /// <summary>Empty or white space only.</summary>
    public const string Required = "document.required";
    /// <summary>Neither 11 (CPF) nor 14 (CNPJ) characters once the mask is dropped.</summary>
    public const string Length = "document.length";
    /// <summary>A character other than A–Z, 0–9, white space or the mask <c>. / -</c>.</summary>
    public const string Characters = "document.characters";
    /// <summary>11 characters, so a CPF, but with letters: only a CNPJ may have them.</summary>
    public const string LettersInCpf = "document.letters_in_cpf";
    /// <summary>A CNPJ whose last two characters (the check digits) are not both digits.</summary>
    public const string CheckDigitsNotNumeric = "document.check_digits_not_numeric";
    /// <summary>A CPF of one repeated digit or the all-zero CNPJ: passes the arithmetic, belongs to no one.</summary>
    public const string Repeated = "document.repeated";
    /// <summary>The check digits do not match the rest: a typo somewhere in the number.</summary>
    public const string CheckDigits = "document.check_digits";
}
