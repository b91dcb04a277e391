namespace ErpConnector.Contracts;

/// <summary>Input: a CRM announces that a deal was won and must be invoiced. Exchange <c>deal.won</c>.</summary>
public sealed record DealWon
{
    /// <summary>Unique per event; a redelivered event with the same id is ignored.</summary>
    public string EventId { get; init; } = "";
    /// <summary>Stable per deal; one deal yields at most one service order and one NFS-e.</summary>
    public string DealId { get; init; } = "";
    public DateTimeOffset OccurredAt { get; init; }
    public DealCustomer? Customer { get; init; }
    public IReadOnlyList<DealService>? Services { get; init; }
    public string Currency { get; init; } = "";
    public decimal Total { get; init; }
}

public sealed record DealCustomer
{
    public string LegalName { get; init; } = "";
    public string TradeName { get; init; } = "";
    /// <summary>CPF or CNPJ (numeric or alphanumeric), masked or bare.</summary>
    public string Document { get; init; } = "";
    public string Email { get; init; } = "";
    public string Phone { get; init; } = "";
    public DealAddress? Address { get; init; }
}

public sealed record DealAddress
{
    public string Street { get; init; } = "";
    public string Number { get; init; } = "";
    public string Complement { get; init; } = "";
    public string District { get; init; } = "";
    public string City { get; init; } = "";
    /// <summary>Two-letter UF, e.g. "SP".</summary>
    public string State { get; init; } = "";
    /// <summary>CEP, 8 digits, masked ("01310-100") or bare.</summary>
    public string PostalCode { get; init; } = "";
    public string CityIbgeCode { get; init; } = "";
}

public sealed record DealService
{
    /// <summary>The city's service code (cCodServMun).</summary>
    public string MunicipalCode { get; init; } = "";
    /// <summary>LC 116/2003 list item, e.g. "01.07" (cCodServLC116).</summary>
    public string Lc116Code { get; init; } = "";
    public string Description { get; init; } = "";
    public decimal Quantity { get; init; }
    public decimal UnitPrice { get; init; }

    /// <summary>Optional. Taxes and withholdings of this service; absent → invoiced as Omie's registration of the
    /// service says (ISS not withheld, no federal withholdings). See <see cref="DealServiceTaxes"/>.</summary>
    public DealServiceTaxes? Taxes { get; init; }
}
