using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary>
/// The RPS Omie sends to the city and the NFS-e the city answers with. Status codes are Omie's
/// (001 awaiting send, 002 sent/processing, 003 processed with error, 004 issued, 005 cancelled).
/// </summary>
public sealed class Rps(DateTimeOffset sentAt, DateTimeOffset dueAt)
{
    public const string Processing = "002";
    public const string Rejected = "003";
    public const string Issued = "004";

    public string Status { get; private set; } = Processing;
    public DateTimeOffset SentAt { get; private set; } = sentAt;

    /// <summary>When the city decides. Issuance is computed lazily from this instant, so no background timer exists.</summary>
    public DateTimeOffset DueAt { get; private set; } = dueAt;

    public long? NfseNumber { get; private set; }
    public string VerificationCode { get; private set; } = "";
    public string Url { get; private set; } = "";
    public List<CityMessage> Messages { get; } = [];

    public void Issue(long nfseNumber, string verificationCode, string url)
    {
        Status = Issued;
        NfseNumber = nfseNumber;
        VerificationCode = verificationCode;
        Url = url;
        Messages.Clear();
        Messages.Add(CityMessage.Success);
    }

    public void Reject(CityMessage message)
    {
        Status = Rejected;
        Messages.Clear();
        Messages.Add(message);
    }

    public void Resend(DateTimeOffset sentAt, DateTimeOffset dueAt)
    {
        Status = Processing;
        SentAt = sentAt;
        DueAt = dueAt;
        Messages.Clear();
    }

    public JsonObject ToWire() => new()
    {
        ["cStatusRps"] = Status,
        ["cStatusLote"] = Status,
        ["nNfse"] = NfseNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["cCodVerif"] = VerificationCode,
        ["cUrlNfse"] = Url,
        ["mensagens"] = new JsonArray(Messages.Select(m => (JsonNode)m.ToWire()).ToArray()),
    };
}

/// <summary>One city message on an RPS, as the simulated Omie relays it in <c>mensagens[]</c>.</summary>
/// <param name="Code">cCodigo, the city's or national system's code.</param>
/// <param name="Description">cDescricao, the city's text.</param>
/// <param name="Correction">cCorrecao, the city's suggested fix; may be empty.</param>
/// <param name="Situation">ERRO | ALERTA | SUCESSO, as Omie relays the city's verdict.</param>
public sealed record CityMessage(string Code, string Description, string Correction, string Situation)
{
    // UNCONFIRMED: the code and text Omie shows for a successful issuance.
    public static readonly CityMessage Success = new("100", "NFS-e autorizada com sucesso.", "", "SUCESSO");

    public JsonObject ToWire() => new()
    {
        ["cCodigo"] = Code,
        ["cDescricao"] = Description,
        ["cCorrecao"] = Correction,
        ["cSituacao"] = Situation,
    };
}
