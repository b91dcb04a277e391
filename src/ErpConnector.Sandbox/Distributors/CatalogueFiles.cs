using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;

namespace ErpConnector.Sandbox.Distributors;

/// <summary>Writes catalogue files row by row (constant memory) and keeps each distinct one in a cache folder,
/// so a million-row file is generated once and then served like a static file.</summary>
public sealed class CatalogueFiles(string directory)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    public async Task<string> GetAsync(CatalogueSpec spec, CancellationToken ct)
    {
        var path = Path.Combine(directory, spec.CacheKey() + (spec.Zipped ? ".zip" : ".csv"));
        if (File.Exists(path)) return path;
        var gate = _locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (File.Exists(path)) return path;
            Directory.CreateDirectory(directory);
            var partial = path + $".{Guid.NewGuid():N}.partial";
            await Task.Run(() => Write(spec, partial), ct);
            File.Move(partial, path, overwrite: true);
            return path;
        }
        finally { gate.Release(); }
    }

    /// <summary>Writes the file for <paramref name="spec"/> at <paramref name="path"/>.</summary>
    public static void Write(CatalogueSpec spec, string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        if (!spec.Zipped)
        {
            WriteCsv(spec, file);
            return;
        }
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        var entry = zip.CreateEntry(spec.Layout == "ingram" ? "PRICE.TXT" : "prices.csv", CompressionLevel.Fastest);
        using var content = entry.Open();
        WriteCsv(spec, content);
    }

    public static void WriteCsv(CatalogueSpec spec, Stream output)
    {
        if (spec.Empty) return;
        Encoding encoding = spec.Encoding == "latin1" ? Encoding.Latin1 : new UTF8Encoding(false);
        using var writer = new StreamWriter(output, encoding, 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        var d = spec.Delimiter;
        var ingram = spec.Layout == "ingram";
        var matched = spec.Layout == "matched";
        writer.WriteLine(ingram
            ? string.Join(d, "ACTION_INDICATOR", "INGRAM_PART_NUMBER", "VENDOR_PART_NUMBER", "VENDOR_NAME", "DESCRIPTION", "RETAIL_PRICE", "CUSTOMER_PRICE", "CURRENCY_CODE")
            : matched
                ? string.Join(d, "sku", "price", "currency", "retail_price", "description", "vendor", "vendor_part_number", "ean", "in_stock")
                : string.Join(d, "sku", "price", "currency", "retail_price", "description"));

        var cutAt = spec.TruncateAtPercent is { } pct ? (int)(spec.Rows * pct / 100) : int.MaxValue;
        var malformedEvery = spec.MalformedRows > 0 ? Math.Max(1, spec.Rows / spec.MalformedRows) : 0;
        var malformedLeft = spec.MalformedRows;
        for (var i = 1; i <= spec.Rows; i++)
        {
            var item = SandboxCatalogue.At(spec, i);
            if (item.Removed && !ingram) continue;
            var price = SandboxCatalogue.Format(item.Price, spec.DecimalSeparator);
            var retail = SandboxCatalogue.Format(item.RetailPrice, spec.DecimalSeparator);
            string line;
            if (malformedLeft > 0 && i % malformedEvery == 0)
            {
                malformedLeft--;
                // Two kinds seen in the wild: a price column holding text, and a row cut short.
                line = malformedLeft % 2 == 0
                    ? (ingram ? string.Join(d, "A", item.Sku, item.VendorPartNumber, item.Vendor, Quote("broken", d), retail, "N/A", item.Currency)
                              : string.Join(d, item.Sku, "N/A", item.Currency, retail, Quote(item.Description, d)))
                    : (ingram ? string.Join(d, "A", item.Sku) : item.Sku);
            }
            else if (ingram)
            {
                var action = item.Removed ? "D" : item.Changed ? "C" : "A";
                line = string.Join(d, action, item.Sku, item.VendorPartNumber, Quote(item.Vendor, d), Quote(item.Description, d), retail, price, item.Currency);
            }
            else if (matched)
            {
                // One currency, so every distributor's price of a product is comparable.
                var product = SandboxCatalogue.Product(spec, i);
                line = string.Join(d, item.Sku, price, "USD", retail, Quote(item.Description, d),
                    Quote(product.Vendor, d), product.VendorPartNumber, product.Ean, product.InStock ? "Y" : "N");
            }
            else
            {
                line = string.Join(d, item.Sku, price, item.Currency, retail, Quote(item.Description, d));
            }

            if (i > cutAt)
            {
                // Cut inside the row's leading fields, as an interrupted upload leaves it (a cut inside the last
                // column would still parse as a row, only with a shorter description).
                writer.Write(line[..Math.Min(line.Length, 14)]);
                return;
            }
            writer.WriteLine(line);
        }
    }

    private static string Quote(string value, char delimiter) =>
        value.Contains(delimiter) || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
