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

    private static Func<JsonNode> Upsert(OmieCall call)
    {
        // Read and copied outside the lock; the faults keep the order in which Omie checks them.
        var p = call.Param;
        var code = p.Text("codigo_cliente_integracao");
        var hasLegalName = p.Text("razao_social") is not null;
        var document = p.Text("cnpj_cpf");
        var fields = Stored(p);
        return () =>
        {
            if (code is null) throw Faults.RequiredTag("codigo_cliente_integracao");
            if (!hasLegalName) throw Faults.RequiredTag("razao_social");
            var account = call.Account;
            var existing = account.CustomerByCode(code);
            ThrowIfDocumentTaken(account, document, except: existing);
            if (existing is not null)
            {
                account.Update(existing, c => c.Merge(fields));
                return existing.ToStatus("Cliente alterado com sucesso."); // UNCONFIRMED wording for the update path.
            }
            return Add(account, fields).ToStatus("Cliente cadastrado com sucesso.");
        };
    }

    private static Func<JsonNode> Insert(OmieCall call)
    {
        var p = call.Param;
        var hasLegalName = p.Text("razao_social") is not null;
        var code = p.Text("codigo_cliente_integracao");
        var document = p.Text("cnpj_cpf");
        var fields = Stored(p);
        return () =>
        {
            if (!hasLegalName) throw Faults.RequiredTag("razao_social");
            var account = call.Account;
            if (code is not null && account.CustomerByCode(code) is { } taken)
            {
                throw Faults.CustomerDuplicateIntegrationCode(code, taken.Id);
            }
            ThrowIfDocumentTaken(account, document, except: null);
            return Add(account, fields).ToStatus("Cliente cadastrado com sucesso.");
        };
    }

    private static Func<JsonNode> Find(OmieCall call)
    {
        var p = call.Param;
        var id = p.Id("codigo_cliente_omie");
        var code = p.Text("codigo_cliente_integracao");
        return () =>
        {
            var account = call.Account;
            if (id is { } byId)
            {
                return (account.CustomerById(byId) ?? throw Faults.CustomerNotFound(byId.ToString(CultureInfo.InvariantCulture))).ToWire();
            }
            if (code is null) throw Faults.CustomerNotFound("");
            return (account.CustomerByCode(code) ?? throw Faults.CustomerNotFound(code)).ToWire();
        };
    }

    private static Func<JsonNode> List(OmieCall call)
    {
        var p = call.Param;
        var page = Math.Max(1, p.Number("pagina", 1));
        // Omie caps pages at 500; clamping rather than faulting is UNCONFIRMED.
        var size = Math.Clamp(p.Number("registros_por_pagina", 50), 1, MaxPageSize);
        var filter = p.Section("clientesFiltro");
        var document = filter?.Text("cnpj_cpf");
        var code = filter?.Text("codigo_cliente_integracao");
        return () =>
        {
            var account = call.Account;
            IReadOnlyList<Customer> matching;
            if (document is null && code is null)
            {
                matching = account.Customers;
            }
            else
            {
                // Codes and documents are unique, so a filter matches at most the one customer an index holds.
                var candidate = code is not null ? account.CustomerByCode(code) : account.CustomerByDocument(document);
                matching = candidate is not null
                    && (document is null || DocumentDigits.Same(candidate.Document, document))
                    && (code is null || candidate.IntegrationCode == code)
                    ? [candidate]
                    : [];
            }
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
        };
    }

    /// <summary>The request as it will be kept, copied outside the lock.</summary>
    private static JsonObject Stored(JsonObject p)
    {
        var fields = (JsonObject)p.DeepClone();
        fields.Remove("codigo_cliente_omie");
        return fields;
    }

    private static Customer Add(OmieAccount account, JsonObject fields)
    {
        var customer = new Customer(account.NewId(), fields);
        account.AddCustomer(customer);
        return customer;
    }

    private static void ThrowIfDocumentTaken(OmieAccount account, string? document, Customer? except)
    {
        if (document is null) return;
        if (account.CustomerByDocument(document) is { } holder && holder != except)
        {
            throw Faults.CustomerDuplicateDocument(holder.Document!, holder.Id, holder.IntegrationCode);
        }
    }
}
