namespace ErpConnector.Domain.TaxIds;

/// <summary>
/// Strict CNPJ check over an already normalised value: <c>[A-Z0-9]{12}[0-9]{2}</c>
/// (IN RFB 2.229/2024, alphanumeric from July 2026). Allocation-free: this is the hot path.
/// </summary>
public static class Cnpj
{
    /// <summary>Characters of a CNPJ without its mask.</summary>
    public const int Length = 14;

    // Weights of the first check digit (12 characters) and of the second (13: body plus first digit).
    private static ReadOnlySpan<byte> Weights1 => [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    private static ReadOnlySpan<byte> Weights2 => [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

    /// <summary>Both check digits match and the value is not all zeros.</summary>
    /// <param name="normalized">Upper case, no mask; see <see cref="TaxId.Parse"/>.</param>
    public static bool IsValid(ReadOnlySpan<char> normalized)
    {
        if (normalized.Length != Length)
            return false;

        var weights1 = Weights1;
        var weights2 = Weights2;
        int sum1 = 0, sum2 = 0, nonZero = 0;
        for (var i = 0; i < 12; i++)
        {
            var c = normalized[i];
            // Value is ASCII − 48 for digits AND letters ('A' = 17): the base-36 mapping (A = 10)
            // found in public code gives different check digits. ASCII ranges only: 'Ç' and '٣'
            // would otherwise slip through with values that are multiples of 11.
            if ((uint)(c - '0') > 9 && (uint)(c - 'A') > 'Z' - 'A')
                return false;
            var value = c - '0';
            nonZero |= value;
            sum1 += value * weights1[i];
            sum2 += value * weights2[i];
        }

        // Comparing against a 0..9 value also rejects non-digit check characters.
        var digit1 = CheckDigit.FromSum(sum1);
        if (normalized[12] - '0' != digit1)
            return false;
        sum2 += digit1 * weights2[12];
        if (normalized[13] - '0' != CheckDigit.FromSum(sum2))
            return false;

        // Only 00000000000000 passes the arithmetic among repeated values; it is no company.
        return nonZero != 0;
    }

    /// <summary>The two check digits a 12-character body must carry; the caller guarantees [A-Z0-9].</summary>
    internal static (int First, int Second) CheckDigitsFor(ReadOnlySpan<char> body)
    {
        var weights1 = Weights1;
        var weights2 = Weights2;
        int sum1 = 0, sum2 = 0;
        for (var i = 0; i < 12; i++)
        {
            var value = body[i] - '0';
            sum1 += value * weights1[i];
            sum2 += value * weights2[i];
        }
        var digit1 = CheckDigit.FromSum(sum1);
        return (digit1, CheckDigit.FromSum(sum2 + digit1 * weights2[12]));
    }
}
