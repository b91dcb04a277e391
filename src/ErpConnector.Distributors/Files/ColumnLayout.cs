using ErpConnector.Distributors.Configuration;
using ErpConnector.Distributors.Feeds;
using Sylvan.Data.Csv;

namespace ErpConnector.Distributors.Files;

/// <summary>The configured column mapping resolved to field positions for one file.</summary>
internal sealed record ColumnLayout(int Sku, int Price, int Currency, int RetailPrice, int Description, int Action,
    int Vendor = -1, int VendorPartNumber = -1, int Ean = -1, int Stock = -1)
{
    public int RequiredFields { get; } = Math.Max(Sku, Price) + 1;

    public static int? ParsePosition(string value)
    {
        var text = value.StartsWith('#') ? value[1..] : value;
        return int.TryParse(text, out var position) && position >= 0 ? position : null;
    }

    public static ColumnLayout Resolve(CsvDataReader csv, FileColumns columns, bool hasHeader)
    {
        // A mapped column that is not in the header is a configuration error either way: guessing would
        // silently drop currencies or deletions.
        int Find(string? mapping, string name)
        {
            if (string.IsNullOrWhiteSpace(mapping)) return -1;
            if (!hasHeader) return ParsePosition(mapping) ?? -1;
            for (var i = 0; i < csv.FieldCount; i++)
                if (string.Equals(csv.GetName(i).Trim(), mapping, StringComparison.OrdinalIgnoreCase)) return i;
            throw Missing(mapping, name);
        }

        FeedFetchException Missing(string mapping, string name)
        {
            var header = string.Join(", ", Enumerable.Range(0, csv.FieldCount).Select(csv.GetName));
            return new FeedFetchException("columns", $"Column '{mapping}' (mapped as {name}) is not in the file's header: {header}.");
        }

        return new ColumnLayout(
            Find(columns.Sku, nameof(columns.Sku)),
            Find(columns.Price, nameof(columns.Price)),
            Find(columns.Currency, nameof(columns.Currency)),
            Find(columns.RetailPrice, nameof(columns.RetailPrice)),
            Find(columns.Description, nameof(columns.Description)),
            Find(columns.Action, nameof(columns.Action)),
            Find(columns.Vendor, nameof(columns.Vendor)),
            Find(columns.VendorPartNumber, nameof(columns.VendorPartNumber)),
            Find(columns.Ean, nameof(columns.Ean)),
            Find(columns.Stock, nameof(columns.Stock)));
    }
}
