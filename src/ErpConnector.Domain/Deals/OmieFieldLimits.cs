namespace ErpConnector.Domain.Deals;

/// <summary>
/// Omie field lengths the connector must respect. None of these was found in an official Omie source
/// (UNCONFIRMED): they are guesses from public client code, kept here so a correction is a one-line change.
/// </summary>
public static class OmieFieldLimits
{
    /// <summary><c>razao_social</c>. UNCONFIRMED.</summary>
    public const int LegalNameMaxLength = 60;

    /// <summary><c>nome_fantasia</c>. UNCONFIRMED.</summary>
    public const int TradeNameMaxLength = 100;

    /// <summary><c>codigo_cliente_integracao</c> and <c>cCodIntOS</c>. UNCONFIRMED.</summary>
    public const int IntegrationCodeMaxLength = 20;

    /// <summary><c>cDescServ</c>: the NFS-e's service description. UNCONFIRMED; cities cap it around 2000.</summary>
    public const int ServiceDescriptionMaxLength = 2000;
}
