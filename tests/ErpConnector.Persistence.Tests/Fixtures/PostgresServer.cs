using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace ErpConnector.Persistence.Tests.Fixtures;

/// <summary>
/// A real PostgreSQL for the tests: the server named by POSTGRES_CONNECTION_STRING (which `make test` gets from
/// scripts/ensure-postgres.sh, installing Debian's postgresql when needed), otherwise a Testcontainers one when a
/// Docker engine answers. Each test class gets its own throw-away database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private PostgreSqlContainer? _container;
    private readonly List<string> _databases = [];

    public string AdminConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("POSTGRES_CONNECTION_STRING");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            AdminConnectionString = fromEnvironment;
            return;
        }
        try
        {
            _container = new PostgreSqlBuilder("postgres:16-alpine").Build();
            await _container.StartAsync();
            AdminConnectionString = _container.GetConnectionString();
        }
        catch (Exception ex) when (ex is DockerUnavailableException || ex.Message.Contains("Docker", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                "No PostgreSQL for the tests: POSTGRES_CONNECTION_STRING is not set and no Docker engine answers. " +
                "Run `make test` (it installs and starts postgresql when run as root) or " +
                "export POSTGRES_CONNECTION_STRING=\"$(bash scripts/ensure-postgres.sh)\".", ex);
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"erp_test_{Guid.NewGuid():N}"[..30];
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        lock (_databases) _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 40 }.ToString();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_container is not null)
        {
            await _container.DisposeAsync();
            return;
        }
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        foreach (var name in _databases)
        {
            // FORCE ends what is still connected; on a busy 2-core machine that can take longer than the default 30 s.
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin) { CommandTimeout = 300 };
            await drop.ExecuteNonQueryAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
