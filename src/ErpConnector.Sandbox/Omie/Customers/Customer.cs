using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie.Customers;

/// <summary>
/// A <c>clientes_cadastro</c> record. Fields are kept exactly as the client sent them so a read echoes what was
/// written (a field-mapping bug in the connector shows up in ConsultarCliente, as it would in Omie).
/// </summary>
public sealed class Customer(long id, JsonObject fields)
{
    public long Id { get; } = id;
    public JsonObject Fields { get; private set; } = fields;

    public string? IntegrationCode => Fields.Text("codigo_cliente_integracao");
    public string? Document => Fields.Text("cnpj_cpf");
    public string? LegalName => Fields.Text("razao_social");
    public string? TradeName => Fields.Text("nome_fantasia");

    /// <summary>Upsert semantics: tags sent replace, tags omitted keep their value.</summary>
    public void Merge(JsonObject changes)
    {
        foreach (var (tag, value) in changes)
        {
            if (tag == "codigo_cliente_omie") continue; // Omie's id is never client-writable.
            Fields[tag] = value?.DeepClone();
        }
    }

    public JsonObject ToWire()
    {
        var wire = (JsonObject)Fields.DeepClone();
        wire["codigo_cliente_omie"] = Id;
        // Derived by Omie, never taken from the client (the notes).
        wire["pessoa_fisica"] = DocumentDigits.Of(Document).Length == 11 ? "S" : "N";
        wire["exterior"] = "N";
        wire.Remove("cidade_ibge");
        return wire;
    }

    public JsonObject ToStatus(string description) => new()
    {
        ["codigo_cliente_omie"] = Id,
        ["codigo_cliente_integracao"] = IntegrationCode ?? "",
        ["codigo_status"] = "0", // "0" = success is UNCONFIRMED (notes).
        ["descricao_status"] = description,
    };
}
