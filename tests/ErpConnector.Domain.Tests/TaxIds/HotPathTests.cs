using ErpConnector.Domain.TaxIds;

namespace ErpConnector.Domain.Tests.TaxIds;

public class HotPathTests
{
    [Fact]
    public void Validating_allocates_nothing()
    {
        var cnpj = "12ABC34501DE35".ToCharArray();
        var cpf = "12345678909".ToCharArray();
        Cnpj.IsValid(cnpj);
        Cpf.IsValid(cpf);

        var valid = 0;
        var allocated = ThreadAllocations.Least(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                valid += Cnpj.IsValid(cnpj) ? 1 : 0;
                valid += Cpf.IsValid(cpf) ? 1 : 0;
            }
        });

        Assert.Equal(5 * 20_000, valid); // five passes
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_failed_parse_allocates_only_its_result()
    {
        TaxId.Parse("12.ABC.345/01DE-36");
        var allocated = ThreadAllocations.Least(() => TaxId.Parse("1234567890123"));
        Assert.True(allocated < 512, $"{allocated} bytes");
    }
}
