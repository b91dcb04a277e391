namespace ErpConnector.Domain.Errors;

/// <summary>The clock Omie and the cities state times in.</summary>
internal static class SaoPauloTime
{
    public static readonly TimeZoneInfo Zone = Find();

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // Images without tzdata: Brazil has kept UTC−3 all year since DST ended in 2019.
            return TimeZoneInfo.CreateCustomTimeZone("America/Sao_Paulo", TimeSpan.FromHours(-3), "Brasília", "BRT");
        }
    }
}
