using System.Collections.Frozen;

namespace ErpConnector.Domain.Deals;

/// <summary>The 27 federative units (UF) and their IBGE codes, which are the first two digits of every city's IBGE code.</summary>
public static class BrazilianStates
{
    /// <summary>Each UF (upper case) to its two-digit IBGE code.</summary>
    public static readonly FrozenDictionary<string, int> IbgeCodes = new Dictionary<string, int>
    {
        ["RO"] = 11, ["AC"] = 12, ["AM"] = 13, ["RR"] = 14, ["PA"] = 15, ["AP"] = 16, ["TO"] = 17,
        ["MA"] = 21, ["PI"] = 22, ["CE"] = 23, ["RN"] = 24, ["PB"] = 25, ["PE"] = 26, ["AL"] = 27, ["SE"] = 28, ["BA"] = 29,
        ["MG"] = 31, ["ES"] = 32, ["RJ"] = 33, ["SP"] = 35,
        ["PR"] = 41, ["SC"] = 42, ["RS"] = 43,
        ["MS"] = 50, ["MT"] = 51, ["GO"] = 52, ["DF"] = 53,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Trims and upper-cases (ASCII) before looking up, so " sp" is SP.</summary>
    public static bool TryNormalize(string? state, out string uf)
    {
        uf = "";
        var trimmed = state.AsSpan().Trim();
        if (trimmed.Length != 2 || !char.IsAsciiLetter(trimmed[0]) || !char.IsAsciiLetter(trimmed[1]))
            return false;
        var candidate = string.Create(2, trimmed, static (dst, src) =>
        {
            dst[0] = char.ToUpperInvariant(src[0]);
            dst[1] = char.ToUpperInvariant(src[1]);
        });
        if (!IbgeCodes.ContainsKey(candidate))
            return false;
        uf = candidate;
        return true;
    }
}
