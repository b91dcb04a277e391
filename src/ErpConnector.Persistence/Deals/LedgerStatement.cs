using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;

namespace ErpConnector.Persistence.Deals;

/// <summary>One parameter of a <see cref="LedgerStatement{TArgs}"/>: its name as the SQL writes it, its type (what
/// Dapper would have set, so PostgreSQL gets a typed NULL) and where its value comes from.</summary>
internal sealed record LedgerParameter<TArgs>(string Name, DbType Type, Func<TArgs, object?> Value);

/// <summary>
/// A write the ledger runs for every deal, several times over (insert, save, history line, event id), with its
/// parameters declared once. Unlike a Dapper call, it can be kept prepared: SQLite's single writer keeps each
/// statement prepared on its connection and binds the values by position (<see cref="SqliteLedgerWriter"/>), so the
/// statement is parsed once per connection instead of once per write. Parsing the deal's 49-column UPDATE and
/// INSERT anew, Dapper building their parameters and Microsoft.Data.Sqlite binding each by name were most of the
/// writer thread's CPU in the pipeline benchmark's profile. PostgreSQL runs it as a new command per write (its
/// connections are per write; Npgsql's auto-prepare keeps the statement on the physical connection).
/// </summary>
internal sealed partial class LedgerStatement<TArgs>
{
    /// <param name="sql">The statement.</param>
    /// <param name="parameters">Its parameters; those the SQL does not mention are left out (as Dapper does), so one
    /// list can serve several statements over the same row.</param>
    public LedgerStatement(string sql, IEnumerable<LedgerParameter<TArgs>> parameters)
    {
        Sql = sql;
        var used = ParameterName().Matches(sql).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        Parameters = parameters.Where(p => used.Contains(p.Name)).ToArray();
        var missing = used.Except(Parameters.Select(p => p.Name)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"The statement uses {string.Join(", ", missing)}, which it was given no value for.", nameof(parameters));
    }

    public string Sql { get; }

    /// <summary>The parameters the SQL uses, in a fixed order.</summary>
    public IReadOnlyList<LedgerParameter<TArgs>> Parameters { get; }

    /// <summary>Runs the statement in <paramref name="tx"/> with <paramref name="args"/>' values, the way
    /// <paramref name="writer"/> runs statements; returns the rows it changed.</summary>
    public Task<int> ExecuteAsync(LedgerWriter writer, DbConnection db, DbTransaction? tx, TArgs args, CancellationToken ct) =>
        writer.ExecuteAsync(this, db, tx, args, ct);

    /// <summary>The statement as an ADO.NET command with this call's values.</summary>
    public DbCommand CreateCommand(DbConnection db, DbTransaction? tx, TArgs args)
    {
        var command = db.CreateCommand();
        command.CommandText = Sql;
        command.Transaction = tx;
        foreach (var declared in Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = declared.Name;
            parameter.DbType = declared.Type;
            parameter.Value = declared.Value(args) ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    [GeneratedRegex(@"@[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex ParameterName();
}
