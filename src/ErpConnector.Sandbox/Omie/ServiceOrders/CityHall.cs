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
