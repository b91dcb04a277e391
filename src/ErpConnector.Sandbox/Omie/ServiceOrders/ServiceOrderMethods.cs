using System.Globalization;
using System.Text.Json.Nodes;
using ErpConnector.Sandbox.Omie.Customers;

namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary><c>servicos/os/</c>: creating an order and reading it and its NFS-e status back.</summary>
public static class ServiceOrderMethods
{
    private const string Service = "servicos/os";
    private static readonly string[] RequiredServiceTags = ["cCodServMun", "cCodServLC116", "cDescServ"];

    public static IEnumerable<OmieMethod> All =>
    [
        new(Service, "IncluirOS", CallKind.Write, Include, p => p.Section("Cabecalho")?.Text("cCodIntOS")),
        new(Service, "ConsultarOS", CallKind.Query, Find, OrderLookup.Key),
        new(Service, "StatusOS", CallKind.Query, Status, OrderLookup.Key),
    ];

    private static JsonNode Include(OmieCall call)
    {
        var p = call.Param;
        var account = call.Account;
        var header = p.Section("Cabecalho") ?? throw Faults.RequiredTag("Cabecalho");
        var code = header.Text("cCodIntOS");
        if (code is not null && account.Orders.Any(o => o.IntegrationCode == code)) throw Faults.OrderDuplicate(code);

        var customer = FindCustomer(account, header);
        if (!OmieDate.TryParse(header.Text("dDtPrevisao"), out _)) throw Faults.BadDate(code);
        header.Required("cCodParc");
        var services = p["ServicosPrestados"] as JsonArray;
        if (services is not { Count: > 0 }) throw Faults.RequiredTag("ServicosPrestados");
        foreach (var line in services)
        {
            if (line is not JsonObject service) throw Faults.RequiredTag("ServicosPrestados");
            ValidateService(service, account.Options.ValidMunicipalCodes);
        }

        var stored = (JsonObject)header.DeepClone();
        stored["cEtapa"] = header.Text("cEtapa") ?? "10";
        var order = new ServiceOrder(
            account.NewId(), account.NewOrderNumber(), customer.Id, stored,
            p.Section("InformacoesAdicionais")?.DeepClone() as JsonObject, (JsonArray)services.DeepClone(), call.Now);
        account.Orders.Add(order);
        return new JsonObject
        {
            ["cCodIntOS"] = order.IntegrationCode ?? "",
            ["nCodOS"] = order.Id,
            ["cNumOS"] = order.Number,
            ["cCodStatus"] = "0",
            ["cDescStatus"] = "Ordem de Serviço cadastrada com sucesso!",
        };
    }

    private static JsonNode Find(OmieCall call)
    {
        var order = OrderLookup.Find(call);
        var header = (JsonObject)order.Header.DeepClone();
        header["nCodOS"] = order.Id;
        header["cNumOS"] = order.Number;
        header["nCodCli"] = order.CustomerId;
        header["nValorTotal"] = order.Total;
        return new JsonObject
        {
            ["Cabecalho"] = header,
            ["InformacoesAdicionais"] = order.AdditionalInfo?.DeepClone() ?? new JsonObject(),
            ["ServicosPrestados"] = order.Services.DeepClone(),
            ["InfoCadastro"] = new JsonObject
            {
                ["cFaturado"] = order.Invoiced ? "S" : "N",
                ["cCancelado"] = "N",
                ["dDtInc"] = OmieDate.Write(order.CreatedAt),
            },
        };
    }

    private static JsonNode Status(OmieCall call)
    {
        var order = OrderLookup.Find(call);
        return new JsonObject
        {
            ["cCodIntOS"] = order.IntegrationCode ?? "",
            ["nCodOS"] = order.Id,
            ["cNumOS"] = order.Number,
            ["cFaturada"] = order.Invoiced ? "S" : "N",
            ["cCancelada"] = "N",
            ["cAmbiente"] = "H", // The simulator is always a homologation environment.
            ["ListaRpsNfse"] = new JsonArray(order.Rps.Select(r => (JsonNode)r.ToWire()).ToArray()),
        };
    }

    private static Customer FindCustomer(OmieAccount account, JsonObject header)
    {
        if (header.Id("nCodCli") is { } id)
        {
            return account.Customers.FirstOrDefault(c => c.Id == id)
                ?? throw Faults.CustomerNotFound(id.ToString(CultureInfo.InvariantCulture));
        }
        var code = header.Text("cCodIntCli") ?? throw Faults.RequiredTag("nCodCli");
        return account.Customers.FirstOrDefault(c => c.IntegrationCode == code) ?? throw Faults.CustomerNotFound(code);
    }

    private static void ValidateService(JsonObject service, string[] validMunicipalCodes)
    {
        foreach (var tag in RequiredServiceTags) service.Required(tag);
        service.Amount("nValUnit");
        service.Amount("nQtde");
        var municipalCode = service.Text("cCodServMun")!;
        if (validMunicipalCodes.Length > 0 && !validMunicipalCodes.Contains(municipalCode, StringComparer.OrdinalIgnoreCase))
        {
            throw Faults.ServiceNotRegistered(municipalCode);
        }
    }
}
