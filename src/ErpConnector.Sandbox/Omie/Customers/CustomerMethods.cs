using System.Globalization;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie.Customers;

/// <summary><c>geral/clientes/</c>: the customer calls the connector makes.</summary>
public static class CustomerMethods
{
    private const string Service = "geral/clientes";
    private const int MaxPageSize = 500;

    public static IEnumerable<OmieMethod> All =>
    [
        new(Service, "UpsertCliente", CallKind.Write, Upsert, p => p.Text("codigo_cliente_integracao")),
        new(Service, "IncluirCliente", CallKind.Write, Insert, p => p.Text("codigo_cliente_integracao")),
        new(Service, "ConsultarCliente", CallKind.Query, Find, p => p.Text("codigo_cliente_omie") ?? p.Text("codigo_cliente_integracao")),
        // The 60-second rule compares whole requests for listings: the "record" is the page asked for.
        new(Service, "ListarClientes", CallKind.Query, List, p => p.ToJsonString()),
    ];

    private static JsonNode Upsert(OmieCall call)
    {
        var p = call.Param;
        var code = p.Required("codigo_cliente_integracao");
        p.Required("razao_social");
        var customers = call.Account.Customers;
        var existing = customers.FirstOrDefault(c => c.IntegrationCode == code);
        ThrowIfDocumentTaken(customers, p.Text("cnpj_cpf"), except: existing);
        if (existing is not null)
        {
            existing.Merge(p);
            return existing.ToStatus("Cliente alterado com sucesso."); // UNCONFIRMED wording for the update path.
        }
        return Add(call, p).ToStatus("Cliente cadastrado com sucesso.");
    }

    private static JsonNode Insert(OmieCall call)
    {
        var p = call.Param;
        p.Required("razao_social");
        var customers = call.Account.Customers;
        if (p.Text("codigo_cliente_integracao") is { } code && customers.FirstOrDefault(c => c.IntegrationCode == code) is { } taken)
        {
            throw Faults.CustomerDuplicateIntegrationCode(code, taken.Id);
        }
        ThrowIfDocumentTaken(customers, p.Text("cnpj_cpf"), except: null);
        return Add(call, p).ToStatus("Cliente cadastrado com sucesso.");
    }

    private static JsonNode Find(OmieCall call)
    {
        var p = call.Param;
        var customers = call.Account.Customers;
        if (p.Id("codigo_cliente_omie") is { } id)
        {
            return (customers.FirstOrDefault(c => c.Id == id) ?? throw Faults.CustomerNotFound(id.ToString(CultureInfo.InvariantCulture))).ToWire();
        }
        var code = p.Text("codigo_cliente_integracao") ?? throw Faults.CustomerNotFound("");
        return (customers.FirstOrDefault(c => c.IntegrationCode == code) ?? throw Faults.CustomerNotFound(code)).ToWire();
    }

    private static JsonNode List(OmieCall call)
    {
        var p = call.Param;
        var page = Math.Max(1, p.Number("pagina", 1));
        // Omie caps pages at 500; clamping rather than faulting is UNCONFIRMED.
        var size = Math.Clamp(p.Number("registros_por_pagina", 50), 1, MaxPageSize);
        var filter = p.Section("clientesFiltro");
        var matching = call.Account.Customers
            .Where(c => filter?.Text("cnpj_cpf") is not { } doc || DocumentDigits.Same(c.Document, doc))
            .Where(c => filter?.Text("codigo_cliente_integracao") is not { } code || c.IntegrationCode == code)
            .ToList();
        var records = matching.Skip((page - 1) * size).Take(size).ToList();
        // An empty page is a fault in Omie, even page 1 of an empty result.
        if (records.Count == 0) throw Faults.EmptyPage(page);
        return new JsonObject
        {
            ["pagina"] = page,
            ["total_de_paginas"] = (matching.Count + size - 1) / size,
            ["registros"] = records.Count,
            ["total_de_registros"] = matching.Count,
            ["clientes_cadastro"] = new JsonArray(records.Select(c => (JsonNode)c.ToWire()).ToArray()),
        };
    }

    private static Customer Add(OmieCall call, JsonObject p)
    {
        var fields = (JsonObject)p.DeepClone();
        fields.Remove("codigo_cliente_omie");
        var customer = new Customer(call.Account.NewId(), fields);
        call.Account.Customers.Add(customer);
        return customer;
    }

    private static void ThrowIfDocumentTaken(List<Customer> customers, string? document, Customer? except)
    {
        if (document is null) return;
        if (customers.FirstOrDefault(c => c != except && DocumentDigits.Same(c.Document, document)) is { } holder)
        {
            throw Faults.CustomerDuplicateDocument(holder.Document!, holder.Id, holder.IntegrationCode);
        }
    }
}
