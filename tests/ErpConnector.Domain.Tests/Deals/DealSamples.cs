using ErpConnector.Contracts;

namespace ErpConnector.Domain.Tests.Deals;

internal static class DealSamples
{
    public static DealAddress Address => new()
    {
        Street = "Av. Paulista",
        Number = "1000",
        Complement = "10º andar",
        District = "Bela Vista",
        City = "São Paulo",
        State = "SP",
        PostalCode = "01310-100",
        CityIbgeCode = "3550308",
    };

    public static DealCustomer Customer => new()
    {
        LegalName = "ACME SERVICOS LTDA",
        TradeName = "ACME",
        Document = "12.ABC.345/01DE-35",
        Email = "financeiro@acme.com.br",
        Phone = "(11) 98765-4321",
        Address = Address,
    };

    public static DealService Support => new()
    {
        MunicipalCode = "01015",
        Lc116Code = "1.07",
        Description = "Suporte técnico",
        Quantity = 2m,
        UnitPrice = 150.25m,
    };

    public static DealService Consulting => new()
    {
        MunicipalCode = "02798",
        Lc116Code = "17.01",
        Description = "Consultoria",
        Quantity = 1.5m,
        UnitPrice = 100.333m,
    };

    /// <summary>300.50 + 150.4995 = 450.9995, which rounds to 451.00.</summary>
    public static DealWon Deal => new()
    {
        EventId = "evt-0001",
        DealId = "deal-42",
        OccurredAt = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.FromHours(-3)),
        Customer = Customer,
        Services = [Support, Consulting],
        Currency = "BRL",
        Total = 451.00m,
    };
}
