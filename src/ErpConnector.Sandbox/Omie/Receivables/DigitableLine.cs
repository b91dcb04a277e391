using System.Globalization;

namespace ErpConnector.Sandbox.Omie.Receivables;

/// <summary>
/// A boleto's linha digitável (FEBRABAN layout): bank, currency, free field in three blocks each with its modulo-10
/// digit, the modulo-11 check digit of the bar code, due-date factor and amount. Real check digits, so a connector
/// that validates the line does not reject the simulator's.
/// </summary>
public static class DigitableLine
{
    private const string Bank = "237";
    private static readonly DateOnly FactorBase = new(1997, 10, 7);

    public static string For(long ourNumber, decimal amount, DateOnly dueDate)
    {
        var factor = Factor(dueDate).ToString("D4", CultureInfo.InvariantCulture);
        var cents = ((long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero)).ToString("D10", CultureInfo.InvariantCulture)[^10..];
        var free = (ourNumber % 10_000_000_000_000L).ToString("D25", CultureInfo.InvariantCulture);
        var withoutDv = Bank + "9" + factor + cents + free;
        var barCode = withoutDv[..4] + Modulo11(withoutDv) + withoutDv[4..];

        var field1 = Bank + "9" + free[..5];
        var field2 = free[5..15];
        var field3 = free[15..25];
        return field1 + Modulo10(field1) + field2 + Modulo10(field2) + field3 + Modulo10(field3) + barCode[4] + factor + cents;
    }

    // The factor restarted at 1000 on 22/02/2025 after reaching 9999.
    private static int Factor(DateOnly due)
    {
        var days = due.DayNumber - FactorBase.DayNumber;
        return days > 9999 ? ((days - 10000) % 9000) + 1000 : Math.Max(days, 1000);
    }

    private static char Modulo10(string digits)
    {
        var sum = 0;
        var weight = 2;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var product = (digits[i] - '0') * weight;
            sum += product > 9 ? product - 9 : product;
            weight = weight == 2 ? 1 : 2;
        }
        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    private static char Modulo11(string digits)
    {
        var sum = 0;
        var weight = 2;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            sum += (digits[i] - '0') * weight;
            weight = weight == 9 ? 2 : weight + 1;
        }
        var dv = 11 - (sum % 11);
        return dv is 0 or 10 or 11 ? '1' : (char)('0' + dv);
    }
}
