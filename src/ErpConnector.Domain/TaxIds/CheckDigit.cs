namespace ErpConnector.Domain.TaxIds;

/// <summary>The modulo-11 rule shared by CPF and CNPJ.</summary>
internal static class CheckDigit
{
    public static int FromSum(int sum)
    {
        var remainder = sum % 11;
        return remainder < 2 ? 0 : 11 - remainder;
    }
}
