using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.TestSupport.Deals;
using ErpConnector.TestSupport.TaxIds;
using static ErpConnector.TestSupport.Deals.DealWonBuilder;
using Samples = ErpConnector.TestSupport.Deals.DealSamples;

namespace ErpConnector.Domain.Tests.Deals.Taxes;

/// <summary>Runs the deal's validator on a deal whose one service carries the given taxes.</summary>
internal static class TaxValidationSpec
{
    public static DealServiceTaxes Usual => Samples.WithheldTaxes();

    public static IReadOnlyList<FieldError> ErrorsFor(DealServiceTaxes taxes) =>
        DealValidation.Validate(AWonDeal().WithTaxes(taxes).Build());

    public static (string Field, string Code)[] FieldsAndCodes(DealServiceTaxes taxes) =>
        [.. ErrorsFor(taxes).Select(e => (e.Field, e.Code))];

    public static DealWithholdings Only(string tax, decimal rate)
    {
        var w = new DealWithholding { Rate = rate };
        return tax switch
        {
            "irrf" => new DealWithholdings { Irrf = w },
            "pis" => new DealWithholdings { Pis = w },
            "cofins" => new DealWithholdings { Cofins = w },
            "csll" => new DealWithholdings { Csll = w },
            "inss" => new DealWithholdings { Inss = w },
            _ => throw new ArgumentOutOfRangeException(nameof(tax)),
        };
    }

    public static DealIbsCbs IbsCbsRate(string field, decimal rate) => field switch
    {
        "ibsStateRate" => new DealIbsCbs { IbsStateRate = rate },
        "ibsCityRate" => new DealIbsCbs { IbsCityRate = rate },
        "cbsRate" => new DealIbsCbs { CbsRate = rate },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    public static string Cpf() => TaxIdGenerator.NextCpf();
}
