using ErpConnector.Contracts;
using Microsoft.Extensions.Options;

namespace ErpConnector.Service.Deals.MunicipalCodes;

/// <summary>
/// At intake: each service's municipal code must be on the city's list in Omie, so an unknown code is refused in
/// seconds with what to do, instead of by the city minutes after the order exists. Only a list that could be read
/// refuses anything (see <see cref="MunicipalCodeCatalogue"/>).
/// </summary>
public sealed class MunicipalCodeCheck(MunicipalCodeCatalogue catalogue, IOptions<MunicipalCodeCheckOptions> options)
{
    /// <summary>Stable machine code of the error.</summary>
    public const string UnknownCode = "services.municipalCode.unknown_for_city";

    /// <summary>One error per service whose code the city's list lacks; empty when all are known or the list is unknown.</summary>
    public async Task<IReadOnlyList<FieldError>> CheckAsync(DealWon won, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled || won.Services is not { Count: > 0 } services) return [];
        var known = await catalogue.CodesForAsync(o.City, ct);
        if (known is null) return [];

        var city = string.IsNullOrWhiteSpace(o.City) ? "the company's city" : o.City;
        var errors = new List<FieldError>();
        for (var i = 0; i < services.Count; i++)
        {
            var code = services[i].MunicipalCode.Trim();
            if (known.Contains(MunicipalCodeCatalogue.Normalise(code))) continue;
            errors.Add(new FieldError($"services[{i}].municipalCode", UnknownCode,
                $"services[{i}].municipalCode '{code}' is not on Omie's list of municipal service codes for {city}: " +
                "send a code from the city's list in Omie, or register this code " +
                "for the company in Omie first, then publish the deal again. / O código de serviço municipal " +
                $"'{code}' não consta da lista do município no Omie: use um código da lista ou cadastre-o no Omie e publique o negócio novamente."));
        }
        return errors;
    }
}
