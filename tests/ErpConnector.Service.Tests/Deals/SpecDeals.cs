using ErpConnector.Contracts;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>A valid deal.won (alphanumeric CNPJ customer, two services).</summary>
internal static class SpecDeals
{
    public static DealWon Won(string? dealId = null, string? eventId = null) => new()
    {
        EventId = eventId ?? Guid.NewGuid().ToString(),
        DealId = dealId ?? $"deal-{Guid.NewGuid():N}"[..20],
        OccurredAt = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(-3)),
        Customer = new DealCustomer
        {
            LegalName = "ACME SERVICOS LTDA", TradeName = "ACME", Document = "12.ABC.345/01DE-35",
            Email = "financeiro@acme.com.br", Phone = "(11) 98765-4321",
            Address = new DealAddress
            {
                Street = "Av. Paulista", Number = "1000", Complement = "10º andar", District = "Bela Vista",
                City = "São Paulo", State = "SP", PostalCode = "01310-100", CityIbgeCode = "3550308",
            },
        },
        Services =
        [
            new DealService { MunicipalCode = "01015", Lc116Code = "1.07", Description = "Suporte técnico", Quantity = 2m, UnitPrice = 150.25m },
        ],
        Currency = "BRL",
        Total = 300.50m,
    };
}
