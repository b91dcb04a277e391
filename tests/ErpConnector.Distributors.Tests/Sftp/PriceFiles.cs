using System.IO.Compression;
using System.Text;

namespace ErpConnector.Distributors.Tests.Sftp;

/// <summary>Price files as a distributor drops them: CSV, optionally zipped.</summary>
internal static class PriceFiles
{
    public static byte[] Csv(int rows, decimal basePrice = 10m, string prefix = "SKU")
    {
        var text = new StringBuilder("sku,price,currency\n");
        for (var i = 1; i <= rows; i++) text.Append(prefix).Append(i.ToString("D7")).Append(',').Append((basePrice + i / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(",USD\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] Zip(byte[] csv, string entry = "PRICE.TXT")
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry(entry).Open();
            stream.Write(csv);
        }
        return buffer.ToArray();
    }
}
