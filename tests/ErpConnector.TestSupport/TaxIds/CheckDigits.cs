namespace ErpConnector.TestSupport.TaxIds;

/// <summary>
/// Modulo-11 check digits, written independently of the Domain's validators so generated documents test them
/// rather than echo them. Every character counts as its ASCII code − 48 ('A' = 17), the rule of IN RFB
/// 2.229/2024 for alphanumeric CNPJs, which is the plain digit value for numeric ones.
/// </summary>
internal static class CheckDigits
{
    private static readonly int[] CnpjFirst = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    private static readonly int[] CnpjSecond = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    private static readonly int[] CpfFirst = [10, 9, 8, 7, 6, 5, 4, 3, 2];
    private static readonly int[] CpfSecond = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];

    /// <summary>The two digits that complete a 12-character CNPJ body ([0-9A-Z]).</summary>
    public static string ForCnpj(string body)
    {
        var first = Digit(body, CnpjFirst);
        return $"{first}{Digit(body + first, CnpjSecond)}";
    }

    /// <summary>The two digits that complete a 9-digit CPF body.</summary>
    public static string ForCpf(string body)
    {
        var first = Digit(body, CpfFirst);
        return $"{first}{Digit(body + first, CpfSecond)}";
    }

    private static int Digit(string characters, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++) sum += (characters[i] - '0') * weights[i];
        var remainder = sum % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }
}
