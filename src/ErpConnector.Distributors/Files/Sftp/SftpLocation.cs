namespace ErpConnector.Distributors.Files.Sftp;

/// <summary>Where an sftp:// feed lives: host, port, the directory, and the file's name — or a pattern for it
/// (<c>*</c>, <c>?</c>) when the distributor names each day's file differently (<c>PRICE_20260130.zip</c>).</summary>
internal sealed record SftpLocation(string Host, int Port, string Directory, string Name, string? UserName, string? Error)
{
    public const int DefaultPort = 22;

    public bool IsPattern => Name.AsSpan().IndexOfAny('*', '?') >= 0;

    public string Path => Directory.EndsWith('/') ? Directory + Name : $"{Directory}/{Name}";

    public static SftpLocation Parse(Uri url)
    {
        var path = Uri.UnescapeDataString(url.AbsolutePath);
        var slash = path.LastIndexOf('/');
        var directory = slash <= 0 ? "/" : path[..slash];
        var name = path[(slash + 1)..];
        var user = url.UserInfo is { Length: > 0 } info ? Uri.UnescapeDataString(info.Split(':')[0]) : null;
        var port = url.IsDefaultPort || url.Port < 0 ? DefaultPort : url.Port;
        string? error = null;
        if (string.IsNullOrWhiteSpace(url.Host)) error = "needs a host (sftp://host[:port]/path/file.zip).";
        else if (name.Length == 0) error = "must name a file, or a pattern such as /out/PRICE_*.zip (it ends in '/').";
        else if (directory.AsSpan().IndexOfAny('*', '?') >= 0) error = "may use * and ? only in the file's name, not in its directory.";
        // DnsSafeHost: an IPv6 literal without its brackets, as a socket wants it.
        return new SftpLocation(url.DnsSafeHost, port, directory, name, user, error);
    }
}
