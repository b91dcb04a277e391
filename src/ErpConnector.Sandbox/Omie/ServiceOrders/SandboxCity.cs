namespace ErpConnector.Sandbox.Omie.ServiceOrders;

/// <summary>
/// What a simulated city accepts on an RPS, keyed in <see cref="SandboxOptions.Cities"/> by its name as Omie writes
/// it in <c>cCidade</c> (e.g. "SAO PAULO (SP)"). The rules are the ones the issue asks the simulator to check; the
/// ranges and codes are illustrative, not a copy of any real city's tables.
/// </summary>
public sealed class SandboxCity
{
    /// <summary>The ISS range (%) the city accepts for a code that states none (LC 116: 2 to 5).</summary>
    public decimal MinIssRate { get; set; } = 2m;
    public decimal MaxIssRate { get; set; } = 5m;

    /// <summary>How long after issue the city still accepts a cancellation; past it CancelarOS is refused (E0205).
    /// UNCONFIRMED: each city sets its own; 30 days is illustrative.</summary>
    public TimeSpan CancellationWindow { get; set; } = DefaultCancellationWindow;

    /// <summary>The city accepts only a TXT import (Omie help article): its RPS stay 002 until someone imports them
    /// (<c>POST /_sandbox/orders/{cCodIntOS}/import</c>).</summary>
    public bool TxtImportOnly { get; set; }

    /// <summary>The window of a city the configuration does not list.</summary>
    public static readonly TimeSpan DefaultCancellationWindow = TimeSpan.FromDays(30);

    /// <summary>cTribServ values the city accepts. UNCONFIRMED: real values vary by city (Omie's type says so).</summary>
    public string[] TaxationCodes { get; set; } = ["01", "02", "03", "04", "05", "06"];

    /// <summary>The city's municipal service codes (cCodServMun), served by ListarServMunic; an RPS with any other
    /// code is rejected. Empty → every code is accepted.</summary>
    public Dictionary<string, SandboxServiceCode> ServiceCodes { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One municipal service code of a city.</summary>
public sealed class SandboxServiceCode
{
    public string Lc116Code { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>The code's own ISS range, when the city fixes it narrower than its general one.</summary>
    public decimal? MinIssRate { get; set; }
    public decimal? MaxIssRate { get; set; }
}

/// <summary>A service registered in the simulated company (ListarCadastroServico).</summary>
public sealed class SandboxRegisteredService
{
    public string MunicipalCode { get; set; } = "";
    public string Lc116Code { get; set; } = "";
    public string Description { get; set; } = "";
    public bool Inactive { get; set; }
}

/// <summary>The default city: the codes the project's tests, samples and demos invoice.</summary>
public static class DefaultCities
{
    public const string SaoPaulo = "SAO PAULO (SP)";

    /// <summary>A code whose rate the city fixes at 2.9% (illustrative): the specs' "rate the city refuses".</summary>
    public const string FixedRateCode = "02881";

    public static Dictionary<string, SandboxCity> Create() => new(StringComparer.OrdinalIgnoreCase)
    {
        [SaoPaulo] = new SandboxCity
        {
            ServiceCodes = new(StringComparer.OrdinalIgnoreCase)
            {
                ["01015"] = new() { Lc116Code = "1.07", Description = "Suporte técnico em informática" },
                ["02798"] = new() { Lc116Code = "1.03", Description = "Processamento e armazenamento de dados" },
                ["0107"] = new() { Lc116Code = "1.07", Description = "Suporte técnico" },
                ["0102"] = new() { Lc116Code = "1.02", Description = "Programação" },
                [FixedRateCode] = new() { Lc116Code = "1.05", Description = "Licenciamento de programas de computador", MinIssRate = 2.9m, MaxIssRate = 2.9m },
            },
        },
    };
}
