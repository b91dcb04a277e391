using System.Text;

namespace ErpConnector.Distributors.Configuration;

/// <summary>A flat price file (optionally zipped) fetched over HTTPS or SFTP, or read from a mounted drop folder (file://).</summary>
public sealed class FileFeedOptions
{
    public string Url { get; set; } = "";
    /// <summary>Null: decided by the URL ending in <c>.zip</c>.</summary>
    public bool? Zipped { get; set; }
    /// <summary>Entry inside the archive, e.g. <c>PRICE.TXT</c>; null takes the only (or first) file.</summary>
    public string? EntryName { get; set; }
    /// <summary><c>comma</c>, <c>semicolon</c>, <c>tab</c>, <c>tilde</c>, <c>pipe</c>, or a single character.</summary>
    public string Delimiter { get; set; } = "comma";
    /// <summary><c>utf-8</c>, <c>latin1</c> (ISO-8859-1) or <c>windows-1252</c>.</summary>
    public string Encoding { get; set; } = "utf-8";
    public bool HasHeader { get; set; } = true;
    /// <summary><c>.</c> or <c>,</c> (Brazilian files write 1.234,56).</summary>
    public string DecimalSeparator { get; set; } = ".";
    /// <summary><c>full</c>: the file is the whole catalogue, absent SKUs are removed. <c>delta</c>: only the rows
    /// present change; deletions come from the action column.</summary>
    public string Mode { get; set; } = "full";
    public FileColumns Columns { get; set; } = new();
    /// <summary>Basic authentication for the file server, when it asks for it.</summary>
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? BearerToken { get; set; }
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(30);

    // SFTP (Url sftp://host[:port]/path/file.zip, or a pattern for the file name: /out/PRICE_*.zip takes the newest
    // match by modification time). Username/Password above log in; or a private key.

    /// <summary>SFTP private key (OpenSSH or PEM): the key itself (starting <c>-----BEGIN</c>) or the path of a file holding it.</summary>
    public string? PrivateKey { get; set; }
    public string? PrivateKeyPassphrase { get; set; }
    /// <summary>The SFTP server's host key as OpenSSH prints it (<c>ssh-keygen -lf key.pub</c>, or <c>ssh-keyscan host |
    /// ssh-keygen -lf -</c>): <c>SHA256:</c> and unpadded base64. Required for sftp://: any other key fails the run.</summary>
    public string? HostKeyFingerprint { get; set; }
    /// <summary>SFTP: time allowed to connect and log in, and for each request to the server (a stalled transfer
    /// fails after it rather than hanging until <see cref="DownloadTimeout"/>).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How many times the whole file is fetched when a try fails in a way that may pass (network, timeout,
    /// server error, connection cut mid-file). Never resumed: a partial file is thrown away.</summary>
    public int DownloadAttempts { get; set; } = 3;
    /// <summary>Wait between two tries of the whole file.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsDelta => string.Equals(Mode, "delta", StringComparison.OrdinalIgnoreCase);

    public bool IsZipped(Uri url) => Zipped ?? url.AbsolutePath.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    public static bool IsSftp(Uri url) => url.Scheme == "sftp";

    public static char? ParseDelimiter(string value) => value.ToLowerInvariant() switch
    {
        "comma" or "," => ',',
        "semicolon" or ";" => ';',
        "tab" or "\t" or "\\t" => '\t',
        "tilde" or "~" => '~',
        "pipe" or "|" => '|',
        { Length: 1 } single => single[0],
        _ => null,
    };

    public static Encoding? ParseEncoding(string value)
    {
        switch (value.ToLowerInvariant().Replace("_", "-"))
        {
            case "utf-8" or "utf8": return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            case "latin1" or "latin-1" or "iso-8859-1": return System.Text.Encoding.Latin1;
            case "windows-1252" or "cp1252":
                System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
                return System.Text.Encoding.GetEncoding(1252);
            default: return null;
        }
    }
}

/// <summary>Which column holds what. With a header these are header names (case-insensitive); without one,
/// zero-based positions such as "0" or "#3".</summary>
public sealed class FileColumns
{
    public string Sku { get; set; } = "sku";
    public string Price { get; set; } = "price";
    public string? Currency { get; set; }
    public string? RetailPrice { get; set; }
    public string? Description { get; set; }
    /// <summary>Add/change/delete indicator (Ingram's ACTION_INDICATOR: A, C, D).</summary>
    public string? Action { get; set; }
    public string AddCodes { get; set; } = "A";
    public string ChangeCodes { get; set; } = "C";
    public string DeleteCodes { get; set; } = "D";
    /// <summary>Best price: the manufacturer's name (Ingram's VENDOR_NAME); with <see cref="VendorPartNumber"/> it
    /// matches the product across feeds.</summary>
    public string? Vendor { get; set; }
    /// <summary>Best price: the manufacturer's part number (Ingram's VENDOR_PART_NUMBER).</summary>
    public string? VendorPartNumber { get; set; }
    /// <summary>Best price: EAN/UPC (Ingram's UPC_CODE), used to match when <c>Distributors:MatchBy</c> is <c>ean</c>.</summary>
    public string? Ean { get; set; }
    /// <summary>Best price: availability, as Y/N, yes/no, true/false, 1/0 or a quantity (0 = out of stock);
    /// an empty or unknown value means the feed does not say.</summary>
    public string? Stock { get; set; }
}
