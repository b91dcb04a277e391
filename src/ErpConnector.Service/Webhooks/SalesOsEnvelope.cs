using ErpConnector.Contracts;

namespace ErpConnector.Service.Webhooks;

/// <summary>
/// SalesOS's webhook envelope as the connector reads it (UNCONFIRMED against SalesOS's own documentation; field
/// names are matched case-insensitively). The mapping to DealWon is documented in README "SalesOS webhook".
/// <code>
/// {"id":"evt_...","type":"deal.won","createdAt":"2026-11-22T17:30:00Z",
///  "data":{"deal":{"id":"DEAL-1001","wonAt":"...","currency":"BRL","amount":2002.00,
///    "company":{"legalName":"...","tradeName":"...","taxId":"11.222.333/0001-81","email":"...","phone":"...",
///      "address":{"street":"...","number":"...","complement":"...","district":"...","city":"...","state":"SP",
///                 "postalCode":"01310-200","ibgeCode":"3550308"}},
///    "lineItems":[{"serviceCode":"01015","lc116Code":"1.07","description":"...","quantity":1,"unitPrice":1500.00,
///                  "taxes":{"issRate":2,"issWithheld":true,"withholdings":{"irrf":{"rate":1.5}}}}]}}}
/// </code>
/// </summary>
public sealed record SalesOsEnvelope(string? Id, string? Type, DateTimeOffset? CreatedAt, SalesOsData? Data)
{
    public const string DealWonType = "deal.won";

    /// <summary>The DealWon the connector publishes: eventId is the delivery id, so a repeat is ignored downstream too.</summary>
    public DealWon ToDealWon()
    {
        var deal = Data?.Deal ?? throw new InvalidOperationException("data.deal is missing.");
        var company = deal.Company;
        return new DealWon
        {
            EventId = Id ?? "",
            DealId = deal.Id ?? "",
            OccurredAt = deal.WonAt ?? CreatedAt ?? default,
            Currency = deal.Currency ?? "",
            Total = deal.Amount ?? 0m,
            Customer = company is null ? null : new DealCustomer
            {
                LegalName = company.LegalName ?? "",
                TradeName = company.TradeName ?? "",
                Document = company.TaxId ?? "",
                Email = company.Email ?? "",
                Phone = company.Phone ?? "",
                Address = company.Address is not { } a ? null : new DealAddress
                {
                    Street = a.Street ?? "",
                    Number = a.Number ?? "",
                    Complement = a.Complement ?? "",
                    District = a.District ?? "",
                    City = a.City ?? "",
                    State = a.State ?? "",
                    PostalCode = a.PostalCode ?? "",
                    CityIbgeCode = a.IbgeCode ?? "",
                },
            },
            Services = deal.LineItems?.Select(l => new DealService
            {
                MunicipalCode = l.ServiceCode ?? "",
                Lc116Code = l.Lc116Code ?? "",
                Description = l.Description ?? "",
                Quantity = l.Quantity ?? 0m,
                UnitPrice = l.UnitPrice ?? 0m,
                Taxes = l.Taxes,
            }).ToArray(),
        };
    }
}

public sealed record SalesOsData(SalesOsDeal? Deal);

/// <summary>A SalesOS deal as the webhook and the deal list carry it. <c>custom_fields</c> (snake case, as SalesOS's API
/// pages name it; UNCONFIRMED in webhook bodies) carries, among others, the connector's write-back marker.</summary>
public sealed record SalesOsDeal(
    string? Id, DateTimeOffset? WonAt, string? Currency, decimal? Amount, SalesOsCompany? Company, IReadOnlyList<SalesOsLineItem>? LineItems,
    [property: System.Text.Json.Serialization.JsonPropertyName("custom_fields")] IReadOnlyDictionary<string, System.Text.Json.JsonElement>? CustomFields = null);

public sealed record SalesOsCompany(
    string? LegalName, string? TradeName, string? TaxId, string? Email, string? Phone, SalesOsAddress? Address);

public sealed record SalesOsAddress(
    string? Street, string? Number, string? Complement, string? District, string? City, string? State, string? PostalCode, string? IbgeCode);

/// <summary>One line item of a SalesOS deal: a service on the NFS-e.</summary>
/// <param name="ServiceCode">The city's service code (DealWon's <c>municipalCode</c>).</param>
/// <param name="Lc116Code">LC 116 list item.</param>
/// <param name="Description">What was sold.</param>
/// <param name="Quantity">How many.</param>
/// <param name="UnitPrice">Price of one, in reais.</param>
/// <param name="Taxes">Optional; the same names and meaning as DealWon's <c>services[].taxes</c>, passed on unchanged
/// (validated with the deal, not here). UNCONFIRMED that SalesOS sends it under this name: it is the connector's proposal.</param>
public sealed record SalesOsLineItem(
    string? ServiceCode, string? Lc116Code, string? Description, decimal? Quantity, decimal? UnitPrice, DealServiceTaxes? Taxes = null);
