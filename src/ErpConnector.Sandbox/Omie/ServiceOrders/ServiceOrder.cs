using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary>An OS (ordem de serviço). The request's sections are kept as sent so ConsultarOS echoes them.</summary>
public sealed class ServiceOrder(long id, string number, long customerId, JsonObject header, JsonObject? additionalInfo, JsonArray services, DateTimeOffset createdAt)
{
    public long Id { get; } = id;
    public string Number { get; } = number;
    public long CustomerId { get; } = customerId;
    public JsonObject Header { get; } = header;
    public JsonObject? AdditionalInfo { get; } = additionalInfo;
    public JsonArray Services { get; } = services;
    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>Read once: the header is never changed after the order is created.</summary>
    public string? IntegrationCode { get; } = header.Text("cCodIntOS");
    public bool Invoiced => Rps.Count > 0;

    /// <summary>One entry per invoicing; a resend reuses the rejected RPS rather than adding one.</summary>
    public List<Rps> Rps { get; } = [];

    /// <summary>How the order is named in fault texts: by our key when it has one.</summary>
    public string Key => IntegrationCode ?? Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>IncluirOS's <c>Email</c> block as sent (cEnvLink, cEnvBoleto, cEnvPix, cEnviarPara); null when absent.</summary>
    public JsonObject? Email { get; init; }

    /// <summary>Whether the order chose to e-mail a boleto: one is generated with the receivable.</summary>
    public bool WantsBoleto => string.Equals(Email?.Text("cEnvBoleto"), "S", StringComparison.OrdinalIgnoreCase);

    /// <summary>cCancelada: set when the city cancelled its NFS-e, or at once by CancelarOS with cCancelarNfse "N".</summary>
    public DateTimeOffset? CancelledAt { get; private set; }

    public bool Cancelled => CancelledAt is not null;

    public void Cancel(DateTimeOffset at) => CancelledAt ??= at;

    public decimal Total => Services.OfType<JsonObject>().Sum(s => s.Amount("nValUnit") * s.Amount("nQtde"));
}
