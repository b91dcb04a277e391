using ErpConnector.Domain.TaxIds;

namespace ErpConnector.Domain.Deals;

/// <summary>
/// Omie's <c>codigo_cliente_integracao</c> for a customer. Derived from the document alone so that every deal of
/// the same customer, from any CRM, upserts the same Omie customer instead of creating duplicates.
/// </summary>
public static class CustomerIntegrationCode
{
    /// <summary>"C" + the normalised document: at most 15 characters, within Omie's 20 (UNCONFIRMED limit,
    /// <see cref="OmieFieldLimits.IntegrationCodeMaxLength"/>). CPF and CNPJ lengths differ, so they never collide.</summary>
    public static string For(TaxId id)
    {
        var valid = id.Kind switch
        {
            TaxIdKind.Cpf => Cpf.IsValid(id.Normalized),
            TaxIdKind.Cnpj => Cnpj.IsValid(id.Normalized),
            _ => false,
        };
        if (!valid)
            throw new ArgumentException("Only a document that passed TaxId.Parse can key an Omie customer.", nameof(id));
        return "C" + id.Normalized;
    }
}
