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
            s.MunicipalCode.Trim(), s.Lc116Code.Trim(), s.Description.Trim(), s.Quantity, s.UnitPrice)).ToList(),
        AdditionalInfo = $"Deal {deal.DealId}",
    };
}
