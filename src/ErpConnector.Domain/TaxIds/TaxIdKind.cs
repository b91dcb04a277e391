namespace ErpConnector.Domain.TaxIds;

/// <summary>CPF identifies a person (11 digits); CNPJ a company (14 characters, alphanumeric since July 2026).</summary>
public enum TaxIdKind
{
    /// <summary>A person: 11 digits.</summary>
    Cpf,
    /// <summary>A company: 14 characters, the last two always digits.</summary>
    Cnpj,
}
