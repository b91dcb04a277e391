using System.ComponentModel.DataAnnotations;

namespace ErpConnector.Service.Deals.MunicipalCodes;

/// <summary>
/// The check of each service's municipal code against the city's list in Omie, at intake. Bound from
/// "MunicipalCodeCheck". The check only ever rejects a code it can see is missing from a list it could read: when
/// the list cannot be had (Omie down, throttled, paused, too slow, no list) the deal proceeds and the city judges.
/// </summary>
public sealed class MunicipalCodeCheckOptions
{
    public const string SectionName = "MunicipalCodeCheck";

    /// <summary>Off → no lookup at all; every code goes to Omie and the city.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The city whose list applies — the city of the company that issues the NFS-e — as Omie writes it in
    /// <c>cCidade</c> (e.g. "SAO PAULO (SP)"; compared without accents, case or punctuation). Empty: every code in
    /// Omie's list counts whatever its city, right for a company registered in one city.</summary>
    public string City { get; set; } = "";

    /// <summary>How long a city's list is trusted once read.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>After a failed read, how long deals proceed unchecked before the list is read again, so an Omie
    /// outage costs one attempt per interval rather than one per deal.</summary>
    public TimeSpan RetryUnavailableAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest an intake waits for the list; past it the deal proceeds (the read goes on and fills the cache).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan IntakeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The longest a read of the list (every page, with the rate limiter's waits) may take.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
