using System.ComponentModel.DataAnnotations;

namespace ErpConnector.Persistence;

public sealed class PersistenceOptions
{
    public const string SectionName = "Persistence";

    /// <summary>Only "sqlite" today; PostgreSQL is the scale-out provider (see README).</summary>
    [Required, RegularExpression("^(sqlite)$", ErrorMessage = "Persistence:Provider must be 'sqlite'.")]
    public string Provider { get; set; } = "sqlite";

    [Required(ErrorMessage = "Persistence:ConnectionString is required, e.g. 'Data Source=erpconnector.db'.")]
    public string ConnectionString { get; set; } = "Data Source=erpconnector.db";
}
