using System.Xml.Linq;
using Dapper;
using ErpConnector.Persistence;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ErpConnector.Service.Console.Sessions;

/// <summary>
/// The data-protection key ring in the ledger's database (table data_protection_keys, script 0400): every instance
/// on the same database protects and reads cookies and antiforgery tokens with the same keys, so a session started
/// on one instance is accepted by the next one behind the load balancer, and survives a restart. A key is written
/// once under its name (insert-or-ignore), so two instances creating keys at the same moment cannot clash.
/// The keys are stored unencrypted, as a file-system ring is: whoever can read the ledger can forge a session, so
/// the database is guarded like the secrets it sits beside.
/// </summary>
public sealed class LedgerKeyRing(ConnectionFactory connections, TimeProvider clock) : IXmlRepository
{
    // IXmlRepository is synchronous; key-ring reads happen once per refresh period (24 h), not per request.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = connections.OpenAsync().GetAwaiter().GetResult();
        return db.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, name")
            .Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = connections.OpenAsync().GetAwaiter().GetResult();
        db.Execute("INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (name) DO NOTHING",
            new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), at = clock.GetUtcNow().ToUnixTimeMilliseconds() });
    }
}
