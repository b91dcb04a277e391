namespace ErpConnector.Domain.Deals;

/// <summary>CEP: 8 digits. Accepts "01310-100", the older "01.310-100" and "01310100"; Omie gets the bare digits.</summary>
public static class PostalCode
{
    /// <summary>Drops surrounding white space, <c>-</c> and <c>.</c>, then expects exactly 8 ASCII digits.</summary>
    /// <param name="input">The CEP as the publisher sent it.</param>
    /// <param name="digits">The 8 digits when valid; empty otherwise.</param>
    public static bool TryNormalize(string? input, out string digits)
    {
        digits = "";
        var trimmed = input.AsSpan().Trim();
        Span<char> buffer = stackalloc char[8];
        var length = 0;
        foreach (var c in trimmed)
        {
            if (c is '-' or '.')
                continue;
            if (!char.IsAsciiDigit(c) || length == buffer.Length)
                return false;
            buffer[length++] = c;
        }
        if (length != buffer.Length)
            return false;
        digits = new string(buffer);
        return true;
    }
}
