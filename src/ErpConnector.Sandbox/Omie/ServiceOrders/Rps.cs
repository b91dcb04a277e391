using System.Globalization;
using System.Text.Json.Nodes;

namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary>
/// The RPS Omie sends to the city and the NFS-e the city answers with. Status codes are Omie's
/// (001 awaiting send, 002 sent/processing, 003 processed with error, 004 issued, 005 cancelled).
/// </summary>
public sealed class Rps(long number, DateTimeOffset sentAt, DateTimeOffset dueAt)
{
    public const string Processing = "002";
    public const string Rejected = "003";
    public const string Issued = "004";
    public const string Cancelled = "005";

    /// <summary>nRps: numbered per company, as a city numbers the RPS it receives.</summary>
    public long Number { get; } = number;

    public string Status { get; private set; } = Processing;
    public DateTimeOffset SentAt { get; private set; } = sentAt;

    /// <summary>When the city decides. Issuance is computed lazily from this instant, so no background timer exists.</summary>
    public DateTimeOffset DueAt { get; private set; } = dueAt;

    /// <summary>Sent to a city that only takes a TXT import: stays 002 until /_sandbox/orders/{code}/import.</summary>
    public bool AwaitingImport { get; private set; }

    public long? NfseNumber { get; private set; }
    public string VerificationCode { get; private set; } = "";
    public string Url { get; private set; } = "";

    /// <summary>When the city authorised the NFS-e: its cancellation window counts from here (movable by /_sandbox/nfse/{n}/age).</summary>
    public DateTimeOffset? IssuedAt { get; private set; }

    /// <summary>id_nf: Omie's id of the NFS-e record (UNCONFIRMED which id the push's id_nf is).</summary>
    public long? InvoiceId { get; private set; }

    public NfseDocuments? Documents { get; private set; }

    /// <summary>When a requested cancellation is due at the city; null when none is waiting.</summary>
    public DateTimeOffset? CancellationDueAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>NFS-e numbers this RPS carried before a substitution, oldest first.</summary>
    public List<long> SubstitutedNumbers { get; } = [];

    public List<CityMessage> Messages { get; } = [];

    public void Issue(long nfseNumber, long invoiceId, string verificationCode, DateTimeOffset issuedAt, NfseDocuments documents)
    {
        Status = Issued;
        NfseNumber = nfseNumber;
        InvoiceId = invoiceId;
        VerificationCode = verificationCode;
        IssuedAt = issuedAt;
        Documents = documents;
        Url = documents.CityPage;
        Messages.Clear();
        Messages.Add(CityMessage.Success);
    }

    /// <summary>The city replaced this NFS-e with a new one (same RPS, same order); the old number is kept.</summary>
    public void Substitute(long nfseNumber, long invoiceId, string verificationCode, DateTimeOffset issuedAt, NfseDocuments documents)
    {
        SubstitutedNumbers.Add(NfseNumber!.Value);
        Issue(nfseNumber, invoiceId, verificationCode, issuedAt, documents);
    }

    public void Reject(CityMessage message)
    {
        Status = Rejected;
        Messages.Clear();
        Messages.Add(message);
    }

    public void AwaitImport() => AwaitingImport = true;

    public void Resend(DateTimeOffset sentAt, DateTimeOffset dueAt)
    {
        AwaitingImport = false;
        Status = Processing;
        SentAt = sentAt;
        DueAt = dueAt;
        Messages.Clear();
    }

    /// <summary>Moves the issue instant back, so a spec can put the NFS-e past its city's cancellation window.</summary>
    public void Age(TimeSpan by) => IssuedAt -= by;

    public void RequestCancellation(DateTimeOffset dueAt) => CancellationDueAt = dueAt;

    public void Cancel(DateTimeOffset at)
    {
        Status = Cancelled;
        CancelledAt = at;
        CancellationDueAt = null;
        Messages.Add(CityMessage.CancelledOk);
    }

    /// <summary>The city refused the cancellation: the NFS-e stays 004 and its message says why.</summary>
    public void RefuseCancellation(CityMessage refusal)
    {
        CancellationDueAt = null;
        Messages.Add(refusal);
    }

    public JsonObject ToWire() => new()
    {
        ["nLote"] = Number,
        ["cStatusLote"] = Status,
        ["cProtocolo"] = NfseNumber is null ? "" : $"SBX{Number:D10}",
        ["nRps"] = Number,
        ["cStatusRps"] = Status,
        ["nNfse"] = NfseNumber?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["cCodVerif"] = VerificationCode,
        ["mensagens"] = new JsonArray(Messages.Select(m => (JsonNode)m.ToWire()).ToArray()),
        ["xml_distr"] = Documents?.Xml ?? "",
        ["cUrlNfse"] = Url,
        ["cUrlPdfDemo"] = Documents?.StatementPdf ?? "",
        ["cUrlPdfDest"] = Documents?.RecipientPdf ?? "",
        ["cUrlRps"] = Documents?.RpsPdf ?? "",
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

    // UNCONFIRMED: the code and text Omie shows for a cancellation the city accepted.
    public static readonly CityMessage CancelledOk = new("101", "Cancelamento da NFS-e homologado.", "", "SUCESSO");

    public JsonObject ToWire() => new()
    {
        ["cCodigo"] = Code,
        ["cDescricao"] = Description,
        ["cCorrecao"] = Correction,
        ["cSituacao"] = Situation,
    };
}
