using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;

namespace ErpConnector.Persistence.Deals;

/// <summary>One of the ledger's statements on the per-deal path, known to its <see cref="LedgerWriter"/> by reference.</summary>
internal interface ILedgerStatement
{
    /// <summary>A new command for the statement on <paramref name="db"/>, its parameters created (in order, no values).</summary>
    DbCommand CreateCommand(DbConnection db);
}

/// <summary>One parameter of a <see cref="LedgerStatement{TArgs}"/>: its name as the SQL writes it, its type (what
/// Dapper would have set, so PostgreSQL gets a typed NULL) and where its value comes from.</summary>
internal sealed record LedgerParameter<TArgs>(string Name, DbType Type, Func<TArgs, object?> Value);

/// <summary>
/// A write the ledger runs for every deal, several times over (insert, save, history line, event id), with its
/// parameters declared once. Unlike a Dapper call, the command it runs can be kept: SQLite's single writer keeps one
/// prepared per statement on its connection (<see cref="SqliteLedgerWriter"/>), so the statement is parsed once per
/// connection instead of once per write, and each write only sets the values. Parsing the deal's 49-column UPDATE
/// and INSERT anew, and Dapper building their parameters, were most of the writer thread's CPU in the pipeline
/// benchmark's profile. PostgreSQL gets a new command per write (its connections are per write; Npgsql's auto-prepare
/// keeps the statement on the physical connection).
/// </summary>
internal sealed partial class LedgerStatement<TArgs> : ILedgerStatement
{
    private readonly string _sql;
    private readonly LedgerParameter<TArgs>[] _parameters;

    /// <param name="sql">The statement.</param>
    /// <param name="parameters">Its parameters; those the SQL does not mention are left out (as Dapper does), so one
    /// list can serve several statements over the same row.</param>
    public LedgerStatement(string sql, IEnumerable<LedgerParameter<TArgs>> parameters)
    {
        _sql = sql;
        var used = ParameterName().Matches(sql).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        _parameters = parameters.Where(p => used.Contains(p.Name)).ToArray();
        var missing = used.Except(_parameters.Select(p => p.Name)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"The statement uses {string.Join(", ", missing)}, which it was given no value for.", nameof(parameters));
    }

    public DbCommand CreateCommand(DbConnection db)
    {
        var command = db.CreateCommand();
        command.CommandText = _sql;
        foreach (var declared in _parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = declared.Name;
            parameter.DbType = declared.Type;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Runs the statement in <paramref name="tx"/> with <paramref name="args"/>' values; returns the rows it changed.</summary>
    public async Task<int> ExecuteAsync(LedgerWriter writer, DbConnection db, DbTransaction? tx, TArgs args, CancellationToken ct)
    {
        var command = writer.CommandFor(db, this, out var owned);
        try
        {
            command.Transaction = tx;
            for (var i = 0; i < _parameters.Length; i++)
                command.Parameters[i].Value = _parameters[i].Value(args) ?? DBNull.Value;
            return await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            if (owned) await command.DisposeAsync();
        }
    }

    [GeneratedRegex(@"@[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex ParameterName();
}
