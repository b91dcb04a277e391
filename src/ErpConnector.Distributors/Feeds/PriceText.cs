using System.Globalization;

namespace ErpConnector.Distributors.Feeds;

/// <summary>Decimal parsing and a canonical form, so "10.50" and "10.5" are the same price everywhere
/// (row hash, storage, events).</summary>
public static class PriceText
{
    private static readonly NumberFormatInfo Dot = new() { NumberDecimalSeparator = ".", NumberGroupSeparator = "," };
    private static readonly NumberFormatInfo Comma = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };

    public static NumberFormatInfo For(string decimalSeparator) => decimalSeparator == "," ? Comma : Dot;

    public static bool TryParse(ReadOnlySpan<char> text, NumberFormatInfo format, out decimal value) =>
        decimal.TryParse(text.Trim(), NumberStyles.Number, format, out value);

    /// <summary>Drops trailing zeros of the scale (10.50 → 10.5) without changing the value. Runs twice per row
    /// of every feed, so prices (mantissa under 2^64) take an integer path instead of a decimal division.</summary>
    public static decimal Normalize(decimal value)
    {
        var scale = value.Scale;
        if (scale == 0) return value;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[2] != 0) return value / 1.000000000000000000000000000000000m;
        var mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        var trimmed = scale;
        while (trimmed > 0 && mantissa % 10 == 0)
        {
            mantissa /= 10;
            trimmed--;
        }
        return trimmed == scale ? value : new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, value < 0, trimmed);
    }

    public static string Format(decimal value) => Normalize(value).ToString(CultureInfo.InvariantCulture);

    public static decimal Parse(string canonical) => decimal.Parse(canonical, NumberStyles.Number, CultureInfo.InvariantCulture);
}
