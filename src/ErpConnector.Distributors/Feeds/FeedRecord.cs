namespace ErpConnector.Distributors.Feeds;

public enum FeedAction : byte { Upsert, Delete }

/// <summary>One parsed price row, as spans over the parser's buffer: the hot path of a million-row feed
/// allocates nothing for rows that did not change.</summary>
public readonly ref struct FeedRecord
{
    public required ReadOnlySpan<char> Sku { get; init; }
    public required decimal Price { get; init; }
    public required ReadOnlySpan<char> Currency { get; init; }
    public decimal? RetailPrice { get; init; }
    public ReadOnlySpan<char> Description { get; init; }
    public FeedAction Action { get; init; }
    /// <summary>1-based line (file) or position (API) of the row, for operator-facing messages.</summary>
    public long Line { get; init; }
    /// <summary>The row as received, shown to the operator if it turns out malformed.</summary>
    public ReadOnlySpan<char> Raw { get; init; }
    /// <summary>Best price: manufacturer name, when the feed carries it.</summary>
    public ReadOnlySpan<char> Vendor { get; init; }
    /// <summary>Best price: manufacturer part number, when the feed carries it.</summary>
    public ReadOnlySpan<char> VendorPartNumber { get; init; }
    /// <summary>Best price: EAN/UPC, when the feed carries it.</summary>
    public ReadOnlySpan<char> Ean { get; init; }
    /// <summary>Best price: false when the feed says the product is out of stock; null when it does not say.</summary>
    public bool? InStock { get; init; }
}
