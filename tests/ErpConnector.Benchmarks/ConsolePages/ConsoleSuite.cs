using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ErpConnector.Benchmarks.Feeds;
using ErpConnector.Service;
using ErpConnector.TestSupport.Deals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ErpConnector.Benchmarks.ConsolePages;

/// <summary>
/// `console`: server-side render time of the console's pages with 100,000 deals in the ledger (SQLite), through the
/// whole pipeline in-process (authentication, antiforgery, Razor rendering): the attention list (first page, a
/// search by customer name, a later page), a deal page and the overview. Target: median ≤ 100 ms.
/// </summary>
public static partial class ConsoleSuite
{
    private const string Key = "console-bench-key-0a1b2c3d4e5f6a7b";

    public static async Task<int> RunAsync(string[] args)
    {
        var deals = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 100_000;
        var rounds = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 200;
        var directory = Path.Combine(Path.GetTempPath(), $"console-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var ledger = Path.Combine(directory, "ledger.db");

        var app = ServiceApp.Build([], b =>
        {
            b.WebHost.UseTestServer();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Messaging:RabbitMqUri"] = "",
                ["Persistence:Provider"] = "sqlite",
                ["Persistence:ConnectionString"] = $"Data Source={ledger}",
                ["Omie:BaseUrl"] = "http://127.0.0.1:9/api/v1/",
                ["Omie:AppKey"] = "k",
                ["Omie:AppSecret"] = "s",
                // The sweeper has nothing to do with seeded deals: keep it from competing for the 2 cores.
                ["DealProcessing:SweepInterval"] = "01:00:00",
                ["Security:ApiKeys:0:Name"] = "bench",
                ["Security:ApiKeys:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
                ["Security:ApiKeys:0:Scopes:0"] = "deals:read",
                ["Security:ApiKeys:0:Scopes:1"] = "deals:write",
            });
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        var seeded = Stopwatch.StartNew();
        var (failedId, customer) = await SeedAsync(ledger, deals);
        Console.WriteLine($"Seeded {deals:N0} deals in {seeded.Elapsed.TotalSeconds:F1} s");

        var client = app.GetTestClient();
        await SignInAsync(client);

        var pages = new (string Name, string Url)[]
        {
            ("attention list, first page (50 rows)", "/console/deals"),
            ("attention list, failed only", "/console/deals?state=failed"),
            ("attention list, search by customer name", "/console/deals?q=" + Uri.EscapeDataString(customer)),
            ("attention list, deal id search", "/console/deals?q=" + Uri.EscapeDataString(failedId)),
            ("deal page (failed, with history)", "/console/deals/" + Uri.EscapeDataString(failedId)),
            ("overview (grouped counts)", "/console"),
        };
        var rows = new List<string>();
        var pass = true;
        foreach (var (name, url) in pages)
        {
            for (var i = 0; i < 10; i++) await GetAsync(client, url); // warm-up: JIT, caches, first-query plans
            var times = new List<double>(rounds);
            for (var i = 0; i < rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                await GetAsync(client, url);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            var median = times[times.Count / 2];
            var p95 = times[(int)(times.Count * 0.95)];
            if (median > 100) pass = false;
            rows.Add($"| {name} | {median.ToString("F1", CultureInfo.InvariantCulture)} | {p95.ToString("F1", CultureInfo.InvariantCulture)} |");
            Console.WriteLine($"{name}: median {median:F1} ms, p95 {p95:F1} ms");
        }

        await app.StopAsync();
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);

        BenchmarksFile.Update("console",
            $"Command: `make bench` (or `dotnet run -c Release --project tests/ErpConnector.Benchmarks -- console {deals} {rounds}`). "
            + $"{deals:N0} deals in a SQLite ledger (95 % issued, 5 % failed/rejected/stuck/uncertain), {rounds} requests per page after 10 warm-ups, "
            + "each a full in-process request through authentication and Razor static rendering. Target: median ≤ 100 ms.\n\n"
            + "| page | median ms | p95 ms |\n|---|---|---|\n" + string.Join("\n", rows));
        return pass ? 0 : 1;
    }

    private static async Task GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>One transaction of prepared inserts: the rows a connector that has run for years would hold.</summary>
    private static async Task<(string FailedId, string Customer)> SeedAsync(string path, int count)
    {
        await using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        await db.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        await using var insert = db.CreateCommand();
        insert.Transaction = (SqliteTransaction)tx;
        insert.CommandText = """
            INSERT INTO deals (deal_id, event_id, state, uncertain, stuck, payload, customer_document, total, attempts,
                               error_category, error_code, error_message, corrective_action, nfse_number, state_since, created_at, updated_at, version)
            VALUES ($id, $event, $state, $uncertain, $stuck, $payload, $document, 1500, 1, $category, $code, $message, $action, $nfse, $at, $at, $at, 1)
            """;
        string[] names = ["id", "event", "state", "uncertain", "stuck", "payload", "document", "category", "code", "message", "action", "nfse", "at"];
        foreach (var name in names) insert.Parameters.Add(new SqliteParameter("$" + name, null));
        await using var history = db.CreateCommand();
        history.Transaction = (SqliteTransaction)tx;
        history.CommandText = "INSERT INTO deal_history (deal_id, at, state, note) VALUES ($id, $at, $state, $note)";
        foreach (var name in new[] { "id", "at", "state", "note" }) history.Parameters.Add(new SqliteParameter("$" + name, null));

        var start = DateTimeOffset.UtcNow.AddDays(-400).ToUnixTimeMilliseconds();
        var step = 400L * 24 * 3600 * 1000 / count;
        string failedId = "", customer = "";
        for (var i = 0; i < count; i++)
        {
            var won = DealWonBuilder.AWonDeal().WithDealId($"DEAL-{i:D7}")
                .WithCustomer(c => c with { LegalName = $"Cliente {i % 5000:D4} Serviços Ltda" }).Build();
            var kind = i % 100;
            var state = kind switch { 0 or 1 => "failed", 2 => "rejected", 3 or 4 => "invoiced", _ => "issued" };
            var at = start + i * step;
            Set(insert, "id", won.DealId); Set(insert, "event", won.EventId); Set(insert, "state", state);
            Set(insert, "uncertain", kind == 4); Set(insert, "stuck", kind == 3);
            Set(insert, "payload", JsonSerializer.Serialize(won, JsonSerializerOptions.Web));
            Set(insert, "document", new string(won.Customer!.Document.Where(char.IsAsciiLetterOrDigit).ToArray()));
            var failed = state is "failed" or "rejected";
            Set(insert, "category", failed ? "invalid-service-code" : null); Set(insert, "code", failed ? "E0310" : null);
            Set(insert, "message", failed ? "Código de tributação nacional inexistente" : null);
            Set(insert, "action", failed ? "Corrija o código de serviço conforme a lista da prefeitura e reprocesse." : null);
            Set(insert, "nfse", state == "issued" ? $"2026{i:D6}" : null); Set(insert, "at", at);
            await insert.ExecuteNonQueryAsync();
            foreach (var note in new[] { "received", "customer-registered", "order-created", "invoiced", state })
            {
                Set(history, "id", won.DealId); Set(history, "at", at); Set(history, "state", note); Set(history, "note", $"Moved to {note}.");
                await history.ExecuteNonQueryAsync();
            }
            if (state == "failed") { failedId = won.DealId; customer = won.Customer.LegalName; }
        }
        await tx.CommitAsync();
        await using var analyze = db.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
        return (failedId, customer);
    }

    private static void Set(SqliteCommand command, string name, object? value) => command.Parameters["$" + name].Value = value ?? DBNull.Value;

    private static async Task SignInAsync(HttpClient client)
    {
        using var page = await client.GetAsync("/console/sign-in");
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html).Groups[1].Value;
        var cookies = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/console/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["key"] = Key, ["returnUrl"] = "/console" }),
        };
        post.Headers.Add("Cookie", string.Join("; ", cookies));
        using var response = await client.SendAsync(post);
        cookies.AddRange(response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
