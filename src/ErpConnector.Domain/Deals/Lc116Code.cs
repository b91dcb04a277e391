namespace ErpConnector.Domain.Deals;

/// <summary>
/// An item of the LC 116/2003 service list: "1.07", "01.07" or "0107" (item 1–40, sub-item 01–99).
/// Only the shape is checked; whether the city accepts the item is the city's verdict.
/// </summary>
internal static class Lc116Code
{
    private const int LastItem = 40;

    public static bool HasValidShape(string? value)
    {
        var code = value.AsSpan().Trim();
        ReadOnlySpan<char> item, subItem;
        var dot = code.IndexOf('.');
        if (dot >= 0)
        {
            item = code[..dot];
            subItem = code[(dot + 1)..];
            if (item.Length is < 1 or > 2)
                return false;
        }
        else
        {
            if (code.Length != 4)
                return false;
            item = code[..2];
            subItem = code[2..];
        }
        if (subItem.Length != 2 || !IsAsciiDigits(item) || !IsAsciiDigits(subItem))
            return false;
        var itemNumber = int.Parse(item);
        return itemNumber is >= 1 and <= LastItem && int.Parse(subItem) >= 1;
    }

    private static bool IsAsciiDigits(ReadOnlySpan<char> value) => !value.IsEmpty && !value.ContainsAnyExceptInRange('0', '9');
}
