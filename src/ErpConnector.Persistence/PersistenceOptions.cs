using System.ComponentModel.DataAnnotations;

namespace ErpConnector.Persistence;

public sealed class PersistenceOptions
{
    public const string SectionName = "Persistence";

    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>"sqlite" (embedded default, one instance) or "postgres" (scale-out: several instances share
    /// the ledger and a clustered Quartz store; ConnectionString is then an Npgsql one, e.g.
    /// "Host=db;Username=erp;Password=...;Database=erpconnector").</summary>
    [Required, RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Persistence:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = Sqlite;

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.Ordinal);

    [Required(ErrorMessage = "Persistence:ConnectionString is required, e.g. 'Data Source=erpconnector.db'.")]
    public string ConnectionString { get; set; } = "Data Source=erpconnector.db";
}
