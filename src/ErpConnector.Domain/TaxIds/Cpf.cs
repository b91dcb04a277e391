namespace ErpConnector.Domain.TaxIds;

/// <summary>
/// Strict CPF check over an already normalised value (11 ASCII digits, no mask).
/// Allocation-free: it runs for every deal and in bulk re-validation.
/// </summary>
public static class Cpf
{
    /// <summary>Digits of a CPF without its mask.</summary>
    public const int Length = 11;

    /// <summary>Both check digits match and the digits are not all the same.</summary>
    /// <param name="normalized">ASCII digits, no mask; see <see cref="TaxId.Parse"/>.</param>
    public static bool IsValid(ReadOnlySpan<char> normalized)
    {
        if (normalized.Length != Length)
            return false;

        // ASCII range test on purpose: char.IsDigit accepts Arabic-Indic and full-width digits,
        // whose code points happen to keep the modulo-11 arithmetic valid.
        var first = normalized[0];
        var allSame = true;
        int sum1 = 0, sum2 = 0;
        for (var i = 0; i < 9; i++)
        {
            var c = normalized[i];
            var value = c - '0';
            if ((uint)value > 9)
                return false;
            allSame &= c == first;
            sum1 += value * (10 - i);
            sum2 += value * (11 - i);
        }

        var digit1 = CheckDigit.FromSum(sum1);
        if (normalized[9] - '0' != digit1)
            return false;
        sum2 += digit1 * 2;
        if (normalized[10] - '0' != CheckDigit.FromSum(sum2))
            return false;

        // All ten repeated CPFs (000… to 999…) pass the arithmetic; every registry rejects them.
        return !allSame;
    }

    /// <summary>The two check digits a 9-digit body must carry; the caller guarantees ASCII digits.</summary>
    internal static (int First, int Second) CheckDigitsFor(ReadOnlySpan<char> body)
    {
        int sum1 = 0, sum2 = 0;
        for (var i = 0; i < 9; i++)
        {
            var value = body[i] - '0';
            sum1 += value * (10 - i);
            sum2 += value * (11 - i);
        }
        var digit1 = CheckDigit.FromSum(sum1);
        return (digit1, CheckDigit.FromSum(sum2 + digit1 * 2));
    }

    internal static bool IsRepeated(ReadOnlySpan<char> normalized)
    {
        for (var i = 1; i < normalized.Length; i++)
            if (normalized[i] != normalized[0])
                return false;
        return true;
    }
}
