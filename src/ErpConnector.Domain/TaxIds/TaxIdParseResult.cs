namespace ErpConnector.Domain.TaxIds;

/// <summary>Either a valid <see cref="TaxId"/> or a stable code (<see cref="TaxIdErrorCodes"/>) with a message that names the fix.</summary>
public sealed record TaxIdParseResult(TaxId? Value, string? ErrorCode, string? ErrorMessage)
{
    /// <summary>True when <see cref="Value"/> holds a valid id; otherwise the error fields say why.</summary>
    public bool IsValid => Value is not null;

    internal static TaxIdParseResult Success(TaxId id) => new(id, null, null);

    internal static TaxIdParseResult Failure(string code, string message) => new(null, code, message);
}
