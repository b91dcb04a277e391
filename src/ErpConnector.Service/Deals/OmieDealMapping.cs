using ErpConnector.Contracts;
using ErpConnector.Domain.TaxIds;
using ErpConnector.Omie;

namespace ErpConnector.Service.Deals;

/// <summary>Translates a validated deal into what Omie's customer and service-order records need.</summary>
public static class OmieDealMapping
{
    public static OmieCustomer ToCustomer(DealCustomer customer, TaxId document, string integrationCode)
    {
        var phone = new string(customer.Phone.Where(char.IsAsciiDigit).ToArray());
        var address = customer.Address!;
        return new OmieCustomer
        {
            IntegrationCode = integrationCode,
            LegalName = customer.LegalName.Trim(),
            TradeName = customer.TradeName.Trim(),
            Document = document.Normalized,
            Email = customer.Email.Trim(),
            PhoneAreaCode = phone.Length >= 10 ? phone[..2] : "",
            PhoneNumber = phone.Length >= 10 ? phone[2..] : phone,
            Street = address.Street.Trim(),
            Number = address.Number.Trim(),
            Complement = address.Complement.Trim(),
            District = address.District.Trim(),
            City = address.City.Trim(),
            State = address.State.Trim().ToUpperInvariant(),
            PostalCode = new string(address.PostalCode.Where(char.IsAsciiDigit).ToArray()),
        };
    }

    public static OmieServiceOrder ToServiceOrder(DealWon deal, string orderCode, long? customerOmieId, string customerCode, DateOnly expectedDate) => new()
    {
        IntegrationCode = orderCode,
        CustomerOmieId = customerOmieId,
        CustomerIntegrationCode = customerOmieId is null ? customerCode : null,
        ExpectedDate = expectedDate,
        Services = (deal.Services ?? []).Select(s => new OmieServiceLine(
            s.MunicipalCode.Trim(), s.Lc116Code.Trim(), s.Description.Trim(), s.Quantity, s.UnitPrice)
        {
            Taxes = ToTaxes(s.Taxes),
        }).ToList(),
        AdditionalInfo = $"Deal {deal.DealId}",
        // The customer always gets the NFS-e link; the charge is the deal's choice (none unless it says so).
        Email = string.IsNullOrWhiteSpace(deal.Customer?.Email) ? null
            : new OmieOrderEmail(deal.Customer.Email.Trim(), SendNfseLink: true, ChargeOf(deal.PaymentMethod)),
    };

    /// <summary>DealWon.paymentMethod (validated at intake) in Omie's terms; empty or unknown → none.</summary>
    public static OmieCharge ChargeOf(string? paymentMethod) => paymentMethod switch
    {
        "boleto" => OmieCharge.Boleto,
        "pix" => OmieCharge.Pix,
        _ => OmieCharge.None,
    };

    /// <summary>The deal's taxes in Omie's terms, field for field; null stays null, so Omie is told nothing the deal
    /// did not say (no invented rates, CST or classification codes).</summary>
    public static OmieServiceTaxes? ToTaxes(DealServiceTaxes? taxes) => taxes is null ? null : new()
    {
        TaxationCode = taxes.TaxationCode,
        IssWithheld = taxes.IssWithheld,
        IssRate = taxes.IssRate,
        Deductions = taxes.Deductions,
        IrrfRate = taxes.Withholdings?.Irrf?.Rate,
        PisRate = taxes.Withholdings?.Pis?.Rate,
        CofinsRate = taxes.Withholdings?.Cofins?.Rate,
        CsllRate = taxes.Withholdings?.Csll?.Rate,
        InssRate = taxes.Withholdings?.Inss?.Rate,
        IbsCbsCst = taxes.IbsCbs?.Cst,
        IbsCbsClassification = taxes.IbsCbs?.Classification,
        IbsStateRate = taxes.IbsCbs?.IbsStateRate,
        IbsCityRate = taxes.IbsCbs?.IbsCityRate,
        CbsRate = taxes.IbsCbs?.CbsRate,
        OperationIndicator = taxes.IbsCbs?.OperationIndicator,
        Nbs = taxes.Nbs,
    };
}
