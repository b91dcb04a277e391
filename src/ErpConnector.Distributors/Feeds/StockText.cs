using System.Globalization;

namespace ErpConnector.Distributors.Feeds;

/// <summary>A feed's availability column read as in stock / out of stock / not said. Distributors write it as a flag
/// (Ingram's AVAILABILITY_FLAG Y/N) or as a quantity (TD SYNNEX's per-warehouse columns); anything else is "not said"
/// rather than a malformed row, because a price is still a price.</summary>
public static class StockText
{
    public static bool? Parse(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty) return null;
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var quantity)) return quantity > 0;
        foreach (var yes in (ReadOnlySpan<string>)["Y", "YES", "TRUE", "S", "SIM", "IN", "AVAILABLE"])
            if (text.Equals(yes, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var no in (ReadOnlySpan<string>)["N", "NO", "FALSE", "NAO", "NÃO", "OUT", "UNAVAILABLE"])
            if (text.Equals(no, StringComparison.OrdinalIgnoreCase)) return false;
        return null;
    }
}
