using System.Globalization;

namespace ErpConnector.Sandbox.Distributors;

/// <summary>Everything that determines a generated catalogue file, byte for byte.</summary>
public sealed record CatalogueSpec
{
    public int Rows { get; init; } = 1000;
    public int Seed { get; init; } = 42;
    /// <summary>Share of SKUs whose price moves (7% up) relative to the same seed at 0%.</summary>
    public double ChangedPercent { get; init; }
    /// <summary>Share of SKUs the distributor dropped: absent from full files, action D in the ingram layout.</summary>
    public double RemovedPercent { get; init; }
    /// <summary><c>standard</c> (sku,price,currency,retail_price,description), <c>ingram</c> (PRICE.TXT-like with ACTION_INDICATOR)
    /// or <c>matched</c> (standard plus vendor,vendor_part_number,ean,in_stock: the same products under every seed, so
    /// feeds with different seeds overlap product for product at different prices — the best-price case).</summary>
    public string Layout { get; init; } = "standard";
    public char Delimiter { get; init; } = ',';
    /// <summary><c>utf-8</c> or <c>latin1</c>.</summary>
    public string Encoding { get; init; } = "utf-8";
    public char DecimalSeparator { get; init; } = '.';
    public bool Zipped { get; init; }
    public bool Empty { get; init; }
    /// <summary>Cut the file after this share of rows, in the middle of a line (null: whole file).</summary>
    public double? TruncateAtPercent { get; init; }
    public int MalformedRows { get; init; }

    public string CacheKey() => string.Join('_',
        "v2", Rows, Seed, ChangedPercent.ToString(CultureInfo.InvariantCulture), RemovedPercent.ToString(CultureInfo.InvariantCulture),
        Layout, (int)Delimiter, Encoding, (int)DecimalSeparator, Zipped ? "zip" : "csv", Empty ? "empty" : "full",
        TruncateAtPercent?.ToString(CultureInfo.InvariantCulture) ?? "whole", MalformedRows);

    public static char? ParseDelimiter(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "comma" => ',',
        "semicolon" => ';',
        "tab" => '\t',
        "tilde" => '~',
        "pipe" => '|',
        _ => null,
    };
}
