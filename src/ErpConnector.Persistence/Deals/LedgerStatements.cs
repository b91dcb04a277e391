using System.Data;
using System.Reflection;

namespace ErpConnector.Persistence.Deals;

/// <summary>
/// The ledger's per-deal writes as <see cref="LedgerStatement{TArgs}"/>s (their SQL is in <see cref="LedgerSql"/>):
/// the deal's insert and save, its history line and note, the event id, the lease renewal.
/// </summary>
internal static class LedgerStatements
{
    /// <summary>Every column of the deal row as a parameter named as the SQL writes it (<c>@DealId</c> …), typed from
    /// the property as Dapper types it. Built once from <see cref="LedgerRow"/>'s properties, so a new column needs
    /// only its property and its SQL.</summary>
    private static readonly LedgerParameter<LedgerRow>[] Row = typeof(LedgerRow)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetMethod is not null)
        .Select(p => (LedgerParameter<LedgerRow>)typeof(LedgerStatements)
            .GetMethod(nameof(RowParameter), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(p.PropertyType)
            .Invoke(null, [p])!)
        .ToArray();

    public static readonly LedgerStatement<LedgerRow> Create = new(LedgerSql.Create, Row);

    // The payload is bound only when it changed: the statement keeps the stored one otherwise, and binding a few KB
    // (UTF-16 to UTF-8, copied into SQLite) on every save of every deal is work for nothing.
    public static readonly LedgerStatement<(LedgerRow Row, bool ReleaseLease)> Save = new(LedgerSql.Save,
        Row.Select(p => p.Name == "@Payload"
                ? new LedgerParameter<(LedgerRow Row, bool ReleaseLease)>(p.Name, p.Type, a => a.Row.PayloadChanged ? a.Row.Payload : null)
                : new LedgerParameter<(LedgerRow Row, bool ReleaseLease)>(p.Name, p.Type, a => p.Value(a.Row)))
            .Append(new("@ReleaseLease", DbType.Boolean, a => a.ReleaseLease)));

    public static readonly LedgerStatement<(string EventId, string DealId, long At)> RecordEvent = new(LedgerSql.RecordEvent,
    [
        new("@eventId", DbType.String, a => a.EventId),
        new("@dealId", DbType.String, a => a.DealId),
        new("@at", DbType.Int64, a => a.At),
    ]);

    public static readonly LedgerStatement<(string DealId, long At, string State, string Note)> AppendHistory = new(LedgerSql.AppendHistory,
    [
        new("@dealId", DbType.String, a => a.DealId),
        new("@at", DbType.Int64, a => a.At),
        new("@state", DbType.String, a => a.State),
        new("@note", DbType.String, a => a.Note),
    ]);

    public static readonly LedgerStatement<(string DealId, long At, string Note)> AppendNote = new(LedgerSql.AppendNote,
    [
        new("@dealId", DbType.String, a => a.DealId),
        new("@at", DbType.Int64, a => a.At),
        new("@note", DbType.String, a => a.Note),
    ]);

    public static readonly LedgerStatement<(string DealId, string Owner, long Token, long Until)> Renew = new(LedgerSql.Renew,
    [
        new("@dealId", DbType.String, a => a.DealId),
        new("@owner", DbType.String, a => a.Owner),
        new("@token", DbType.Int64, a => a.Token),
        new("@until", DbType.Int64, a => a.Until),
    ]);

    private static LedgerParameter<LedgerRow> RowParameter<T>(PropertyInfo property)
    {
        var get = property.GetMethod!.CreateDelegate<Func<LedgerRow, T>>();
        return new("@" + property.Name, TypeOf(Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T)), row => get(row));
    }

    private static DbType TypeOf(Type type) =>
        type == typeof(string) ? DbType.String
        : type == typeof(bool) ? DbType.Boolean
        : type == typeof(long) ? DbType.Int64
        : type == typeof(int) ? DbType.Int32
        : type == typeof(decimal) ? DbType.Decimal
        : throw new NotSupportedException($"LedgerRow has a {type.Name} property; say here how it is typed as a parameter.");
}
