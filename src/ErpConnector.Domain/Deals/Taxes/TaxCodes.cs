namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>
/// The shapes of the tax codes a deal may carry. Only the shape is checked (trimmed, ASCII digits, length); whether the
/// city or the tax authority accepts the code is their verdict. A code is compared after trimming, so " 01 " is "01".
/// </summary>
public static class TaxCodes
{
    /// <summary>Omie's <c>cTribServ</c>: Omie's list is "01".."0N" (taxed in the city, outside it, exempt, immune,
    /// suspended…), so one or two digits. UNCONFIRMED: the reference says only "values vary by city".</summary>
    public const int TaxationCodeMaxLength = 2;

    /// <summary>NBS code (<c>cNbs</c>): nine digits without the dots of the printed form (1.1506.25.00 → 115062500),
    /// as the national NFS-e layout's <c>cNBS</c>. UNCONFIRMED whether Omie also accepts the dotted form.</summary>
    public const int NbsLength = 9;

    /// <summary>CST of IBS/CBS (<c>cCST</c>): three digits (e.g. 000, 200, 410), Informe Técnico 2025.002 table.</summary>
    public const int CstLength = 3;

    /// <summary>Classification of IBS/CBS (<c>cClassTrib</c>): six digits (e.g. 000001), the cClassTrib table of
    /// Informe Técnico 2025.002; its first three digits are the CST.</summary>
    public const int ClassificationLength = 6;

    /// <summary>Operation indicator (<c>cIndOPer</c>): six digits in the national NFS-e's table (e.g. 030101,
    /// published without the leading zero as 30101). UNCONFIRMED: the connector accepts 1 to 6 digits.</summary>
    public const int OperationIndicatorMaxLength = 6;

    /// <summary>The value without surrounding white space, as it should go to Omie; null stays null.</summary>
    public static string? Normalize(string? value) => value?.Trim();

    /// <summary>True when the trimmed value is between <paramref name="minLength"/> and <paramref name="maxLength"/>
    /// ASCII digits (never <see cref="char.IsDigit(char)"/>: it accepts Arabic-Indic and other digits).</summary>
    public static bool IsDigits(string? value, int minLength, int maxLength)
    {
        var code = value.AsSpan().Trim();
        return code.Length >= minLength && code.Length <= maxLength && !code.ContainsAnyExceptInRange('0', '9');
    }
}
