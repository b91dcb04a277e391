using System.Text.RegularExpressions;
using ErpConnector.Distributors.Feeds;
using ErpConnector.Distributors.Files;
using ErpConnector.Distributors.Files.Sftp;

namespace ErpConnector.Distributors.Configuration;

/// <summary>Checks the whole Distributors section and names each bad key by its configuration path
/// (e.g. <c>Distributors:Feeds:0:Schedule</c>), so a start-up failure says exactly what to fix.
/// The cron check is passed in because its grammar belongs to the scheduler (Quartz), not to this library.</summary>
public sealed partial class PriceFeedOptionsValidator(Func<string, string?> cronError)
{
    public IReadOnlyList<string> Validate(DistributorsOptions options)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Feeds.Count; i++)
        {
            var feed = options.Feeds[i];
            var key = $"{DistributorsOptions.SectionName}:Feeds:{i}";
            if (!IdPattern().IsMatch(feed.Id ?? ""))
                errors.Add($"{key}:Id must be a slug of a-z, 0-9 and '-' (got '{feed.Id}').");
            else if (!seen.Add(feed.Id!))
                errors.Add($"{key}:Id '{feed.Id}' is used by another feed.");

            if (cronError(feed.Schedule ?? "") is { } cron)
                errors.Add($"{key}:Schedule '{feed.Schedule}' is not a valid Quartz cron expression: {cron}");
            if (!IsKnownTimeZone(feed.TimeZone))
                errors.Add($"{key}:TimeZone '{feed.TimeZone}' is not a known IANA time zone (e.g. {PriceFeedOptions.DefaultTimeZone}).");
            if (feed.StaleAfter <= TimeSpan.Zero)
                errors.Add($"{key}:StaleAfter must be positive (e.g. \"1.02:00:00\").");
            if (!CurrencyPattern().IsMatch(feed.DefaultCurrency ?? ""))
                errors.Add($"{key}:DefaultCurrency must be a three-letter ISO 4217 code (got '{feed.DefaultCurrency}').");
            ValidateThresholds(feed.Thresholds, $"{key}:Thresholds", errors);
            if (feed.Priority is < 0 or > 1000) errors.Add($"{key}:Priority must be between 0 and 1000, the lower the more preferred (got {feed.Priority}).");

            switch (feed.Adapter?.ToLowerInvariant())
            {
                case "rest" when feed.Rest is null: errors.Add($"{key}:Rest is required when Adapter is 'rest'."); break;
                case "rest": ValidateRest(feed.Rest, $"{key}:Rest", errors); break;
                case "file" when feed.File is null: errors.Add($"{key}:File is required when Adapter is 'file'."); break;
                case "file": ValidateFile(feed.File, $"{key}:File", errors); break;
                default: errors.Add($"{key}:Adapter must be 'rest' or 'file' (got '{feed.Adapter}')."); break;
            }
        }
        if (options.AbandonRunAfter < TimeSpan.FromSeconds(5))
            errors.Add($"{DistributorsOptions.SectionName}:AbandonRunAfter must be at least 5 seconds.");
        if (options.ProgressInterval <= TimeSpan.Zero || options.ProgressInterval * 3 > options.AbandonRunAfter)
            errors.Add($"{DistributorsOptions.SectionName}:ProgressInterval must be positive and at most a third of AbandonRunAfter.");
        if (options.MatchBy?.ToLowerInvariant() is not ("vendor-part" or "ean"))
            errors.Add($"{DistributorsOptions.SectionName}:MatchBy must be 'vendor-part' or 'ean' (got '{options.MatchBy}').");
        if (options.PreferCheaperBy is < 0 or >= 100)
            errors.Add($"{DistributorsOptions.SectionName}:PreferCheaperBy must be a percentage from 0 up to (not including) 100, e.g. 5 (got {options.PreferCheaperBy}).");
        if (options.IgnoreOlderThan <= TimeSpan.Zero)
            errors.Add($"{DistributorsOptions.SectionName}:IgnoreOlderThan must be positive, e.g. \"7.00:00:00\" for 7 days (got {options.IgnoreOlderThan}).");
        return errors;
    }

    private static void ValidateThresholds(FeedThresholds? t, string key, List<string> errors)
    {
        if (t is null) { errors.Add($"{key} is required."); return; }
        if (t.MaxDropPercent is < 0 or > 100) errors.Add($"{key}:MaxDropPercent must be between 0 and 100.");
        if (t.MaxMalformedPercent is < 0 or > 100) errors.Add($"{key}:MaxMalformedPercent must be between 0 and 100.");
        if (t.MaxMalformedRows < 0) errors.Add($"{key}:MaxMalformedRows must not be negative.");
        if (t.MinRows < 0) errors.Add($"{key}:MinRows must not be negative.");
        if (t.MalformedSamples is < 0 or > 1000) errors.Add($"{key}:MalformedSamples must be between 0 and 1000.");
        if (t.MaxRows <= 0) errors.Add($"{key}:MaxRows must be positive (got {t.MaxRows}; default {new FeedThresholds().MaxRows}).");
        if (t.MaxUncompressedBytes <= 0)
            errors.Add($"{key}:MaxUncompressedBytes must be positive (got {t.MaxUncompressedBytes}; default {new FeedThresholds().MaxUncompressedBytes}, 1 GiB).");
    }

    private static void ValidateRest(RestFeedOptions r, string key, List<string> errors)
    {
        RequireUrl(r.BaseUrl, $"{key}:BaseUrl", errors, allowFile: false);
        RequireUrl(r.TokenUrl, $"{key}:TokenUrl", errors, allowFile: false);
        if (string.IsNullOrWhiteSpace(r.ClientId)) errors.Add($"{key}:ClientId is required.");
        if (string.IsNullOrWhiteSpace(r.ClientSecret)) errors.Add($"{key}:ClientSecret is required.");
        if (string.IsNullOrWhiteSpace(r.CatalogPath)) errors.Add($"{key}:CatalogPath is required.");
        if (r.PageSize is < 1 or > 100) errors.Add($"{key}:PageSize must be between 1 and 100 (the API's page limit).");
        if (r.BatchSize is < 1 or > 50) errors.Add($"{key}:BatchSize must be between 1 and 50 (the API's products-per-call limit).");
        if (r.MaxRetries is < 0 or > 20) errors.Add($"{key}:MaxRetries must be between 0 and 20.");
        if (r.RetryBaseDelay < TimeSpan.Zero) errors.Add($"{key}:RetryBaseDelay must not be negative.");
        if (r.MaxRetryWait <= TimeSpan.Zero) errors.Add($"{key}:MaxRetryWait must be positive.");
        if (r.RequestTimeout <= TimeSpan.Zero) errors.Add($"{key}:RequestTimeout must be positive.");
    }

    private static void ValidateFile(FileFeedOptions f, string key, List<string> errors)
    {
        RequireUrl(f.Url, $"{key}:Url", errors, allowFile: true, allowSftp: true);
        if (FileFeedOptions.ParseDelimiter(f.Delimiter ?? "") is null)
            errors.Add($"{key}:Delimiter must be comma, semicolon, tab, tilde, pipe or a single character (got '{f.Delimiter}').");
        if (FileFeedOptions.ParseEncoding(f.Encoding ?? "") is null)
            errors.Add($"{key}:Encoding must be utf-8, latin1 or windows-1252 (got '{f.Encoding}').");
        if (f.DecimalSeparator is not ("." or ","))
            errors.Add($"{key}:DecimalSeparator must be '.' or ',' (got '{f.DecimalSeparator}').");
        if (f.Mode?.ToLowerInvariant() is not ("full" or "delta"))
            errors.Add($"{key}:Mode must be 'full' or 'delta' (got '{f.Mode}').");
        if (f.DownloadTimeout <= TimeSpan.Zero) errors.Add($"{key}:DownloadTimeout must be positive.");
        if (f.DownloadAttempts is < 1 or > 10) errors.Add($"{key}:DownloadAttempts must be between 1 and 10 (got {f.DownloadAttempts}).");
        if (f.RetryDelay < TimeSpan.Zero) errors.Add($"{key}:RetryDelay must not be negative.");
        if (Uri.TryCreate(f.Url, UriKind.Absolute, out var url) && FileFeedOptions.IsSftp(url)) ValidateSftp(f, url, key, errors);
        if (f.Columns is null) { errors.Add($"{key}:Columns is required."); return; }
        if (string.IsNullOrWhiteSpace(f.Columns.Sku)) errors.Add($"{key}:Columns:Sku is required.");
        if (string.IsNullOrWhiteSpace(f.Columns.Price)) errors.Add($"{key}:Columns:Price is required.");
        if (f.IsDelta && string.IsNullOrWhiteSpace(f.Columns.Action))
            errors.Add($"{key}:Columns:Action is required when Mode is 'delta' (deletions come from it).");
        if (!f.HasHeader)
            foreach (var (name, value) in Mapped(f.Columns))
                if (ColumnLayout.ParsePosition(value) is null)
                    errors.Add($"{key}:Columns:{name} must be a zero-based position (e.g. \"3\") when HasHeader is false (got '{value}').");
    }

    private static void ValidateSftp(FileFeedOptions f, Uri url, string key, List<string> errors)
    {
        if (SftpLocation.Parse(url) is { Error: { } location }) errors.Add($"{key}:Url {location}");
        if (string.IsNullOrWhiteSpace(f.Username) && string.IsNullOrEmpty(url.UserInfo))
            errors.Add($"{key}:Username is required for an sftp:// URL.");
        if (string.IsNullOrEmpty(f.Password) && string.IsNullOrWhiteSpace(f.PrivateKey))
            errors.Add($"{key}:Password or {key}:PrivateKey is required for an sftp:// URL (a private key is the key itself, or the path of its file).");
        if (!string.IsNullOrEmpty(f.BearerToken)) errors.Add($"{key}:BearerToken does not apply to an sftp:// URL.");
        if (!HostKeyFingerprint.TryParse(f.HostKeyFingerprint, out _))
            errors.Add($"{key}:HostKeyFingerprint is required for an sftp:// URL, as OpenSSH prints it (SHA256: and base64, e.g. from "
                + $"`ssh-keyscan -p {(url.IsDefaultPort || url.Port < 0 ? 22 : url.Port)} {url.Host} | ssh-keygen -lf -`) (got '{f.HostKeyFingerprint}').");
        if (f.ConnectTimeout <= TimeSpan.Zero) errors.Add($"{key}:ConnectTimeout must be positive.");
    }

    private static IEnumerable<(string, string)> Mapped(FileColumns c)
    {
        if (!string.IsNullOrWhiteSpace(c.Sku)) yield return (nameof(c.Sku), c.Sku);
        if (!string.IsNullOrWhiteSpace(c.Price)) yield return (nameof(c.Price), c.Price);
        if (c.Currency is { Length: > 0 }) yield return (nameof(c.Currency), c.Currency);
        if (c.RetailPrice is { Length: > 0 }) yield return (nameof(c.RetailPrice), c.RetailPrice);
        if (c.Description is { Length: > 0 }) yield return (nameof(c.Description), c.Description);
        if (c.Action is { Length: > 0 }) yield return (nameof(c.Action), c.Action);
        if (c.Vendor is { Length: > 0 }) yield return (nameof(c.Vendor), c.Vendor);
        if (c.VendorPartNumber is { Length: > 0 }) yield return (nameof(c.VendorPartNumber), c.VendorPartNumber);
        if (c.Ean is { Length: > 0 }) yield return (nameof(c.Ean), c.Ean);
        if (c.Stock is { Length: > 0 }) yield return (nameof(c.Stock), c.Stock);
    }

    private static void RequireUrl(string? value, string key, List<string> errors, bool allowFile, bool allowSftp = false)
    {
        var ok = Uri.TryCreate(value, UriKind.Absolute, out var uri)
                 && (uri.Scheme is "http" or "https" || (allowFile && uri.Scheme == "file") || (allowSftp && uri.Scheme == "sftp"));
        if (!ok) errors.Add($"{key} must be an absolute {(allowFile ? "https://, http://, sftp:// or file://" : "https:// or http://")} URL (got '{SafeUrl.From(value)}').");
    }

    private static bool IsKnownTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return false;
        try { TimeZoneInfo.FindSystemTimeZoneById(id); return true; }
        catch (TimeZoneNotFoundException) { return false; }
        catch (InvalidTimeZoneException) { return false; }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
