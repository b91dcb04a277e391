using System.Globalization;

namespace ErpConnector.Sandbox.Distributors;

/// <summary>A distributor catalogue computed row by row from (seed, position): any size, never held in memory,
/// identical on every call. Changing ChangedPercent moves exactly the rows whose own coin says so.</summary>
public static class SandboxCatalogue
{
    private static readonly string[] Vendors = ["Lenovo", "Dell", "HP Inc.", "Cisco", "Logitech", "Samsung", "Intelbras", "Positivo"];
    private static readonly string[] Products =
    [
        "Notebook ThinkPad", "Monitor 24\" Full HD", "Cabo HDMI, 2 m", "Switch 24 portas", "Mouse óptico sem fio",
        "Teclado ABNT2 \"Slim\"", "Impressora Laser Ação", "Roteador Wi-Fi 6", "Webcam 1080p com microfone", "Nobreak 1200 VA",
    ];

    public readonly record struct Item(string Sku, string VendorPartNumber, string Vendor, string Description,
        decimal Price, decimal RetailPrice, string Currency, bool Changed, bool Removed);

    public static string Sku(int position) => $"IM{position:D7}";

    public static Item At(CatalogueSpec spec, int position)
    {
        var h = Mix((ulong)spec.Seed * 0x9E3779B97F4A7C15UL ^ (ulong)position);
        var cents = 1000 + (long)(h % 500_000);                         // 10.00 .. 5009.99
        var changed = Coin(spec.Seed, position, 0xC0FFEE) < spec.ChangedPercent / 100.0;
        var removed = Coin(spec.Seed, position, 0xDE1E7E) < spec.RemovedPercent / 100.0;
        if (changed) cents = cents * 107 / 100;
        var price = cents / 100m;
        var vendor = Vendors[(int)((h >> 20) % (ulong)Vendors.Length)];
        var product = Products[(int)((h >> 28) % (ulong)Products.Length)];
        var currency = (h >> 40) % 10 == 0 ? "BRL" : "USD";
        return new Item(Sku(position), $"VP-{h >> 44:X5}", vendor, $"{product} {vendor} #{position}",
            price, Math.Round(price * 1.3m, 2), currency, changed, removed);
    }

    /// <summary>The product at <paramref name="position"/> whatever the seed (vendor, vendor part number, EAN-13), and
    /// whether this distributor (seed) has it in stock: about 1 in 20 is out.</summary>
    public static (string Vendor, string VendorPartNumber, string Ean, bool InStock) Product(CatalogueSpec spec, int position)
    {
        var vendor = Vendors[position % Vendors.Length];
        var digits = $"789{position % 1_000_000_000:D9}";
        var sum = 0;
        for (var i = 0; i < 12; i++) sum += (digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
        var ean = digits + (char)('0' + (10 - sum % 10) % 10);
        return (vendor, $"P{position:D7}", ean, Coin(spec.Seed, position, 0x570C) >= 0.05);
    }

    public static string Format(decimal value, char decimalSeparator)
    {
        var text = value.ToString("0.00", CultureInfo.InvariantCulture);
        return decimalSeparator == '.' ? text : text.Replace('.', decimalSeparator);
    }

    private static double Coin(int seed, int position, ulong salt) =>
        (Mix((ulong)seed * 0xBF58476D1CE4E5B9UL ^ (ulong)position ^ salt << 32) % 1_000_000) / 1_000_000.0;

    /// <summary>SplitMix64 finaliser: cheap, well spread, and the same everywhere.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
