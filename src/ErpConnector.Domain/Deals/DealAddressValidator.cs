using ErpConnector.Contracts;
using FluentValidation;

namespace ErpConnector.Domain.Deals;

/// <summary>The customer's address as the NFS-e needs it; the city's IBGE code must belong to the stated UF.</summary>
internal sealed class DealAddressValidator : AbstractValidator<DealAddress>
{
    private const int CityIbgeCodeLength = 7;

    public DealAddressValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        Required(a => a.Street, "street", "the street name");
        Required(a => a.Number, "number", "the building number, or \"S/N\" when there is none");
        Required(a => a.District, "district", "the district (bairro)");
        Required(a => a.City, "city", "the city name");

        RuleFor(a => a.State)
            .Must(RuleReporting.IsPresent).Reports("customer.address.state.required",
                "{PropertyPath} is required: send the two-letter UF, e.g. SP")
            .Must(state => BrazilianStates.TryNormalize(state, out _)).Reports("customer.address.state.unknown",
                "{PropertyPath} '{PropertyValue}' is not one of the 27 Brazilian UFs: send the two-letter code, e.g. SP, RJ, DF")
            .OverridePropertyName("state");

        RuleFor(a => a.PostalCode)
            .Must(RuleReporting.IsPresent).Reports("customer.address.postalCode.required",
                "{PropertyPath} is required: send the CEP")
            .Must(cep => PostalCode.TryNormalize(cep, out _)).Reports("customer.address.postalCode.invalid",
                "{PropertyPath} must be a CEP of 8 digits, e.g. 01310-100 or 01310100")
            .OverridePropertyName("postalCode");

        RuleFor(a => a.CityIbgeCode)
            .Must(RuleReporting.IsPresent).Reports("customer.address.cityIbgeCode.required",
                "{PropertyPath} is required: send the city's 7-digit IBGE code, e.g. 3550308 for São Paulo")
            .Must(IsSevenDigits).Reports("customer.address.cityIbgeCode.invalid",
                "{PropertyPath} must be the city's 7-digit IBGE code, e.g. 3550308 for São Paulo")
            .Must(BelongsToState).Reports("customer.address.cityIbgeCode.state_mismatch",
                (address, code) => $"{{PropertyPath}} {code.Trim()} is not a city of {address.State.Trim().ToUpperInvariant()}: IBGE codes of that UF start with {StatePrefix(address.State)}; fix the city code or the state")
            .OverridePropertyName("cityIbgeCode");
    }

    private void Required(System.Linq.Expressions.Expression<Func<DealAddress, string>> field, string name, string what) =>
        RuleFor(field)
            .Must(RuleReporting.IsPresent).Reports($"customer.address.{name}.required",
                $"{{PropertyPath}} is required: send {what}")
            .OverridePropertyName(name);

    private static bool IsSevenDigits(string code)
    {
        var trimmed = code.AsSpan().Trim();
        return trimmed.Length == CityIbgeCodeLength && !trimmed.ContainsAnyExceptInRange('0', '9');
    }

    // An unknown UF is reported on the state; no second error here.
    private static bool BelongsToState(DealAddress address, string code) =>
        !BrazilianStates.TryNormalize(address.State, out var uf)
        || code.AsSpan().Trim()[..2].SequenceEqual(BrazilianStates.IbgeCodes[uf].ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string StatePrefix(string state) =>
        BrazilianStates.TryNormalize(state, out var uf) ? BrazilianStates.IbgeCodes[uf].ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
}
