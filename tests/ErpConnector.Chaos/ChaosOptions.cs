namespace ErpConnector.Chaos;

/// <summary>Command line: --service-dll PATH [--deals 500] [--only 1,2 (scenarios by number, 1-11; 0, the Quartz check, always runs)] [--max-kills 3] [--sqlite-deals 300] [--sqlite-lock-seconds 3] [--keep-db] [--out FILE] [--logs DIR] [--service-log-level Information].
/// Environment: POSTGRES_CONNECTION_STRING (required: an admin connection; the suite creates its own database),
/// RABBITMQ_URI (default amqp://guest:guest@127.0.0.1:5672/).</summary>
public sealed class ChaosOptions
{
    public string ServiceDll { get; private set; } = "";
    public string PostgresConnectionString { get; private set; } = "";
    public string RabbitMqUri { get; private set; } = "amqp://guest:guest@127.0.0.1:5672/";
    public int Deals { get; private set; } = 500;
    public int MaxKills { get; private set; } = 4;
    /// <summary>Scenario 11: deals sent to the embedded (SQLite) instance.</summary>
    public int SqliteDeals { get; private set; } = 300;
    /// <summary>Scenario 11: how long a second connection holds the SQLite file's write lock (past busy_timeout, 30 s, to see the service give up and recover).</summary>
    public int SqliteLockSeconds { get; private set; } = 3;
    public HashSet<int> Only { get; } = [];
    public bool KeepDatabase { get; private set; }
    public string? Output { get; private set; }
    public string LogDirectory { get; private set; } = Path.Combine(Path.GetTempPath(), "erp-chaos-logs");
    public string? Error { get; private set; }
    public string ServiceLogLevel { get; private set; } = "Warning";

    public static ChaosOptions Parse(string[] args)
    {
        var o = new ChaosOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--service-dll": o.ServiceDll = Path.GetFullPath(Next()); break;
                case "--deals": o.Deals = int.Parse(Next()); break;
                case "--max-kills": o.MaxKills = int.Parse(Next()); break;
                case "--sqlite-deals": o.SqliteDeals = int.Parse(Next()); break;
                case "--sqlite-lock-seconds": o.SqliteLockSeconds = int.Parse(Next()); break;
                case "--only": foreach (var n in Next().Split(',', StringSplitOptions.RemoveEmptyEntries)) o.Only.Add(int.Parse(n)); break;
                case "--keep-db": o.KeepDatabase = true; break;
                case "--service-log-level": o.ServiceLogLevel = Next(); break;
                case "--out": o.Output = Next(); break;
                case "--logs": o.LogDirectory = Path.GetFullPath(Next()); break;
                default: o.Error = $"Unknown argument '{args[i]}'."; return o;
            }
        }
        o.PostgresConnectionString = Environment.GetEnvironmentVariable("POSTGRES_CONNECTION_STRING") ?? "";
        if (Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } uri) o.RabbitMqUri = uri;
        if (o.ServiceDll.Length == 0 || !File.Exists(o.ServiceDll))
            o.Error = $"--service-dll must name the built ErpConnector.Service.dll (got '{o.ServiceDll}'); scripts/chaos.sh builds it.";
        else if (o.SqliteDeals is < 20 or > 500)
            o.Error = "--sqlite-deals must be 20-500: scenario 11 reads its ledger back through one API page of 500.";
        else if (o.PostgresConnectionString.Length == 0)
            o.Error = "POSTGRES_CONNECTION_STRING is not set: run `make chaos` (scripts/ensure-postgres.sh provides one).";
        return o;
    }
}
