using System.Data;
using Dapper;

namespace ErpConnector.Persistence.Deals;

/// <summary>
/// Dapper's parameters for the deal row's wide statements (insert and save: ~45 parameters), each named with the
/// <c>@</c> its SQL uses. Dapper names them without it, and Microsoft.Data.Sqlite then looks each name up four
/// times (as written, then with <c>@</c>, <c>$</c> and <c>:</c>, to detect ambiguity), every lookup a linear
/// <c>strncmp</c> scan of the statement's parameters: on the writer thread that was 18% of its CPU in the pipeline
/// benchmark's profile. Named as in the SQL, each is found by the first lookup. Npgsql accepts the prefix too.
/// </summary>
internal sealed class PrefixedParameters(object template) : SqlMapper.IDynamicParameters
{
    private readonly DynamicParameters _inner = new(template);

    /// <summary>Adds a parameter beside the template's (e.g. a flag the statement needs).</summary>
    public PrefixedParameters With(string name, object? value)
    {
        _inner.Add(name, value);
        return this;
    }

    void SqlMapper.IDynamicParameters.AddParameters(IDbCommand command, SqlMapper.Identity identity)
    {
        ((SqlMapper.IDynamicParameters)_inner).AddParameters(command, identity);
        foreach (IDbDataParameter parameter in command.Parameters)
            if (parameter.ParameterName is { Length: > 0 } name && name[0] is not ('@' or '$' or ':'))
                parameter.ParameterName = "@" + name;
    }
}
