namespace ErpConnector.Domain.Deals;

/// <summary>
/// A shape check, not RFC 5322: one address, local@domain.tld, nothing a person would not type.
/// It catches the real mistakes (two addresses in one field, a missing domain, spaces) without
/// rejecting unusual but deliverable addresses.
/// </summary>
internal static class EmailAddress
{
    private const string Forbidden = " ,;:<>()[]\\\"";

    public static bool HasValidShape(string? value)
    {
        var email = value.AsSpan().Trim();
        if (email.Length is < 6 or > 254)
            return false;
        var at = email.IndexOf('@');
        if (at <= 0 || at != email.LastIndexOf('@'))
            return false;
        var local = email[..at];
        var domain = email[(at + 1)..];
        if (local.Length > 64 || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
            return false;
        foreach (var c in email)
            if (char.IsControl(c) || char.IsWhiteSpace(c) || Forbidden.Contains(c))
                return false;
        return HasValidDomain(domain);
    }

    private static bool HasValidDomain(ReadOnlySpan<char> domain)
    {
        var labels = 0;
        var lastLabelLength = 0;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
                return false;
            foreach (var c in label)
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c > '\u007F'))
                    return false;
            labels++;
            lastLabelLength = label.Length;
        }
        return labels >= 2 && lastLabelLength >= 2;
    }
}
