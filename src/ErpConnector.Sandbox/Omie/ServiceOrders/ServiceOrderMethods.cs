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

    private static Func<JsonNode> Include(OmieCall call)
    {
        var p = call.Param;
        var header = p.Section("Cabecalho");
        if (header is null) return () => throw Faults.RequiredTag("Cabecalho");

        // Everything the request alone decides is read and copied here, outside the lock; its faults are kept
        // and raised in the order Omie checks things: duplicate, customer, then date, parcel and services.
        var code = header.Text("cCodIntOS");
        var customerId = header.Id("nCodCli");
        var customerCode = header.Text("cCodIntCli");
        JsonArray? services = null;
        var invalid = Prepared.Attempt(() => services = Validate(p, header, code, call.Account.Options.ValidMunicipalCodes));
        JsonObject? stored = null;
        JsonObject? additionalInfo = null;
        if (invalid is null)
        {
            stored = (JsonObject)header.DeepClone();
            stored["cEtapa"] = header.Text("cEtapa") ?? "10";
            additionalInfo = p.Section("InformacoesAdicionais")?.DeepClone() as JsonObject;
            services = (JsonArray)services!.DeepClone();
        }
        var email = p.Section("Email")?.DeepClone() as JsonObject;
        if (invalid is null && email is not null && IsYes(email.Text("cEnvBoleto")) && IsYes(email.Text("cEnvPix")))
        {
            invalid = Prepared.Attempt(() => throw Faults.BoletoAndPix());
        }

        return () =>
        {
            var account = call.Account;
            if (code is not null && account.OrderByCode(code) is not null) throw Faults.OrderDuplicate(code);
            var customer = FindCustomer(account, customerId, customerCode);
            invalid?.Throw();

            var order = new ServiceOrder(
                account.NewId(), account.NewOrderNumber(), customer.Id, stored!, additionalInfo, services!, call.Now) { Email = email };
            account.AddOrder(order);
            return new JsonObject
            {
                ["cCodIntOS"] = order.IntegrationCode ?? "",
                ["nCodOS"] = order.Id,
                ["cNumOS"] = order.Number,
                ["cCodStatus"] = "0",
                ["cDescStatus"] = "Ordem de Serviço cadastrada com sucesso!",
            };
        };
    }

    /// <summary>The checks IncluirOS makes on the request itself, after the customer is found.</summary>
    private static JsonArray Validate(JsonObject p, JsonObject header, string? code, string[] validMunicipalCodes)
    {
        if (!OmieDate.TryParse(header.Text("dDtPrevisao"), out _)) throw Faults.BadDate(code);
        header.Required("cCodParc");
        var services = p["ServicosPrestados"] as JsonArray;
        if (services is not { Count: > 0 }) throw Faults.RequiredTag("ServicosPrestados");
        foreach (var line in services)
        {
            if (line is not JsonObject service) throw Faults.RequiredTag("ServicosPrestados");
            ValidateService(service, validMunicipalCodes);
        }
        return services;
    }

    private static Func<JsonNode> Find(OmieCall call)
    {
        var key = OrderLookup.Read(call.Param);
        return () => Find(OrderLookup.Find(call.Account, key));
    }

    private static JsonNode Find(ServiceOrder order)
    {
        var header = (JsonObject)order.Header.DeepClone();
        header["nCodOS"] = order.Id;
        header["cNumOS"] = order.Number;
        header["nCodCli"] = order.CustomerId;
        header["nValorTotal"] = order.Total;
        return new JsonObject
        {
            ["Cabecalho"] = header,
            ["InformacoesAdicionais"] = order.AdditionalInfo?.DeepClone() ?? new JsonObject(),
            // As sent, plus the tax values Omie computes (the order itself keeps what was sent).
            ["ServicosPrestados"] = new JsonArray(order.Services.Select(s => s is JsonObject service
                ? OrderTaxes.WithComputedValues((JsonObject)service.DeepClone())
                : s?.DeepClone()).ToArray()),
            ["Email"] = order.Email?.DeepClone() ?? new JsonObject(),
            ["InfoCadastro"] = new JsonObject
            {
                ["cFaturado"] = order.Invoiced ? "S" : "N",
                ["cCancelado"] = order.Cancelled ? "S" : "N",
                ["dDtInc"] = OmieDate.Write(order.CreatedAt),
            },
        };
    }

    private static Func<JsonNode> Status(OmieCall call)
    {
        var key = OrderLookup.Read(call.Param);
        var baseUrl = call.Account.Address;
        return () => Status(OrderLookup.Find(call.Account, key), baseUrl);
    }

    private static JsonNode Status(ServiceOrder order, string baseUrl)
    {
        return new JsonObject
        {
            ["cCodIntOS"] = order.IntegrationCode ?? "",
            ["nCodOS"] = order.Id,
            ["cNumOS"] = order.Number,
            ["cFaturada"] = order.Invoiced ? "S" : "N",
            ["dDtFat"] = order.Invoiced ? OmieDate.Write(order.Rps[0].SentAt) : "",
            ["cCancelada"] = order.Cancelled ? "S" : "N",
            ["dDtCanc"] = order.CancelledAt is { } cancelledAt ? OmieDate.Write(cancelledAt) : "",
            // UNCONFIRMED field (named in the notes without a source).
            ["cUrlPdfRecibo"] = order.Invoiced ? $"{baseUrl}/_sandbox/os/{order.Id}/recibo.pdf" : "",
            ["cAmbiente"] = "H", // The simulator is always a homologation environment.
            ["ListaRpsNfse"] = new JsonArray(order.Rps.Select(r => (JsonNode)r.ToWire()).ToArray()),
        };
    }

    private static bool IsYes(string? flag) => string.Equals(flag, "S", StringComparison.OrdinalIgnoreCase);

    private static Customer FindCustomer(OmieAccount account, long? id, string? code)
    {
        if (id is { } byId)
        {
            return account.CustomerById(byId) ?? throw Faults.CustomerNotFound(byId.ToString(CultureInfo.InvariantCulture));
        }
        if (code is null) throw Faults.RequiredTag("nCodCli");
        return account.CustomerByCode(code) ?? throw Faults.CustomerNotFound(code);
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
