using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace ErpConnector.Chaos;

/// <summary>
/// What a scenario ends with: customers, orders and NFS-e in the simulator, deals in the ledger, and the
/// scenario's orders sent IncluirOS / FaturarOS again after that write had succeeded (the simulator's call log).
/// </summary>
public sealed record Tally(int Deals, int Issued, int DuplicateCustomers, int DuplicateOrders, int DuplicateNfse, int LedgerIssued, int LedgerOther, string LedgerStates,
    int IncluirResentAfterSuccess, int FaturarResentAfterSuccess)
{
    public int Duplicates => DuplicateCustomers + DuplicateOrders + DuplicateNfse;
    public int Lost => Deals - Issued;
    public int ResentAfterSuccess => IncluirResentAfterSuccess + FaturarResentAfterSuccess;

    public static async Task<Tally> CountAsync(HttpClient sandbox, string ledgerConnectionString, string prefix, IReadOnlyList<ChaosDeals.Deal> deals)
    {
        var ledgerStates = new Dictionary<string, string>();
        await using (var db = new NpgsqlConnection(ledgerConnectionString))
        {
            await db.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT deal_id, state FROM deals WHERE deal_id LIKE @p", db);
            cmd.Parameters.AddWithValue("p", prefix + "-%");
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ledgerStates[reader.GetString(0)] = reader.GetString(1);
        }
        return await CountAsync(sandbox, ledgerStates, deals);
    }

    /// <summary>The same count with the ledger's states read by the caller (an embedded instance's SQLite ledger, through its API).</summary>
    public static async Task<Tally> CountAsync(HttpClient sandbox, IReadOnlyDictionary<string, string> ledgerStates, IReadOnlyList<ChaosDeals.Deal> deals)
    {
        var state = (await sandbox.GetFromJsonAsync<JsonObject>("/_sandbox/state"))!;
        var documents = deals.Select(d => d.Document).ToHashSet();
        var codes = deals.Select(d => d.OrderCode).ToHashSet();

        var customers = state["customers"]!.AsArray().Select(c => Digits(c!["cnpj_cpf"]?.GetValue<string>()))
            .Where(documents.Contains).GroupBy(d => d).ToList();
        var orders = state["orders"]!.AsArray().Select(o => o!.AsObject())
            .Where(o => codes.Contains(o["cCodIntOS"]?.GetValue<string>() ?? "")).ToList();
        var ordersByCode = orders.GroupBy(o => o["cCodIntOS"]!.GetValue<string>()).ToList();
        var nfsePerCode = ordersByCode.ToDictionary(g => g.Key,
            g => g.Sum(o => o["rps"]?.AsArray().Count(r => r?["status"]?.GetValue<string>() == "004") ?? 0));

        var ledger = new Dictionary<string, int>();
        var issuedInLedger = new HashSet<string>();
        foreach (var (dealId, s) in ledgerStates)
        {
            ledger[s] = ledger.GetValueOrDefault(s) + 1;
            if (s == "issued") issuedInLedger.Add(dealId);
        }

        // Issued = exactly the finance view: the simulator holds an NFS-e for the deal's order AND the ledger says issued.
        var issued = deals.Count(d => nfsePerCode.GetValueOrDefault(d.OrderCode) >= 1 && issuedInLedger.Contains(d.DealId));
        int ResentAfterSuccess(string method) =>
            state["orderCalls"]?[method]?["resentOrders"]?.AsArray().Count(o => codes.Contains(o?.GetValue<string>() ?? "")) ?? 0;
        return new Tally(
            deals.Count,
            issued,
            customers.Sum(g => g.Count() - 1),
            ordersByCode.Sum(g => g.Count() - 1),
            nfsePerCode.Values.Sum(n => Math.Max(0, n - 1)),
            ledger.GetValueOrDefault("issued"),
            ledger.Where(kv => kv.Key != "issued").Sum(kv => kv.Value),
            string.Join(" ", ledger.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")),
            ResentAfterSuccess("IncluirOS"),
            ResentAfterSuccess("FaturarOS"));
    }

    private static string Digits(string? value) => new string((value ?? "").Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
}
