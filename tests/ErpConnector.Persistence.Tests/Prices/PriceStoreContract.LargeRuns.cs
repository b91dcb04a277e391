using System.Globalization;

namespace ErpConnector.Persistence.Tests.Prices;

/// <summary>Runs large enough to cross the writers' batches and staging chunks: several rows go to the database per
/// statement (SQLite) or per COPY (PostgreSQL), so every row is read back and compared field by field, including the
/// rows of partly filled batches at each chunk's end, the optional fields and the removals in between.</summary>
public abstract partial class PriceStoreContract
{
    private sealed record StoredRow(string Sku, decimal Price, string Currency, decimal? Retail, string? Description, string? ProductKey, long? InStock);

    /// <summary>Varied on purpose: retail present or not, descriptions empty, short or long (chunks fill unevenly),
    /// product key and stock flag on some rows only.</summary>
    private static List<Row> MixedCatalogue(int count, int seed) =>
        Enumerable.Range(1, count).Select(i =>
        {
            var h = (i * 7919 + seed * 104729) % 1000;
            return new Row($"MX-{i:D6}", 1m + h / 7m + seed, h % 4 == 0 ? "USD" : "BRL",
                h % 3 == 0 ? null : 2m + h + seed, h % 5 == 0 ? "" : $"item {i}/{seed} ação {new string('d', h % 97)}".TrimEnd(),
                Vendor: h % 2 == 0 ? "Acme" : null, Part: h % 2 == 0 ? $"P{i}" : null, InStock: (h % 7) switch { 0 => null, 1 => false, _ => true });
        }).ToList();

    private async Task<Dictionary<string, StoredRow>> StoredRowsAsync(string feedId)
    {
        await using var db = await Connections.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT sku, price, currency, retail_price, description, product_key, in_stock FROM distributor_prices " +
                              $"WHERE feed_id = '{feedId}'";
        var rows = new Dictionary<string, StoredRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var row = new StoredRow(reader.GetString(0), decimal.Parse(reader.GetString(1), CultureInfo.InvariantCulture), reader.GetString(2),
                Text(3) is { } retail ? decimal.Parse(retail, CultureInfo.InvariantCulture) : null, Text(4), Text(5),
                reader.IsDBNull(6) ? null : Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture));
            rows.Add(row.Sku, row);
        }
        return rows;
    }

    private static void AssertStored(IEnumerable<Row> expected, Dictionary<string, StoredRow> stored)
    {
        var rows = expected.ToList();
        Assert.Equal(rows.Count, stored.Count);
        foreach (var r in rows)
        {
            var s = stored[r.Sku];
            Assert.Equal(
                (r.Price, r.Currency, r.Retail, r.Description.Length == 0 ? null : r.Description,
                 r.Vendor is null ? null : $"ACME:{r.Part}", r.InStock is { } inStock ? (inStock ? 1L : 0L) : (long?)null),
                (s.Price, s.Currency, s.Retail, s.Description, s.ProductKey, s.InStock));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_row_of_a_run_across_batches_and_chunks_is_stored_as_read(bool writeThrough)
    {
        var feed = NewFeed();
        var first = MixedCatalogue(9_001, seed: 1);
        var load = await RunAsync(feed, first, T0, writeThrough: writeThrough);
        Assert.Equal(9_001, load.Added);
        AssertStored(first, await StoredRowsAsync(feed));

        // Second run: every third row changed (new seed), every eleventh gone, 500 new ones; the rest as before.
        var changed = MixedCatalogue(9_501, seed: 2);
        var second = first.Select((r, i) => (Row: i % 3 == 0 ? changed[i] : r, Index: i)).Where(x => x.Index % 11 != 5).Select(x => x.Row)
            .Concat(changed.Skip(9_001))
            .ToList();
        var before = first.ToDictionary(r => r.Sku);
        var rerun = await RunAsync(feed, second, T0.AddHours(1));
        Assert.Equal((500L, (long)second.Count(r => before.TryGetValue(r.Sku, out var old) && old != r), (long)first.Count - second.Count + 500),
            (rerun.Added, rerun.Changed, rerun.Removed));
        AssertStored(second, await StoredRowsAsync(feed));
    }
}
