namespace ErpConnector.Distributors.BestPrice;

/// <summary>
/// The key that says two feeds' rows are the same product. Two forms, never confused with each other:
/// <list type="bullet">
/// <item>by EAN/UPC: the GTIN as 14 digits (UPC-A's 12 and EAN-13's 13 digits left-padded with zeros), e.g. <c>00885909950805</c>;</item>
/// <item>by vendor part number: <c>VENDOR:PART</c>, upper case, spaces trimmed and collapsed, e.g. <c>HP INC.:6QN29A</c>.</item>
/// </list>
/// With <see cref="MatchBy.Ean"/> a row carrying an EAN/UPC is keyed by it and a row without one by its vendor part
/// number, so products match by EAN/UPC where both feeds carry it. Written into a caller's buffer: a million-row
/// feed computes one per row.
/// </summary>
public static class ProductKey
{
    public const int MaxLength = 200;

    public static bool TryWrite(MatchBy matchBy, ReadOnlySpan<char> vendor, ReadOnlySpan<char> vendorPartNumber, ReadOnlySpan<char> ean,
        Span<char> destination, out int written)
    {
        written = 0;
        if (matchBy == MatchBy.Ean && TryWriteGtin(ean, destination, out written)) return true;
        vendor = vendor.Trim();
        vendorPartNumber = vendorPartNumber.Trim();
        if (vendor.IsEmpty || vendorPartNumber.IsEmpty) return false;
        if (!AppendUpper(vendor, destination, ref written)) return false;
        if (written >= destination.Length) return false;
        destination[written++] = ':';
        return AppendUpper(vendorPartNumber, destination, ref written);
    }

    /// <summary>What a caller typed (API route, configuration) in the stored form, or null when it cannot be a key.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength) return null;
        Span<char> buffer = stackalloc char[MaxLength + 1];
        if (TryWriteGtin(text, buffer, out var written)) return new string(buffer[..written]);
        var colon = text.IndexOf(':');
        if (colon <= 0) return null;
        return TryWrite(MatchBy.VendorPart, text.AsSpan(0, colon), text.AsSpan(colon + 1), default, buffer, out written)
            ? new string(buffer[..written]) : null;
    }

    private static bool TryWriteGtin(ReadOnlySpan<char> ean, Span<char> destination, out int written)
    {
        written = 0;
        ean = ean.Trim();
        if (ean.Length is not (8 or 12 or 13 or 14) || destination.Length < 14) return false;
        foreach (var c in ean) if (!char.IsAsciiDigit(c)) return false;
        if (ean.IndexOfAnyExcept('0') < 0) return false; // all zeros: a placeholder, not a product
        destination[..(14 - ean.Length)].Fill('0');
        ean.CopyTo(destination[(14 - ean.Length)..]);
        written = 14;
        return true;
    }

    private static bool AppendUpper(ReadOnlySpan<char> text, Span<char> destination, ref int written)
    {
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space)
            {
                if (written >= destination.Length) return false;
                destination[written++] = ' ';
                space = false;
            }
            if (written >= destination.Length) return false;
            destination[written++] = char.ToUpperInvariant(c);
        }
        return true;
    }
}

/// <summary>How products are matched across feeds (<c>Distributors:MatchBy</c>).</summary>
public enum MatchBy
{
    /// <summary><c>vendor-part</c>: vendor name plus vendor part number.</summary>
    VendorPart,
    /// <summary><c>ean</c>: EAN/UPC where the row carries one, otherwise vendor plus vendor part number.</summary>
    Ean,
}
