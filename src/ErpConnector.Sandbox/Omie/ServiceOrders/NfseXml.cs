using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using ErpConnector.Sandbox.Omie.Customers;

namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary>
/// The distribution XML of an issued NFS-e (<c>xml_distr</c>, the push's <c>nfse_xml</c>), shaped after the national
/// NFS-e layout (<c>NFSe/infNFSe</c> with the <c>DPS</c> inside) that is mandatory from 2026. A plausible document for
/// the connector to archive and parse, not a validated one: no signature, and <c>cVerif</c> (UNCONFIRMED: the national
/// layout identifies a note by its access key; the verification code is the older municipal layouts' field) is added
/// because Omie's StatusOS reports one.
/// </summary>
public static class NfseXml
{
    private static readonly XNamespace Ns = "http://www.sped.fazenda.gov.br/nfse";
    private static readonly TimeSpan Brasilia = TimeSpan.FromHours(-3);

    // IBGE code of São Paulo; the simulator does not model other cities' codes (UNCONFIRMED for them).
    private const string CityCode = "3550308";

    public static string Build(
        SandboxOptions options, ServiceOrder order, Customer? customer, long nfseNumber, long rpsNumber, string verificationCode, DateTimeOffset issuedAt)
    {
        var local = issuedAt.ToOffset(Brasilia);
        var total = order.Total;
        var first = order.Services.OfType<JsonObject>().FirstOrDefault();
        var rate = first?.Section("impostos")?["nAliqISS"] is JsonValue v && v.TryGetValue<decimal>(out var r) ? r : (decimal?)null;
        var iss = rate is { } p ? Math.Round(total * p / 100m, 2, MidpointRounding.AwayFromZero) : 0m;
        var provider = DocumentDigits.Of(options.CompanyCnpj);
        var taker = DocumentDigits.Of(customer?.Document);

        var doc = new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(Ns + "NFSe", new XAttribute("versao", "1.00"),
                new XElement(Ns + "infNFSe", new XAttribute("Id", AccessKey(provider, nfseNumber, local, verificationCode)),
                    new XElement(Ns + "xLocEmi", "São Paulo"),
                    new XElement(Ns + "xLocPrestacao", "São Paulo"),
                    new XElement(Ns + "nNFSe", nfseNumber),
                    new XElement(Ns + "cVerif", verificationCode),
                    new XElement(Ns + "cLocIncid", CityCode),
                    new XElement(Ns + "xLocIncid", "São Paulo"),
                    new XElement(Ns + "xTribNac", first?.Text("cDescServ") ?? ""),
                    new XElement(Ns + "verAplic", "OmieSandbox 1.0"),
                    new XElement(Ns + "ambGer", "2"),
                    new XElement(Ns + "tpEmis", "1"),
                    new XElement(Ns + "cStat", "100"),
                    new XElement(Ns + "dhProc", local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)),
                    new XElement(Ns + "nDFSe", nfseNumber),
                    new XElement(Ns + "emit",
                        new XElement(Ns + "CNPJ", provider),
                        new XElement(Ns + "IM", options.CompanyMunicipalRegistration),
                        new XElement(Ns + "xNome", options.CompanyName)),
                    new XElement(Ns + "valores",
                        new XElement(Ns + "vBC", Money(total)),
                        rate is { } aliq ? new XElement(Ns + "pAliqAplic", Money(aliq)) : null,
                        new XElement(Ns + "vISSQN", Money(iss)),
                        new XElement(Ns + "vLiq", Money(total))),
                    new XElement(Ns + "DPS", new XAttribute("versao", "1.00"),
                        new XElement(Ns + "infDPS",
                            new XElement(Ns + "tpAmb", "2"),
                            new XElement(Ns + "dhEmi", local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)),
                            new XElement(Ns + "serie", "1"),
                            new XElement(Ns + "nDPS", rpsNumber),
                            new XElement(Ns + "dCompet", local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                            new XElement(Ns + "cLocEmi", CityCode),
                            new XElement(Ns + "prest", new XElement(Ns + "CNPJ", provider)),
                            new XElement(Ns + "toma",
                                new XElement(Ns + (taker.Length == 11 ? "CPF" : "CNPJ"), taker),
                                new XElement(Ns + "xNome", customer?.LegalName ?? "")),
                            new XElement(Ns + "serv",
                                new XElement(Ns + "cServ",
                                    new XElement(Ns + "cTribMun", first?.Text("cCodServMun") ?? ""),
                                    new XElement(Ns + "xDescServ", first?.Text("cDescServ") ?? ""))),
                            new XElement(Ns + "valores",
                                new XElement(Ns + "vServPrest", new XElement(Ns + "vServ", Money(total)))))))));
        return doc.Declaration + doc.ToString(SaveOptions.DisableFormatting);
    }

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    // "NFS" + 50 digits as the national key has; the digits are the simulator's own composition (UNCONFIRMED layout).
    private static string AccessKey(string provider, long number, DateTimeOffset at, string code)
    {
        var digits = string.Concat(code.Select(c => ((int)c % 10).ToString(CultureInfo.InvariantCulture)));
        var key = $"{CityCode}22{provider.PadLeft(14, '0')[..14]}{number:D13}{at:yyMM}{digits}".PadRight(50, '0')[..50];
        return "NFS" + key;
    }
}
