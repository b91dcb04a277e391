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

    /// <summary>Drops trailing zeros of the scale (10.50 → 10.5) without changing the value.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    public static string Format(decimal value) => Normalize(value).ToString(CultureInfo.InvariantCulture);

    public static decimal Parse(string canonical) => decimal.Parse(canonical, NumberStyles.Number, CultureInfo.InvariantCulture);
}
