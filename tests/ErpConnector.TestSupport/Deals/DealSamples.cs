using ErpConnector.Contracts;

namespace ErpConnector.TestSupport.Deals;

/// <summary>The parts of a valid deal.won: a São Paulo customer and an IT-support service (LC 116 item 1.07).</summary>
public static class DealSamples
{
    public static DealAddress Address => new()
    {
        Street = "Avenida Paulista",
        Number = "1578",
        Complement = "Conjunto 42",
        District = "Bela Vista",
        City = "São Paulo",
        State = "SP",
        PostalCode = "01310-200",
        CityIbgeCode = "3550308",
    };

    public static DealCustomer Customer(string document) => new()
    {
        LegalName = "Padaria Pão Quente Ltda",
        TradeName = "Pão Quente",
        Document = document,
        Email = "financeiro@paoquente.com.br",
        Phone = "(11) 98765-4321",
        Address = Address,
    };

    /// <summary>2 × 750.25 = 1,500.50.</summary>
    public static DealService Support(string municipalCode = "01015") => new()
    {
        MunicipalCode = municipalCode,
        Lc116Code = "1.07",
        Description = "Suporte técnico em informática",
        Quantity = 2m,
        UnitPrice = 750.25m,
    };

    /// <summary>A company buying IT support in São Paulo: ISS 2% withheld, and the usual federal withholdings
    /// (IRRF 1.5%, PIS 0.65%, COFINS 3%, CSLL 1%).</summary>
    public static DealServiceTaxes WithheldTaxes() => new()
    {
        TaxationCode = "01",
        IssRate = 2m,
        IssWithheld = true,
        Withholdings = new DealWithholdings
        {
            Irrf = new DealWithholding { Rate = 1.5m },
            Pis = new DealWithholding { Rate = 0.65m },
            Cofins = new DealWithholding { Rate = 3m },
            Csll = new DealWithholding { Rate = 1m },
        },
        Nbs = "115022000",
    };
}
