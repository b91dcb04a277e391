using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie.Customers;

/// <summary>
/// A <c>clientes_cadastro</c> record. Fields are kept exactly as the client sent them so a read echoes what was
/// written (a field-mapping bug in the connector shows up in ConsultarCliente, as it would in Omie).
/// </summary>
public sealed class Customer
{
    public Customer(long id, JsonObject fields)
    {
        Id = id;
        Fields = fields;
        Refresh();
    }

    public long Id { get; }

    /// <summary>Change only through <see cref="Merge"/>: the keys the account indexes are cached from it.</summary>
    public JsonObject Fields { get; }

    public string? IntegrationCode { get; private set; }
    public string? Document { get; private set; }

    /// <summary><see cref="Document"/> as <see cref="DocumentDigits.Of"/> normalises it; "" when there is none.</summary>
    public string DocumentKey { get; private set; } = "";

    public string? LegalName => Fields.Text("razao_social");
    public string? TradeName => Fields.Text("nome_fantasia");

    /// <summary>
    /// Upsert semantics: tags sent replace, tags omitted keep their value. <paramref name="changes"/> is handed
    /// over (a copy the caller made outside the lock): its values move into the record and it is left empty.
    /// </summary>
    public void Merge(JsonObject changes)
    {
        var entries = changes.ToList();
        changes.Clear(); // Detaches the values so they can be re-parented without another copy.
        foreach (var (tag, value) in entries)
        {
            if (tag == "codigo_cliente_omie") continue; // Omie's id is never client-writable.
            Fields[tag] = value;
        }
        Refresh();
    }

    private void Refresh()
    {
        IntegrationCode = Fields.Text("codigo_cliente_integracao");
        Document = Fields.Text("cnpj_cpf");
        DocumentKey = DocumentDigits.Of(Document);
    }

    public JsonObject ToWire()
    {
        var wire = (JsonObject)Fields.DeepClone();
        wire["codigo_cliente_omie"] = Id;
        // Derived by Omie, never taken from the client (the notes).
        wire["pessoa_fisica"] = DocumentKey.Length == 11 ? "S" : "N";
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
