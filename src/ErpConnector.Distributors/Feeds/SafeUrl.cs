using System.Text.RegularExpressions;

namespace ErpConnector.Distributors.Feeds;

/// <summary>A feed URL as people get to see it — in logs, exception and run messages, API answers and events:
/// without user info (<c>https://user:pass@host</c>), without the fragment, and with the values of secret-looking
/// query parameters replaced (<c>?token=***</c>; the names stay, so an operator still sees which URL it is).
/// Distributors hand out URLs with credentials in them (signed links, <c>?apikey=</c>), and the URL is the one
/// thing every message about a feed mentions; the real URL goes into the HTTP request and nowhere else.</summary>
public sealed partial class SafeUrl
{
    private const string Mask = "***";

    /// <summary>Query parameters whose values are credentials (compared case-insensitively).</summary>
    private static readonly HashSet<string> SecretParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "token", "key", "apikey", "api_key", "password", "secret", "signature", "sig", "access_token", "client_secret",
    };

    /// <summary>Shorter values are not searched for in free text: they cannot be told from ordinary words, and
    /// replacing every "ab" in an error message would make it unreadable. They still never appear in <see cref="ToString"/>.</summary>
    private const int MinScrubbedLength = 4;

    private readonly string _text;
    private readonly string[] _secrets;

    private SafeUrl(string text, string[] secrets)
    {
        _text = text;
        _secrets = secrets;
    }

    public static SafeUrl From(Uri url) => From(url.OriginalString);

    /// <summary>Works on the text as configured rather than on <see cref="Uri"/>'s parts: the operator recognises it,
    /// and it also covers values that do not parse, or schemes (ftp) whose query <see cref="Uri"/> folds into the path.</summary>
    public static SafeUrl From(string? url)
    {
        var text = url ?? "";
        var hash = text.IndexOf('#');
        if (hash >= 0) text = text[..hash];
        var secrets = new List<string>();
        text = UserInfoPattern().Replace(text, m =>
        {
            var userInfo = m.Value[..^1];
            AddSecret(secrets, userInfo);
            var colon = userInfo.IndexOf(':');
            if (colon >= 0) AddSecret(secrets, userInfo[(colon + 1)..]);
            return "";
        });
        var question = text.IndexOf('?');
        if (question >= 0)
        {
            var query = RedactQuery(text[(question + 1)..], secrets);
            text = query.Length == 0 ? text[..question] : $"{text[..question]}?{query}";
        }
        return new SafeUrl(text, secrets.OrderByDescending(s => s.Length).ToArray());
    }

    public override string ToString() => _text;

    /// <summary>Text this connector did not write — an HttpClient exception's message, say — with this URL's
    /// credentials and any URL-shaped credentials removed, so it can go into a message next to the safe URL.</summary>
    public string Scrub(string text)
    {
        foreach (var secret in _secrets) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return ScrubPatterns(text);
    }

    /// <summary>User info after <c>scheme://</c> and secret query values, wherever they appear in <paramref name="text"/>.</summary>
    public static string ScrubPatterns(string text)
    {
        text = UserInfoPattern().Replace(text, "");
        return SecretParameterPattern().Replace(text, m =>
            SecretParameters.Contains(Uri.UnescapeDataString(m.Groups["name"].Value)) ? $"{m.Groups["name"].Value}={Mask}" : m.Value);
    }

    private static string RedactQuery(string query, List<string> secrets)
    {
        if (query.Length == 0) return "";
        var parts = query.Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=');
            var name = equals < 0 ? parts[i] : parts[i][..equals];
            if (equals < 0 || !SecretParameters.Contains(Uri.UnescapeDataString(name))) continue;
            AddSecret(secrets, parts[i][(equals + 1)..]);
            parts[i] = $"{name}={Mask}";
        }
        return string.Join('&', parts);
    }

    private static void AddSecret(List<string> secrets, string escaped)
    {
        // Both forms: an exception message may quote the URL as configured or as sent.
        foreach (var form in new[] { escaped, Uri.UnescapeDataString(escaped) })
            if (form.Length >= MinScrubbedLength && !secrets.Contains(form)) secrets.Add(form);
    }

    /// <summary>Up to the last '@' of the authority: a password with an unescaped '@' is still all removed.</summary>
    [GeneratedRegex(@"(?<=://)[^/?#\s]*@")]
    private static partial Regex UserInfoPattern();

    [GeneratedRegex(@"(?<=[?&;])(?<name>[^=&#\s'""]+)=(?<value>[^&#\s'""]*)")]
    private static partial Regex SecretParameterPattern();
}
