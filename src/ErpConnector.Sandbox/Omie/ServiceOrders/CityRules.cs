using System.Globalization;
using System.Text.Json.Nodes;
using ErpConnector.Sandbox.Omie.Customers;

namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary>
/// What a city checks on an RPS's services, first failure wins: the municipal service code, the taxation type
/// (cTribServ), the ISS rate against the city's range, and a withholding by a person (CPF) taker.
/// Codes E0310 and E0595/E0597 are the national NFS-e system's (tax-authority-errors.md); E0312 and E0625 and every
/// text are the simulator's own, UNCONFIRMED as any real city's wording.
/// </summary>
public static class CityRules
{
    private static readonly string[] WithholdingFlags = ["cRetemIRRF", "cRetemPIS", "cRetemCOFINS", "cRetemCSLL", "cRetemINSS"];

    /// <summary>The city's rejection of <paramref name="order"/>, or null when the city accepts it.</summary>
    public static CityMessage? Judge(ServiceOrder order, Customer? customer, SandboxOptions options)
    {
        var cityName = CityOf(order, options);
        if (!options.Cities.TryGetValue(cityName, out var city)) return null;
        var personTaker = DocumentDigits.Of(customer?.Document).Length == 11;

        foreach (var service in order.Services.OfType<JsonObject>())
        {
            var code = service.Text("cCodServMun") ?? "";
            SandboxServiceCode? known = null;
            if (city.ServiceCodes.Count > 0 && !city.ServiceCodes.TryGetValue(code, out known))
                return Reject("E0310", $"Código de serviço municipal {code} não cadastrado para o município {cityName}.",
                    "Informe um código de serviço da lista do município.");

            // Absent: Omie takes it from the service's registration, which the simulator does not model.
            if (service.Text("cTribServ") is { } taxation && city.TaxationCodes.Length > 0
                && !city.TaxationCodes.Contains(taxation, StringComparer.OrdinalIgnoreCase))
                return Reject("E0312", $"Tipo de tributação do serviço (cTribServ) {taxation} não aceito pelo município {cityName}.",
                    "Informe um tipo de tributação aceito pelo município.");

            if (service.Section("impostos") is { } taxes && taxes["nAliqISS"] is JsonValue rateValue && rateValue.TryGetValue<decimal>(out var rate))
            {
                var min = known?.MinIssRate ?? city.MinIssRate;
                var max = known?.MaxIssRate ?? city.MaxIssRate;
                if (rate > max)
                    return Reject("E0595", $"Alíquota do ISS informada ({Percent(rate)}) superior à alíquota do município para o serviço {code} ({Percent(max)}).",
                        "Informe a alíquota de ISS do município para o serviço.");
                if (rate < min)
                    return Reject("E0597", $"Alíquota do ISS informada ({Percent(rate)}) inferior à alíquota do município para o serviço {code} ({Percent(min)}).",
                        "Informe a alíquota de ISS do município para o serviço.");
            }

            if (personTaker && Withholds(service))
                return Reject("E0625", "Retenção de tributos não permitida: o tomador é pessoa física (CPF).",
                    "Retire as retenções ou emita para um tomador pessoa jurídica (CNPJ).");
        }
        return null;
    }

    /// <summary>The city that judges the order: its cCidPrestServ when configured, else the company's.</summary>
    public static string CityOf(ServiceOrder order, SandboxOptions options) =>
        order.AdditionalInfo?.Text("cCidPrestServ") is { } named && options.Cities.ContainsKey(named) ? named : options.CompanyCity;

    private static bool Withholds(JsonObject service) =>
        IsYes(service.Text("cRetemISS")) || (service.Section("impostos") is { } taxes && WithholdingFlags.Any(f => IsYes(taxes.Text(f))));

    private static bool IsYes(string? flag) => string.Equals(flag, "S", StringComparison.OrdinalIgnoreCase);

    // Written as a Brazilian city would (decimal comma); no culture lookup, the simulator runs with InvariantGlobalization.
    private static string Percent(decimal rate) => rate.ToString("0.00##", CultureInfo.InvariantCulture).Replace('.', ',') + "%";

    private static CityMessage Reject(string code, string description, string correction) => new(code, description, correction, "ERRO");
}
