namespace ErpConnector.Contracts;

/// <summary>Input: a CRM announces that a deal was won and must be invoiced. Exchange <c>deal.won</c>.</summary>
public sealed record DealWon
{
    /// <summary>Unique per event; a redelivered event with the same id is ignored.</summary>
    public string EventId { get; init; } = "";
    /// <summary>Stable per deal; one deal yields at most one service order and one NFS-e.</summary>
    public string DealId { get; init; } = "";
    /// <summary>When the deal was won in the CRM: an ISO 8601 date-time with offset. Required.</summary>
    public DateTimeOffset OccurredAt { get; init; }
    /// <summary>Who receives the NFS-e. Required.</summary>
    public DealCustomer? Customer { get; init; }
    /// <summary>What was sold, one item per NFS-e line: at least 1 and at most 500.</summary>
    public IReadOnlyList<DealService>? Services { get; init; }
    /// <summary>Must be <c>BRL</c>: an NFS-e is issued in reais, so convert before publishing.</summary>
    public string Currency { get; init; } = "";
    /// <summary>The deal's amount in reais, greater than zero; must equal Σ quantity × unit price over
    /// <see cref="Services"/>, rounded to 2 decimals, or the deal is rejected.</summary>
    public decimal Total { get; init; }
    /// <summary>Optional: how the customer pays, which decides what Omie e-mails with the NFS-e link:
    /// <c>none</c> (the default, also when empty), <c>boleto</c> (the boletos invoicing generates) or <c>pix</c> (the PIX
    /// charge). Never both: Omie's Email block takes only one. Any other value rejects the deal (<c>paymentMethod.unknown</c>).</summary>
    public string? PaymentMethod { get; init; }
}

/// <summary>The customer (tomador) Omie registers and the NFS-e is issued to.</summary>
public sealed record DealCustomer
{
    /// <summary>Razão social, or a person's full name. Required; at most 60 characters (Omie's limit, UNCONFIRMED).</summary>
    public string LegalName { get; init; } = "";
    /// <summary>Nome fantasia. Required because Omie cannot invoice without one: repeat the legal name when there is
    /// none. At most 100 characters (UNCONFIRMED).</summary>
    public string TradeName { get; init; } = "";
    /// <summary>CPF or CNPJ (numeric or alphanumeric), masked or bare.</summary>
    public string Document { get; init; } = "";
    /// <summary>One address, the NFS-e is e-mailed to it. Required.</summary>
    public string Email { get; init; } = "";
    /// <summary>Optional (empty is fine). A Brazilian number with area code, 10 or 11 digits, masked or bare,
    /// optionally preceded by +55, e.g. <c>(11) 98765-4321</c>.</summary>
    public string Phone { get; init; } = "";
    /// <summary>The address printed on the NFS-e. Required.</summary>
    public DealAddress? Address { get; init; }
}

/// <summary>The customer's address as the NFS-e carries it. Every field is required except <see cref="Complement"/>.</summary>
public sealed record DealAddress
{
    /// <summary>Street name (logradouro).</summary>
    public string Street { get; init; } = "";
    /// <summary>Building number; <c>S/N</c> when there is none.</summary>
    public string Number { get; init; } = "";
    /// <summary>Optional: suite, floor, block.</summary>
    public string Complement { get; init; } = "";
    /// <summary>Bairro.</summary>
    public string District { get; init; } = "";
    /// <summary>City name; the NFS-e is matched to the city by <see cref="CityIbgeCode"/>, not by this name.</summary>
    public string City { get; init; } = "";
    /// <summary>Two-letter UF, e.g. "SP".</summary>
    public string State { get; init; } = "";
    /// <summary>CEP, 8 digits, masked ("01310-100") or bare.</summary>
    public string PostalCode { get; init; } = "";
    /// <summary>The city's 7-digit IBGE code, e.g. <c>3550308</c> for São Paulo; it must belong to <see cref="State"/>.</summary>
    public string CityIbgeCode { get; init; } = "";
}

/// <summary>One service sold, one line of the service order and the NFS-e.</summary>
public sealed record DealService
{
    /// <summary>The city's service code (cCodServMun).</summary>
    public string MunicipalCode { get; init; } = "";
    /// <summary>LC 116/2003 list item, e.g. "01.07" (cCodServLC116).</summary>
    public string Lc116Code { get; init; } = "";
    /// <summary>What the NFS-e says was done. Required; at most 2000 characters (UNCONFIRMED; cities cap it around there).</summary>
    public string Description { get; init; } = "";
    /// <summary>Greater than zero; may be fractional (hours, say).</summary>
    public decimal Quantity { get; init; }
    /// <summary>Price of one unit in reais, greater than zero.</summary>
    public decimal UnitPrice { get; init; }

    /// <summary>Optional. Taxes and withholdings of this service; absent → invoiced as Omie's registration of the
    /// service says (ISS not withheld, no federal withholdings). See <see cref="DealServiceTaxes"/>.</summary>
    public DealServiceTaxes? Taxes { get; init; }
}
