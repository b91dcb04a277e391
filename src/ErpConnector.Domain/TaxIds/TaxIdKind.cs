namespace ErpConnector.Domain.TaxIds;

/// <summary>CPF identifies a person (11 digits); CNPJ a company (14 characters, alphanumeric since July 2026).</summary>
public enum TaxIdKind
{
    Cpf,
    Cnpj,
}
