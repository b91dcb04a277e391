using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ErpConnector.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ErpConnector.Distributors.Tests.BestPrice;

/// <summary>GET /api/prices/{key} on the service as the host wires it, over three distributors' files with overlapping
/// products: priority, the 10% threshold (exactly 10% wins), stock, age, EAN matching across different vendor spellings,
/// and the API's error shape.</summary>
public sealed class BestPriceApiTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"erpconnector-bestprice-api-{Guid.NewGuid():N}");
    private readonly RecordingPublisher _events = new();
    private WebApplication? _service;
    private HttpClient _api = new();

    private const string Header = "sku,price,vendor,vpn,ean,stock";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await File.WriteAllLinesAsync(Path.Combine(_directory, "a.csv"),
        [
            Header, "A-PRIO,100.00,Acme,PRIO,,", "A-THRESH,100.00,Acme,THRESH,,Y", "A-STOCK,100.00,Acme,STOCK,,N",
            "A-AGE,100.00,Acme,AGE,,", "A-EAN,100.00,HP,6QN29A,885909950805,Y",
        ]);
        await File.WriteAllLinesAsync(Path.Combine(_directory, "b.csv"),
        [
            Header, "B-PRIO,95.00,ACME,PRIO,,", "B-THRESH,90.00,acme,thresh,,Y", "B-STOCK,99.00,Acme,STOCK,,12",
            "B-EAN,80.00,HP Inc.,6QN29A#ABA,0885909950805,Y",
        ]);
        await File.WriteAllLinesAsync(Path.Combine(_directory, "c.csv"),
        [
            Header, "C-PRIO,92.00,Acme,PRIO,,", "C-THRESH,95.00,Acme,THRESH,,", "C-STOCK,50.00,Acme,STOCK,,0", "C-AGE,50.00,Acme,AGE,,Y",
        ]);

        var settings = new Dictionary<string, string?>
        {
            ["Distributors:MatchBy"] = "ean",
            ["Distributors:PreferCheaperBy"] = "10",
            ["Distributors:IgnoreOlderThan"] = "7.00:00:00",
        };
        var feeds = new[] { ("dist-a", "a.csv", 1), ("dist-b", "b.csv", 2), ("dist-c", "c.csv", 3) };
        for (var i = 0; i < feeds.Length; i++)
        {
            var (id, file, priority) = feeds[i];
            settings[$"Distributors:Feeds:{i}:Id"] = id;
            settings[$"Distributors:Feeds:{i}:Adapter"] = "file";
            settings[$"Distributors:Feeds:{i}:Schedule"] = "0 0 6 * * ?";
            settings[$"Distributors:Feeds:{i}:Priority"] = priority.ToString();
            settings[$"Distributors:Feeds:{i}:File:Url"] = new Uri(Path.Combine(_directory, file)).AbsoluteUri;
            settings[$"Distributors:Feeds:{i}:File:Columns:Vendor"] = "vendor";
            settings[$"Distributors:Feeds:{i}:File:Columns:VendorPartNumber"] = "vpn";
            settings[$"Distributors:Feeds:{i}:File:Columns:Ean"] = "ean";
            settings[$"Distributors:Feeds:{i}:File:Columns:Stock"] = "stock";
        }
        _service = DistributorHosts.BuildService(_directory, _events, settings);
        await _service.StartAsync();
        _api = new HttpClient { BaseAddress = new Uri(DistributorHosts.Address(_service)) };
        foreach (var (id, _, _) in feeds)
        {
            var started = await Json(await _api.PostAsync($"/api/distributors/{id}/refetch", null));
            Assert.Equal("applied", (await WaitForOutcome(id, started.GetProperty("runId").GetString()!)).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task The_preferred_distributor_stays_unless_another_is_at_least_10_percent_cheaper()
    {
        var prio = await Price("acme:prio");
        Assert.Equal("ACME:PRIO", prio.GetProperty("key").GetString());
        Assert.Equal("dist-a", Chosen(prio));
        Assert.Equal(3, prio.GetProperty("offers").GetArrayLength());
        Assert.All(prio.GetProperty("offers").EnumerateArray(), o => Assert.True(o.GetProperty("ageSeconds").GetInt64() >= 0));

        var threshold = await Price("ACME:THRESH");
        Assert.Equal("dist-b", Chosen(threshold)); // exactly 10% below the preferred 100.00
        Assert.Equal(90m, threshold.GetProperty("chosen").GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task Offers_out_of_stock_are_left_out_with_the_reason()
    {
        var stock = await Price("ACME:STOCK");
        Assert.Equal("dist-b", Chosen(stock)); // a is out (N), c is out (quantity 0) although it is half the price
        Assert.Equal("out-of-stock", Offer(stock, "dist-a").GetProperty("leftOut").GetString());
        Assert.Equal("out-of-stock", Offer(stock, "dist-c").GetProperty("leftOut").GetString());
        Assert.Equal(JsonValueKind.Null, Offer(stock, "dist-b").GetProperty("leftOut").ValueKind);
    }

    [Fact]
    public async Task Prices_of_a_distributor_not_synced_within_IgnoreOlderThan_are_left_out()
    {
        Assert.Equal("dist-c", Chosen(await Price("ACME:AGE"))); // fresh: 50% below the preferred one

        // dist-c's last good sync becomes 8 days old (its schedule stopped delivering, say).
        var connections = _service!.Services.GetRequiredService<ConnectionFactory>();
        await using (var db = await connections.OpenAsync())
        await using (var update = db.CreateCommand())
        {
            update.CommandText = $"UPDATE distributor_feed_state SET last_good_at = {DateTimeOffset.UtcNow.AddDays(-8).ToUnixTimeMilliseconds()} WHERE feed_id = 'dist-c'";
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var aged = await Price("ACME:AGE");
        Assert.Equal("dist-a", Chosen(aged));
        Assert.Equal("too-old", Offer(aged, "dist-c").GetProperty("leftOut").GetString());
        Assert.InRange(Offer(aged, "dist-c").GetProperty("ageSeconds").GetInt64(), 8 * 86400 - 60, 8 * 86400 + 600);
    }

    [Fact]
    public async Task Feeds_carrying_the_same_EAN_match_whatever_they_call_the_vendor()
    {
        var byUpc = await Price("885909950805");
        Assert.Equal("00885909950805", byUpc.GetProperty("key").GetString());
        Assert.Equal("dist-b", Chosen(byUpc)); // 20% below dist-a's, found under "HP" and "HP Inc."
        Assert.Equal(2, byUpc.GetProperty("offers").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_and_unreadable_keys_answer_in_the_one_error_shape()
    {
        var missing = await _api.GetAsync("/api/prices/ACME:NOPE");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var notFound = await Json(missing);
        Assert.Equal("price.not_found", notFound.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(notFound.GetProperty("requestId").GetString()));

        var bad = await _api.GetAsync("/api/prices/no-colon-here");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var invalid = await Json(bad);
        Assert.Equal("request.invalid", invalid.GetProperty("code").GetString());
        Assert.Equal("key", invalid.GetProperty("details").GetProperty("field").GetString());
        Assert.Contains("VENDOR:PART", invalid.GetProperty("message").GetString());

        var huge = await _api.GetAsync("/api/prices/" + new string('A', 400) + ":1");
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
    }

    private async Task<JsonElement> Price(string key)
    {
        var response = await _api.GetAsync($"/api/prices/{Uri.EscapeDataString(key)}");
        Assert.True(response.IsSuccessStatusCode, $"{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Json(response);
    }

    private static string? Chosen(JsonElement answer) => answer.GetProperty("chosen").GetProperty("distributorId").GetString();

    private static JsonElement Offer(JsonElement answer, string feedId) =>
        answer.GetProperty("offers").EnumerateArray().Single(o => o.GetProperty("distributorId").GetString() == feedId);

    private async Task<JsonElement> WaitForOutcome(string feedId, string runId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var run = await Json(await _api.GetAsync($"/api/distributors/{feedId}/runs/{runId}"));
            var status = run.GetProperty("status").GetString();
            if (status is not ("queued" or "running")) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {runId} still {status}");
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public async Task DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        _api.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
