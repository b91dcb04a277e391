using System.Globalization;

namespace ErpConnector.TestSupport.TaxIds;

/// <summary>
/// Valid CNPJs (numeric and alphanumeric) and CPFs, bare (digits/letters only). The <c>Next…</c> methods give a
/// distinct document per call within a process and start at a random point, so runs against the same simulator
/// or database rarely meet an earlier run's customer; the <c>…For</c> methods are deterministic.
/// </summary>
public static class TaxIdGenerator
{
    private const string Base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static int _sequence = Random.Shared.Next(1, 50_000_000);

    /// <summary>A fresh numeric CNPJ of a head office (branch 0001).</summary>
    public static string NextCnpj() => CnpjFor(Interlocked.Increment(ref _sequence));

    /// <summary>A fresh alphanumeric CNPJ (letters in the root, as issued from July 2026).</summary>
    public static string NextAlphanumericCnpj() => AlphanumericCnpjFor(Interlocked.Increment(ref _sequence));

    /// <summary>A fresh CPF.</summary>
    public static string NextCpf() => CpfFor(Interlocked.Increment(ref _sequence));

    /// <summary>The numeric CNPJ whose 8-digit root is <paramref name="root"/> modulo 10^8.</summary>
    public static string CnpjFor(long root, int branch = 1)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(root) % 100_000_000:D8}{branch % 10_000:D4}");
        return body + CheckDigits.ForCnpj(body);
    }

    /// <summary>An alphanumeric CNPJ: the root is <paramref name="root"/> in base 36, led by "AB" so it always holds letters.</summary>
    public static string AlphanumericCnpjFor(long root)
    {
        var digits = new char[6];
        var n = Math.Abs(root);
        for (var i = digits.Length - 1; i >= 0; i--, n /= 36) digits[i] = Base36[(int)(n % 36)];
        var body = "AB" + new string(digits) + "0001";
        return body + CheckDigits.ForCnpj(body);
    }

    /// <summary>The CPF whose 9-digit body is <paramref name="n"/> modulo 10^9 (never all one repeated digit).</summary>
    public static string CpfFor(long n)
    {
        // Bodies of one repeated digit pass the arithmetic but are invalid by rule; a leading 1 and a zero
        // somewhere after it (mod 10^8) keep every body clear of them.
        var body = string.Create(CultureInfo.InvariantCulture, $"1{Math.Abs(n) % 100_000_000:D8}");
        if (body.Distinct().Count() == 1) body = "1" + body[1..^1] + "0";
        return body + CheckDigits.ForCpf(body);
    }

    /// <summary>The usual mask: 12.345.678/0001-95 for a CNPJ, 123.456.789-09 for a CPF.</summary>
    public static string Masked(string document) => document.Length switch
    {
        14 => $"{document[..2]}.{document[2..5]}.{document[5..8]}/{document[8..12]}-{document[12..]}",
        11 => $"{document[..3]}.{document[3..6]}.{document[6..9]}-{document[9..]}",
        _ => throw new ArgumentException($"Not a bare CNPJ or CPF: {document.Length} characters.", nameof(document)),
    };
}
