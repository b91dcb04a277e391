using System.Globalization;

namespace ErpConnector.Sandbox.Omie;

/// <summary>Omie dates are dd/mm/yyyy strings; ISO dates are a classic client bug the simulator must expose.</summary>
public static class OmieDate
{
    public const string Format = "dd/MM/yyyy";

    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string Write(DateTimeOffset moment) => moment.ToString(Format, CultureInfo.InvariantCulture);
}
