namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>
/// How an <see cref="OrderTaxCheck"/> warning is kept: as a line of the deal's history, which the deal API reads back
/// as a warning. The history is already stored and shown, so the comparison needs no column of its own.
/// </summary>
public static class TaxCheckNote
{
    /// <summary>What every such note starts with.</summary>
    public const string Prefix = "Tax check ";

    /// <summary>The history note for <paramref name="warning"/>: "Tax check {field}: {message}".</summary>
    public static string Format(DealWarning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        return $"{Prefix}{warning.Field}: {warning.Message}";
    }

    /// <summary>The warning a history note holds, or null when the note is not a tax check's.</summary>
    public static DealWarning? TryParse(string? note)
    {
        if (note is null || !note.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var colon = note.IndexOf(": ", Prefix.Length, StringComparison.Ordinal);
        return colon <= Prefix.Length ? null : new DealWarning(note[Prefix.Length..colon], note[(colon + 2)..]);
    }
}
