using System.Globalization;
using System.Text;

namespace ErpConnector.Domain.TaxIds;

/// <summary>
/// A CPF or CNPJ that passed <see cref="Parse"/>. <see cref="Normalized"/> (no mask, upper-case) is what
/// goes to Omie and into keys; <see cref="Formatted"/> is for people.
/// </summary>
public readonly record struct TaxId(TaxIdKind Kind, string Normalized)
{
    /// <summary>123.456.789-09 or 12.ABC.345/01DE-35; the value unchanged if it does not have the kind's length.</summary>
    public string Formatted => Kind switch
    {
        TaxIdKind.Cpf when Normalized?.Length == Cpf.Length => string.Create(14, Normalized, static (dst, src) =>
        {
            src.AsSpan(0, 3).CopyTo(dst);
            dst[3] = '.';
            src.AsSpan(3, 3).CopyTo(dst[4..]);
            dst[7] = '.';
            src.AsSpan(6, 3).CopyTo(dst[8..]);
            dst[11] = '-';
            src.AsSpan(9, 2).CopyTo(dst[12..]);
        }),
        TaxIdKind.Cnpj when Normalized?.Length == Cnpj.Length => string.Create(18, Normalized, static (dst, src) =>
        {
            src.AsSpan(0, 2).CopyTo(dst);
            dst[2] = '.';
            src.AsSpan(2, 3).CopyTo(dst[3..]);
            dst[6] = '.';
            src.AsSpan(5, 3).CopyTo(dst[7..]);
            dst[10] = '/';
            src.AsSpan(8, 4).CopyTo(dst[11..]);
            dst[15] = '-';
            src.AsSpan(12, 2).CopyTo(dst[16..]);
        }),
        _ => Normalized ?? "",
    };

    /// <summary>
    /// Normalises user input, then validates strictly. Normalisation: surrounding and inner white space
    /// (including the no-break space pasted from spreadsheets and PDFs) and the mask characters
    /// <c>.</c> <c>/</c> <c>-</c> are dropped, ASCII a–z become A–Z. Nothing else is forgiven: any other
    /// character, accented or non-ASCII digit included, is reported with its position.
    /// 11 characters are a CPF, 14 a CNPJ.
    /// </summary>
    public static TaxIdParseResult Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
            return TaxIdParseResult.Failure(TaxIdErrorCodes.Required,
                "document is required: send the customer's CPF (11 digits) or CNPJ (14 characters)");

        // Longest accepted value is 14; anything beyond only needs counting for the message.
        Span<char> buffer = stackalloc char[Cnpj.Length];
        var length = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (c is '.' or '/' or '-' || char.IsWhiteSpace(c))
                continue;
            if (c is >= 'a' and <= 'z')
                c = (char)(c - ('a' - 'A'));
            else if (c is not (>= '0' and <= '9' or >= 'A' and <= 'Z'))
                return TaxIdParseResult.Failure(TaxIdErrorCodes.Characters,
                    $"document contains {Describe(input, i)} at position {i + 1}; only A–Z and 0–9 are allowed " +
                    "(with the optional mask characters . / -)");
            if (length < buffer.Length)
                buffer[length] = c;
            length++;
        }

        if (length == Cpf.Length)
            return ParseCpf(buffer[..length]);
        if (length == Cnpj.Length)
            return ParseCnpj(buffer[..length]);
        return TaxIdParseResult.Failure(TaxIdErrorCodes.Length,
            $"document must have 11 (CPF) or 14 (CNPJ) characters after removing . / - and spaces; got {length}");
    }

    /// <summary><see cref="Parse"/> without the reason: for callers that need only valid or not.</summary>
    /// <param name="input">The document as sent, masked or bare.</param>
    /// <param name="id">The parsed id when valid; <c>default</c> otherwise.</param>
    public static bool TryParse(string? input, out TaxId id)
    {
        var result = Parse(input);
        id = result.Value.GetValueOrDefault();
        return result.IsValid;
    }

    private static TaxIdParseResult ParseCpf(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
            if ((uint)(value[i] - '0') > 9)
                return TaxIdParseResult.Failure(TaxIdErrorCodes.LettersInCpf,
                    $"document has 11 characters, so it is a CPF, and a CPF has digits only; found '{value[i]}' " +
                    "(a CNPJ has 14 characters)");
        if (Cpf.IsRepeated(value))
            return TaxIdParseResult.Failure(TaxIdErrorCodes.Repeated,
                "document is a CPF made of one repeated digit, which no person has; send the customer's real CPF");
        if (!Cpf.IsValid(value))
        {
            var (first, second) = Cpf.CheckDigitsFor(value);
            return CheckDigitsMismatch("CPF", value[9..], first, second, "9 digits");
        }
        return TaxIdParseResult.Success(new TaxId(TaxIdKind.Cpf, new string(value)));
    }

    private static TaxIdParseResult ParseCnpj(ReadOnlySpan<char> value)
    {
        if ((uint)(value[12] - '0') > 9 || (uint)(value[13] - '0') > 9)
            return TaxIdParseResult.Failure(TaxIdErrorCodes.CheckDigitsNotNumeric,
                $"document is a CNPJ whose check digits (last two characters) are '{value[12..]}'; " +
                "check digits are always 0–9, even in an alphanumeric CNPJ");
        if (value.IndexOfAnyExcept('0') < 0)
            return TaxIdParseResult.Failure(TaxIdErrorCodes.Repeated,
                "document is the CNPJ 00000000000000, which no company has; send the customer's real CNPJ");
        if (!Cnpj.IsValid(value))
        {
            var (first, second) = Cnpj.CheckDigitsFor(value);
            return CheckDigitsMismatch("CNPJ", value[12..], first, second, "12 characters");
        }
        return TaxIdParseResult.Success(new TaxId(TaxIdKind.Cnpj, new string(value)));
    }

    private static TaxIdParseResult CheckDigitsMismatch(string kind, ReadOnlySpan<char> got, int first, int second, string body) =>
        TaxIdParseResult.Failure(TaxIdErrorCodes.CheckDigits,
            $"document check digits do not match this {kind}: expected {first}{second} for the first {body}, got {got}; " +
            "a typo anywhere in the number causes this, so confirm the whole document with the customer");

    // Invisible or look-alike characters ('Ç', '٣', zero-width space) need their code point to be found.
    private static string Describe(string input, int index)
    {
        return Rune.TryGetRuneAt(input, index, out var rune)
            ? string.Create(CultureInfo.InvariantCulture, $"'{rune}' (U+{rune.Value:X4})")
            : string.Create(CultureInfo.InvariantCulture, $"a broken character (U+{(int)input[index]:X4})");
    }
}
