using ErpConnector.Sandbox.Omie.ServiceOrders;

namespace ErpConnector.Sandbox;

/// <summary>The "Sandbox" configuration section. Limits default OFF so functional tests are not throttled by accident.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    public string AppKey { get; set; } = "sandbox-app-key";
    public string AppSecret { get; set; } = "sandbox-app-secret";

    /// <summary>Municipal service codes the simulated company may invoice; empty accepts every code.</summary>
    public string[] ValidMunicipalCodes { get; set; } = [];

    /// <summary>The simulated company's city (cCidade): the one that judges its RPS unless the order names another
    /// configured city in cCidPrestServ.</summary>
    public string CompanyCity { get; set; } = DefaultCities.SaoPaulo;

    /// <summary>Cities and what each accepts on an RPS (<c>Sandbox:Cities:SAO PAULO (SP):ServiceCodes:01015:Lc116Code</c>).
    /// A city not listed accepts everything.</summary>
    public Dictionary<string, SandboxCity> Cities { get; set; } = DefaultCities.Create();

    /// <summary>Services registered in the simulated company, by cCodigo (ListarCadastroServico); none by default.</summary>
    public Dictionary<string, SandboxRegisteredService> RegisteredServices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long the simulated city takes to process an RPS after Omie sends it.</summary>
    public TimeSpan NfseIssueDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The simulator's own base URL for the links it hands out (NFS-e pages, PDFs, boletos); empty = the bound address.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>The simulated company (the NFS-e's provider), as the XML names it. A valid test CNPJ, nobody's.</summary>
    public string CompanyCnpj { get; set; } = "11.222.333/0001-81";
    public string CompanyName { get; set; } = "EMPRESA SANDBOX SERVICOS LTDA";
    public string CompanyMunicipalRegistration { get; set; } = "12345678";

    /// <summary>Days from the NFS-e's authorisation to the receivable's due date (UNCONFIRMED: Omie takes it from cCodParc).</summary>
    public int ReceivableDueDays { get; set; } = 30;

    public bool EnforceRateLimits { get; set; }
    public int RequestsPerMinutePerIp { get; set; } = 960;
    public int RequestsPerMinutePerMethod { get; set; } = 240;
    public int ConcurrentRequestsPerMethod { get; set; } = 4;

    /// <summary>Wait announced by Client-1100 when a second write of the same record arrives while the first is in flight.</summary>
    public int InFlightRetrySeconds { get; set; } = 5;

    /// <summary>With limits enforced, this many throttle faults for one app_key within a minute get it blocked
    /// (MISUSE_API_PROCESS). The notes say "repeated unhandled errors"; the number is UNCONFIRMED.</summary>
    public int MisuseAfterThrottleFaults { get; set; } = 20;

    /// <summary>How long a MISUSE block lasts ("~30 min" in the notes).</summary>
    public TimeSpan MisuseBlock { get; set; } = TimeSpan.FromMinutes(30);

    public bool EnforceSixtySecondRule { get; set; }
    public TimeSpan RedundancyWindow { get; set; } = TimeSpan.FromSeconds(60);
}
