using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ErpConnector.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ErpConnector.Chaos;

/// <summary>One scenario's line of the chaos report.</summary>
/// <param name="Name">The scenario, as the report names it.</param>
/// <param name="Deals">Deals the scenario published.</param>
/// <param name="Issued">Of those, deals with an NFS-e in the simulator that the ledger also records as issued.</param>
/// <param name="Duplicates">Customers, orders and NFS-e created more than once; must be 0.</param>
/// <param name="Lost">Deals not issued at the end (<paramref name="Deals"/> − <paramref name="Issued"/>); must be 0.</param>
/// <param name="Time">How long the scenario took.</param>
/// <param name="Notes">What the scenario did and saw, for the report.</param>
/// <param name="Passed">No loss, no duplicate, and the scenario's own checks held.</param>
/// <param name="Skipped">The scenario could not run here (e.g. the broker is not local); counts as neither pass nor fail.</param>
/// <param name="ResentAfterSuccess">Orders of the scenario sent IncluirOS or FaturarOS again after that write had succeeded; null where not counted.</param>
public sealed record ScenarioResult(string Name, int Deals, int Issued, int Duplicates, int Lost, TimeSpan Time, string Notes, bool Passed, bool Skipped = false, int? ResentAfterSuccess = null);

/// <summary>The environment every scenario shares: one PostgreSQL database, one broker vhost, the simulator, two instances.</summary>
public sealed partial class ChaosRun : IAsyncDisposable
{
    public const string Queue = "erp-connector.deal-won.chaos";
    private readonly ChaosOptions _options;
    private WebApplication? _sandbox;
    private string _adminConnectionString = "";

    public ChaosRun(ChaosOptions options) => _options = options;

    public Broker Broker { get; private set; } = null!;
    public HttpClient Sandbox { get; private set; } = null!;
    public string SandboxUrl { get; private set; } = "";
    public string Database { get; private set; } = "";
    public string LedgerConnectionString { get; private set; } = "";
    public List<ServiceInstance> Instances { get; } = [];
    public string ApiKey { get; } = "chaos-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>An HTTP client for an instance's API, with the operator key.</summary>
    public HttpClient Api(ServiceInstance instance) => new()
    {
        BaseAddress = new Uri(instance.Url),
        Timeout = TimeSpan.FromSeconds(20),
        DefaultRequestHeaders = { { "X-Api-Key", ApiKey } },
    };
    public List<ScenarioResult> Results { get; } = [];

    public async Task SetUpAsync()
    {
        _adminConnectionString = _options.PostgresConnectionString;
        Database = $"erp_chaos_{DateTime.UtcNow:yyyyMMddHHmmss}_{Random.Shared.Next(1000):D3}";
        await AdminAsync($"CREATE DATABASE {Database}");
        LedgerConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = Database, MaxPoolSize = 20 }.ToString();
        Log($"PostgreSQL database {Database}");

        Broker = await Broker.PrepareAsync(_options.RabbitMqUri);
        await Broker.DeleteQueueAsync(Queue);
        Log($"RabbitMQ: {Broker.Note}");

        _sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sandbox:NfseIssueDelay"] = "00:00:00.200",
                ["Sandbox:EnforceRateLimits"] = "false",
                ["Sandbox:EnforceSixtySecondRule"] = "false",
            });
            b.Logging.ClearProviders();
        });
        await _sandbox.StartAsync();
        SandboxUrl = _sandbox.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        Sandbox = new HttpClient { BaseAddress = new Uri(SandboxUrl), Timeout = TimeSpan.FromSeconds(30) };
        Log($"Omie simulator at {SandboxUrl}");

        Directory.CreateDirectory(_options.LogDirectory);
        foreach (var name in new[] { "instance-a", "instance-b" })
        {
            var instance = new ServiceInstance(name, _options.ServiceDll, ServiceArguments(),
                new Dictionary<string, string> { ["RABBITMQ_URI"] = Broker.Uri, ["DOTNET_ENVIRONMENT"] = "Production", ["ASPNETCORE_ENVIRONMENT"] = "Production" },
                _options.LogDirectory);
            Instances.Add(instance);
            // One after the other: the first creates the schema (DbUp + Quartz), the second finds it.
            var sw = Stopwatch.StartNew();
            await instance.StartAsync();
            Log($"{name} up at {instance.Url} in {sw.Elapsed.TotalSeconds:F1} s (log {instance.LogPath})");
        }
    }

    private List<string> ServiceArguments() =>
    [
        "--Persistence:Provider=postgres",
        $"--Persistence:ConnectionString={LedgerConnectionString}",
        $"--Messaging:RabbitMqUri={Broker.Uri}",
        $"--Messaging:DealWonQueue={Queue}",
        "--Messaging:ConcurrentMessageLimit=16",
        "--Messaging:PrefetchCount=32",
        $"--Omie:BaseUrl={SandboxUrl}/api/v1/",
        "--Omie:AppKey=sandbox-app-key",
        "--Omie:AppSecret=sandbox-app-secret",
        "--Omie:Timeout=00:00:05",
        // The simulator is not Omie: lift the client's own quotas so 500 deals take seconds, not minutes.
        "--Omie:RequestsPerMinutePerIp=6000000", "--Omie:BurstPerIp=5000",
        "--Omie:RequestsPerMinutePerMethod=6000000", "--Omie:BurstPerMethod=5000",
        "--Omie:MaxConcurrentPerMethod=16",
        "--DealProcessing:FirstPollDelay=00:00:00.300",
        "--DealProcessing:PollInterval=00:00:00.500",
        "--DealProcessing:SweepInterval=00:00:00.300",
        "--DealProcessing:Lease=00:00:05",
        // A limiter wait must give up before the lease runs out (validated at start-up).
        "--Omie:MaxQueueWait=00:00:02",
        // Every index is set: appsettings.json has 5 entries and configuration merges arrays by index (a 4-entry
        // override kept the 12 h fifth one). 8 retries: DealRecord.Attempts counts across steps, and at 10% lost
        // responses a deal can meet 5 ambiguous answers over its ~9 calls.
        "--DealProcessing:RetrySchedule:0=00:00:01",
        "--DealProcessing:RetrySchedule:1=00:00:01",
        "--DealProcessing:RetrySchedule:2=00:00:02",
        "--DealProcessing:RetrySchedule:3=00:00:02",
        "--DealProcessing:RetrySchedule:4=00:00:02",
        "--DealProcessing:RetrySchedule:5=00:00:03",
        "--DealProcessing:RetrySchedule:6=00:00:03",
        "--DealProcessing:RetrySchedule:7=00:00:03",
        "--DealProcessing:ThrottleDefaultWait=00:00:01",
        "--Scheduling:ClusterCheckinInterval=00:00:02",
        "--Scheduling:ClusterCheckinMisfireThreshold=00:00:04",
        // An operator key for the replay API (deals:read + deals:write), fresh per run.
        "--Security:ApiKeys:0:Name=chaos-operator",
        $"--Security:ApiKeys:0:Sha256={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey)))}",
        "--Security:ApiKeys:0:Scopes:0=deals:read",
        "--Security:ApiKeys:0:Scopes:1=deals:write",
        "--Logging:LogLevel:Default=Warning",
        $"--Logging:LogLevel:ErpConnector={_options.ServiceLogLevel}",
    ];

    /// <summary>
    /// A connector on the embedded default (SQLite ledger in <paramref name="databasePath"/>, in-memory bus, no broker)
    /// with the shared Omie and timing settings. Not one of <see cref="Instances"/>: a scenario starts and stops it.
    /// Given a broker URI (a vhost of the scenario's own), it consumes deal.won from RabbitMQ instead of the in-memory bus.
    /// </summary>
    public ServiceInstance EmbeddedInstance(string name, string databasePath, string? brokerUri = null)
    {
        var instance = new ServiceInstance(name, _options.ServiceDll, ServiceArguments(),
            // RABBITMQ_URI empty (the suite's own environment has it): the in-memory bus, as a first install runs.
            new Dictionary<string, string> { ["RABBITMQ_URI"] = brokerUri ?? "", ["DOTNET_ENVIRONMENT"] = "Production", ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            _options.LogDirectory);
        // Passed after the shared settings, so they win over the PostgreSQL and RabbitMQ ones.
        instance.Overrides.AddRange(["--Persistence:Provider=sqlite", $"--Persistence:ConnectionString=Data Source={databasePath}", $"--Messaging:RabbitMqUri={brokerUri}"]);
        return instance;
    }

    /// <summary>Polls the ledger until every deal of the scenario is issued (or the timeout passes).</summary>
    public async Task<bool> WaitForIssuedAsync(string prefix, int expected, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
        {
            // Done when every deal reached an end: issued, or failed/rejected (counted as lost by the tally).
            if (await CountAsync(prefix, "state IN ('issued', 'failed', 'rejected')") >= expected) return true;
            await Task.Delay(300, CancellationToken.None);
        }
        return false;
    }

    public Task<int> CountIssuedAsync(string prefix) => CountAsync(prefix, "state = 'issued'");

    private async Task<int> CountAsync(string prefix, string condition)
    {
        try
        {
            await using var db = new NpgsqlConnection(LedgerConnectionString);
            await db.OpenAsync();
            await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM deals WHERE deal_id LIKE @p AND {condition}", db);
            cmd.Parameters.AddWithValue("p", prefix + "-%");
            return Convert.ToInt32(await cmd.ExecuteScalarAsync());
        }
        catch (NpgsqlException)
        {
            return -1; // the database is being cut off by the scenario
        }
    }

    /// <summary>The Quartz nodes checked in under the shared scheduler name (clustered store).</summary>
    public async Task<IReadOnlyList<string>> QuartzNodesAsync()
    {
        await using var db = new NpgsqlConnection(LedgerConnectionString);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT sched_name || '/' || instance_name FROM qrtz_scheduler_state ORDER BY instance_name", db);
        var nodes = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) nodes.Add(reader.GetString(0));
        return nodes;
    }

    public async Task<string?> LedgerStateAsync(string dealId)
    {
        // A fuzzed id PostgreSQL cannot even compare (a NUL) names no row.
        if (dealId.Contains('\0')) return null;
        await using var db = new NpgsqlConnection(LedgerConnectionString);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT state FROM deals WHERE deal_id = @d", db);
        cmd.Parameters.AddWithValue("d", dealId);
        return await cmd.ExecuteScalarAsync() as string;
    }

    /// <summary>
    /// Restarts both instances with a scenario's own settings on top of the shared ones (empty: back to the shared
    /// ones). One after the other, so the queue always has a consumer.
    /// </summary>
    public async Task ConfigureInstancesAsync(IReadOnlyList<string> overrides)
    {
        foreach (var instance in Instances)
        {
            instance.Stop();
            instance.Overrides.Clear();
            instance.Overrides.AddRange(overrides);
            await instance.StartAsync();
        }
    }

    /// <summary>Waits until every event id is recorded in the ledger's processed_events: each delivery was consumed and decided on.</summary>
    public async Task<bool> WaitForProcessedEventsAsync(IReadOnlyCollection<string> eventIds, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var db = new NpgsqlConnection(LedgerConnectionString);
            await db.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM processed_events WHERE event_id = ANY(@ids)", db);
            cmd.Parameters.AddWithValue("ids", eventIds.ToArray());
            if (Convert.ToInt32(await cmd.ExecuteScalarAsync()) >= eventIds.Count) return true;
            await Task.Delay(200);
        }
        return false;
    }

    /// <summary>Waits until the simulator serves no IncluirOS/FaturarOS/ReenviarOS any more, so the call log is final.</summary>
    public async Task<bool> WaitForOrderWritesSettledAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var summary = (await Sandbox.GetFromJsonAsync<JsonObject>("/_sandbox/state"))?["orderCalls"]?.AsObject();
            if (summary is not null && summary.All(m => (m.Value?["pending"]?.GetValue<int>() ?? 0) == 0)) return true;
            await Task.Delay(300);
        }
        return false;
    }

    public Task<Tally> TallyAsync(string prefix, IReadOnlyList<ChaosDeals.Deal> deals) => Tally.CountAsync(Sandbox, LedgerConnectionString, prefix, deals);

    public async Task AdminAsync(string sql)
    {
        await using var db = new NpgsqlConnection(_adminConnectionString);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, db);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task InjectAsync(object fault)
    {
        using var response = await Sandbox.PostAsJsonAsync("/_sandbox/faults", fault);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await Sandbox.DeleteAsync("/_sandbox/faults");
        response.EnsureSuccessStatusCode();
    }

    public async Task<long> TotalCallsAsync()
    {
        var calls = (await Sandbox.GetFromJsonAsync<JsonObject>("/_sandbox/calls"))?["calls"]?.AsObject();
        return calls?.Sum(kv => kv.Value?.GetValue<long>() ?? 0) ?? 0;
    }

    public async Task EnsureAllRunningAsync()
    {
        foreach (var instance in Instances.Where(i => !i.Running))
            await instance.StartAsync();
    }

    public static void Log(string message) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff}] {message}");

    public string Table()
    {
        var sb = new StringBuilder();
        // "resent after success": orders sent IncluirOS or FaturarOS again after that write had succeeded (simulator's call log).
        sb.AppendLine("| scenario | deals | issued | duplicates | lost | resent after success | time | result | notes |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in Results)
            sb.AppendLine($"| {r.Name} | {r.Deals} | {r.Issued} | {r.Duplicates} | {r.Lost} | {(r.ResentAfterSuccess is { } resent ? resent.ToString() : "–")} | {r.Time.TotalSeconds:F1} s | {(r.Skipped ? "SKIPPED" : r.Passed ? "pass" : "FAIL")} | {r.Notes} |");
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Instances) instance.Stop();
        try { await Broker.DeleteQueueAsync(Queue); } catch { }
        if (Broker is not null) await Broker.DisposeAsync();
        if (_sandbox is not null) { await _sandbox.StopAsync(); await _sandbox.DisposeAsync(); }
        NpgsqlConnection.ClearAllPools();
        if (!_options.KeepDatabase && Database.Length > 0)
        {
            try { await AdminAsync($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)"); } catch (Exception ex) { Log($"Could not drop {Database}: {ex.Message}"); }
        }
    }
}
