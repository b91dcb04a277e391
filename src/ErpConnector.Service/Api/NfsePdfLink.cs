using System.Net;
using System.Net.Sockets;

namespace ErpConnector.Service.Api;

/// <summary>
/// Decides whether a stored PDF link may be answered as a redirect (<c>GET /api/deals/{id}/nfse.pdf</c>). The link came
/// from Omie (a push or StatusOS), but the connector's own origin must never send a browser anywhere a link says: only
/// an absolute http(s) URL to a public host, without credentials in it (<c>https://omie.com.br@evil.example/</c> goes to
/// evil.example), is followed. Omie's and the cities' PDF hosts are not listed anywhere (UNCONFIRMED), so hosts are not
/// allow-listed; private, loopback and link-local addresses and local names are refused.
/// </summary>
public static class NfsePdfLink
{
    /// <summary>The URI to redirect to; null when the stored link must not be followed. A link to the Omie API's own
    /// host and port (<paramref name="omieBaseUrl"/>, which the connector already trusts with its calls) is followed
    /// wherever that host is, e.g. a simulator on loopback.</summary>
    public static Uri? SafeTarget(string? link, string? omieBaseUrl = null)
    {
        if (string.IsNullOrWhiteSpace(link) || !Uri.TryCreate(link, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme is not ("https" or "http") || uri.UserInfo.Length > 0) return null;
        if (Uri.TryCreate(omieBaseUrl, UriKind.Absolute, out var omie) && omie.Scheme == uri.Scheme
            && string.Equals(omie.Authority, uri.Authority, StringComparison.OrdinalIgnoreCase)) return uri;
        var host = uri.IdnHost.TrimEnd('.');
        if (host.Length == 0 || IsLocalName(host)) return null;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address) && !IsPublic(address)) return null;
        return uri;
    }

    private static bool IsLocalName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".local", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase)
        || !host.Contains('.') && !host.Contains(':'); // a bare intranet name

    private static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        var b = address.GetAddressBytes();
        return !(b[0] is 0 or 10 or 127 || b[0] >= 224
                 || b[0] == 169 && b[1] == 254
                 || b[0] == 172 && b[1] is >= 16 and <= 31
                 || b[0] == 192 && b[1] == 168
                 || b[0] == 100 && b[1] is >= 64 and <= 127);
    }
}
