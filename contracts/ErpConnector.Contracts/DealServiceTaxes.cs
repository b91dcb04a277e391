namespace ErpConnector.Contracts;

/// <summary>
/// Taxes of one service on the NFS-e, as the buyer and the seller agreed them. Every field is optional: what is left
/// out is not sent to Omie, which then applies the service's registration (or, for IBS/CBS, the reform's defaults).
/// Rates are percentages (3.5 means 3.5%), amounts are in the deal's currency.
/// </summary>
public sealed record DealServiceTaxes
{
    /// <summary>Omie's <c>cTribServ</c>: how the city taxes the service (e.g. "01" taxed in the municipality).
    /// Absent → the connector's default.</summary>
    public string? TaxationCode { get; init; }

    /// <summary>ISS rate, % (LC 116: between 2 and 5).</summary>
    public decimal? IssRate { get; init; }

    /// <summary>The buyer withholds the ISS (<c>cRetemISS = "S"</c>).</summary>
    public bool IssWithheld { get; init; }

    /// <summary>Amount deducted from the ISS base (<c>nTotDeducao</c>).</summary>
    public decimal? Deductions { get; init; }

    /// <summary>Federal taxes the buyer withholds; each one present is withheld at its rate.</summary>
    public DealWithholdings? Withholdings { get; init; }

    /// <summary>The 2026 tax reform's IBS and CBS fields; absent → Omie fills them (the connector never invents codes).</summary>
    public DealIbsCbs? IbsCbs { get; init; }

    /// <summary>NBS code of the service (<c>cNbs</c>).</summary>
    public string? Nbs { get; init; }
}

/// <summary>Federal withholdings; a tax present here is withheld (<c>cRetem… = "S"</c>) at its rate.</summary>
public sealed record DealWithholdings
{
    /// <summary>IRRF (usually 1.5% or 1%).</summary>
    public DealWithholding? Irrf { get; init; }
    /// <summary>PIS (usually 0.65%).</summary>
    public DealWithholding? Pis { get; init; }
    /// <summary>COFINS (usually 3%).</summary>
    public DealWithholding? Cofins { get; init; }
    /// <summary>CSLL (usually 1%).</summary>
    public DealWithholding? Csll { get; init; }
    /// <summary>INSS (usually 11% or 3.5%).</summary>
    public DealWithholding? Inss { get; init; }
}

/// <summary>One withheld federal tax.</summary>
public sealed record DealWithholding
{
    /// <summary>Rate, % (0–100, at most four decimal places).</summary>
    public decimal Rate { get; init; }
}

/// <summary>IBS/CBS of the tax reform (LC 214/2025); every field optional.</summary>
public sealed record DealIbsCbs
{
    /// <summary>CST of IBS/CBS (<c>cCST</c>).</summary>
    public string? Cst { get; init; }
    /// <summary>Tax classification (<c>cClassTrib</c>).</summary>
    public string? Classification { get; init; }
    /// <summary>IBS state rate, % (<c>nAliqIbsUf</c>).</summary>
    public decimal? IbsStateRate { get; init; }
    /// <summary>IBS city rate, % (<c>nAliqIbsMun</c>).</summary>
    public decimal? IbsCityRate { get; init; }
    /// <summary>CBS rate, % (<c>nAliqCbs</c>).</summary>
    public decimal? CbsRate { get; init; }
    /// <summary>Operation indicator (<c>cIndOPer</c>).</summary>
    public string? OperationIndicator { get; init; }
}
