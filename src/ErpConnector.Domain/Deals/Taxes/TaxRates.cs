namespace ErpConnector.Domain.Deals.Taxes;

/// <summary>The legal ranges of the rates a deal may carry, all percentages (3.5 means 3.5%).</summary>
public static class TaxRates
{
    /// <summary>ISS floor, %: LC 116/2003 art. 8-A (added by LC 157/2016) forbids less than 2%.</summary>
    public const decimal IssMinimum = 2m;

    /// <summary>ISS ceiling, %: LC 116/2003 art. 8, II sets 5% as the maximum.</summary>
    public const decimal IssMaximum = 5m;

    /// <summary>Floor of a federal or IBS/CBS rate, %: a rate is never negative.</summary>
    public const decimal PercentMinimum = 0m;

    /// <summary>Ceiling of a federal or IBS/CBS rate, %: a percentage of the service, never more than all of it.</summary>
    public const decimal PercentMaximum = 100m;

    /// <summary>Omie's <c>nAliq…</c> fields carry at most four decimal places (UNCONFIRMED: taken from the issue, not
    /// from Omie's documentation).</summary>
    public const int MaxDecimalPlaces = 4;

    /// <summary>Amounts (deductions) are in reais: at most centavos.</summary>
    public const int AmountDecimalPlaces = 2;

    /// <summary>True when <paramref name="value"/> needs no more than <paramref name="places"/> decimal places
    /// (trailing zeros do not count: 3.50000 has one).</summary>
    public static bool HasAtMostDecimalPlaces(decimal value, int places) => decimal.Round(value, places) == value;
}
