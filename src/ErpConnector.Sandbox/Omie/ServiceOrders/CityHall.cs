using ErpConnector.Sandbox.FaultInjection;

namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary>The simulated city (prefeitura): decides what becomes of an RPS when it is processed.</summary>
public sealed class CityHall(InjectionBoard injections)
{
    // UNCONFIRMED: cities word outages differently; this code/text only needs to read as "instability" to the connector.
    public static readonly CityMessage Unavailable = new(
        "E999",
        "Serviço da prefeitura indisponível no momento (instabilidade no webservice). Tente novamente mais tarde.",
        "Aguarde e reenvie o RPS.",
        "ERRO");

    /// <summary>Whether the order's city only takes a TXT import (per city, or the next RPS by injection).</summary>
    public bool OnlyImportsTxt(ServiceOrder order, SandboxOptions options) =>
        (options.Cities.TryGetValue(CityRules.CityOf(order, options), out var city) && city.TxtImportOnly)
        || injections.Take(InjectionKinds.CityTxtImport, call: null) is not null;

    /// <summary>The refusal of a cancellation past the city's window. UNCONFIRMED wording and code (the notes: "varies by city").</summary>
    public static CityMessage WindowExpired(TimeSpan window) => new(
        "E0205",
        $"Prazo para cancelamento da NFS-e expirado: o município aceita cancelamentos em até {window.TotalDays:0.##} dia(s) após a emissão.",
        "Emita uma NFS-e substituta ou solicite o cancelamento por processo administrativo na prefeitura.",
        "ERRO");

    /// <summary>The city's refusal to cancel <paramref name="rps"/>'s NFS-e at <paramref name="processedAt"/>, or null when it cancels it.</summary>
    public CityMessage? JudgeCancellation(DateTimeOffset processedAt, ServiceOrder order, Rps rps, SandboxOptions options)
    {
        if (injections.CityUnavailableAt(processedAt)) return Unavailable;
        var window = options.Cities.TryGetValue(CityRules.CityOf(order, options), out var city) ? city.CancellationWindow : SandboxCity.DefaultCancellationWindow;
        return processedAt - rps.IssuedAt > window ? WindowExpired(window) : null;
    }

    /// <summary>The rejection the city answers with, or null when it issues the NFS-e.</summary>
    public CityMessage? Judge(DateTimeOffset processedAt, ServiceOrder order, Customers.Customer? customer, SandboxOptions options)
    {
        // An outage wins over a data rejection: a city that is down cannot validate anything.
        if (injections.CityUnavailableAt(processedAt)) return Unavailable;
        if (injections.Take(InjectionKinds.CityRejects, call: null) is { } reject)
        {
            return new CityMessage(reject.Code!, reject.Message!, reject.Correction ?? "", "ERRO");
        }
        // The city's own checks come after the injections, so a spec that injects a verdict gets exactly that one.
        return CityRules.Judge(order, customer, options);
    }
}
