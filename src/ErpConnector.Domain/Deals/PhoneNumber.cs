namespace ErpConnector.Domain.Deals;

/// <summary>
/// A Brazilian phone as Omie stores it: <c>telefone1_ddd</c> (area code) and <c>telefone1_numero</c>.
/// </summary>
public readonly record struct PhoneNumber(string AreaCode, string Number)
{
    /// <summary>
    /// Drops the mask characters ( ) - . and spaces and a leading +55 country code, then expects
    /// 10 or 11 ASCII digits: a two-digit area code (DDD, never containing 0, so a trunk prefix "0" is
    /// caught) followed by an 8-digit landline or 9-digit mobile number.
    /// </summary>
    public static bool TryParse(string? input, out PhoneNumber phone)
    {
        phone = default;
        var trimmed = input.AsSpan().Trim();
        if (trimmed.StartsWith("+55"))
            trimmed = trimmed[3..];
        Span<char> digits = stackalloc char[11];
        var length = 0;
        foreach (var c in trimmed)
        {
            if (c is '(' or ')' or '-' or '.' or ' ')
                continue;
            if (!char.IsAsciiDigit(c) || length == digits.Length)
                return false;
            digits[length++] = c;
        }
        if (length < 10 || digits[0] == '0' || digits[1] == '0')
            return false;
        phone = new PhoneNumber(new string(digits[..2]), new string(digits[2..length]));
        return true;
    }
}
