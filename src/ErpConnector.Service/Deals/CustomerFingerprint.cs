using System.Security.Cryptography;
using System.Text.Json;
using ErpConnector.Omie;

namespace ErpConnector.Service.Deals;

/// <summary>
/// A hash of exactly what UpsertCliente would send for a customer: equal fingerprints mean Omie already holds this
/// registration, so a repeat customer is not upserted again. Stored instead of the data (no personal data kept twice).
/// </summary>
public static class CustomerFingerprint
{
    // Bumped when the mapping to Omie changes, so every customer is sent once more with the new mapping.
    private const string Version = "v1";

    public static string Of(OmieCustomer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(customer);
        return Version + ":" + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
