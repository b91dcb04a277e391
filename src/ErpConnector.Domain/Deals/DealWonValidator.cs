using System.Globalization;
using ErpConnector.Contracts;
using ErpConnector.Domain.Deals.Taxes;
using FluentValidation;
using FluentValidation.Results;

namespace ErpConnector.Domain.Deals;

/// <summary>
/// Everything that must hold before a deal may reach Omie. Reports every broken field at once, each under its
/// JSON path (<c>customer.address.postalCode</c>, <c>services[0].unitPrice</c>) with a stable dotted code,
/// so a publisher fixes the whole message in one round trip.
/// </summary>
public sealed class DealWonValidator : AbstractValidator<DealWon>
{
    /// <summary>Longest accepted <c>dealId</c>, a guard against runaway values (Omie's integration codes are shorter
    /// still: longer ids are hashed there, see <see cref="OrderIntegrationCode"/>).</summary>
    public const int DealIdMaxLength = 60;
    /// <summary>An event id becomes a key in the ledger (processed_events) and a value in every log line of the deal:
    /// a 10 KB one is over PostgreSQL's index-entry limit, a NUL is refused by PostgreSQL, a line break forges log lines.</summary>
    public const int EventIdMaxLength = 100;
    /// <summary>A guard against runaway messages, also Omie's page size.</summary>
    public const int MaxServices = 500;
    /// <summary>The only accepted currency: an NFS-e is issued in reais.</summary>
    public const string Currency = "BRL";

    /// <summary>Builds the rules of the deal and, through their own validators, of its customer, address and services.</summary>
    public DealWonValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Continue;
        // Within one field the first failure is the useful one: "required" makes "too long" noise.
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(d => d.EventId)
            .Must(RuleReporting.IsPresent).Reports("eventId.required",
                "eventId is required: send an id unique to this event (a redelivery repeats it)")
            .Must(id => id.Length <= EventIdMaxLength).Reports("eventId.too_long",
                (_, id) => $"eventId has {id.Length} characters; at most {EventIdMaxLength} are accepted: send a short unique id (a UUID is 36)")
            .Must(IsPrintableAscii).Reports("eventId.characters",
                "eventId must contain printable ASCII characters only (letters, digits, punctuation, space): no control characters, line breaks or accents")
            .OverridePropertyName("eventId");

        RuleFor(d => d.DealId)
            .Must(RuleReporting.IsPresent).Reports("dealId.required",
                "dealId is required: send the CRM's stable id of the deal")
            .Must(id => id.Length <= DealIdMaxLength).Reports("dealId.too_long",
                (_, id) => $"dealId has {id.Length} characters; at most {DealIdMaxLength} are accepted: send the CRM's short deal id")
            .Must(IsPrintableAscii).Reports("dealId.characters",
                "dealId must contain printable ASCII characters only (letters, digits, punctuation, space): send the CRM's deal id unaltered by accents or control characters")
            .OverridePropertyName("dealId");

        RuleFor(d => d.OccurredAt)
            .NotEqual(default(DateTimeOffset)).Reports("occurredAt.required",
                "occurredAt is required: send when the deal was won, as an ISO 8601 date-time with offset")
            .OverridePropertyName("occurredAt");

        RuleFor(d => d.Customer!)
            .NotNull().Reports("customer.required",
                "customer is required: send the customer who will receive the NFS-e")
            .SetValidator(new DealCustomerValidator())
            .OverridePropertyName("customer");

        RuleFor(d => d.Services)
            .Must(services => services is { Count: > 0 }).Reports("services.required",
                "services must list at least one service: the NFS-e describes what was sold")
            .Must(services => services!.Count <= MaxServices).Reports("services.too_many",
                (_, services) => $"services has {services!.Count} items; at most {MaxServices} are accepted: group the lines or split the deal")
            .OverridePropertyName("services");

        // Continue, not the class's Stop: FluentValidation's Stop on a collection abandons every later element.
        RuleForEach(d => d.Services)
            .Cascade(CascadeMode.Continue)
            .NotNull().Reports("services.item.required",
                "{PropertyPath} is null: remove the empty entry or send the service")
            .SetValidator(new DealServiceValidator())
            .OverridePropertyName("services")
            .When(d => d.Services is { Count: <= MaxServices });

        // Withholdings are checked against the customer, which a service's own validator cannot see.
        // Continue for the same reason as above: every service that withholds is named.
        RuleForEach(d => d.Services)
            .Cascade(CascadeMode.Continue)
            .Configure(rule => rule.PropertyName = "services")
            .Custom(FederalWithholdingTaker.MustBeCompany)
            .When(d => d.Services is { Count: <= MaxServices });

        RuleFor(d => d.Currency)
            .Must(RuleReporting.IsPresent).Reports("currency.required",
                $"currency is required: send \"{Currency}\"")
            .Must(c => c == Currency).Reports("currency.unsupported",
                $"currency must be \"{Currency}\": NFS-e are issued in reais, convert the amounts before publishing")
            .OverridePropertyName("currency");

        RuleFor(d => d.Total)
            .GreaterThan(0m).Reports("total.not_positive",
                "total must be greater than zero: send the deal's amount in reais")
            .OverridePropertyName("total")
            .Custom(MatchesServices);

        RuleFor(d => d.PaymentMethod)
            .Must(m => string.IsNullOrEmpty(m) || PaymentMethods.Contains(m)).Reports("paymentMethod.unknown",
                "paymentMethod must be \"none\", \"boleto\" or \"pix\" (or left out for none)")
            .OverridePropertyName("paymentMethod");
    }

    /// <summary>The values of <see cref="DealWon.PaymentMethod"/>: what Omie e-mails the customer with the NFS-e link.</summary>
    public static readonly IReadOnlyList<string> PaymentMethods = ["none", "boleto", "pix"];

    /// <summary>Letters, digits, punctuation and space: what an id may hold to be a ledger key and a log value.</summary>
    public static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
            if (c is < ' ' or > '~')
                return false;
        return true;
    }

    private static void MatchesServices(decimal total, ValidationContext<DealWon> context)
    {
        // Lines with their own errors would only make the comparison noise.
        var services = context.InstanceToValidate.Services;
        if (services is not { Count: > 0 and <= MaxServices }
            || services.Any(s => s is null || s.Quantity <= 0 || s.UnitPrice <= 0))
            return;

        if (!DealTotal.TryCompute(services, out var expected))
        {
            context.AddFailure(new ValidationFailure(context.PropertyPath,
                "total cannot be checked: quantity × unitPrice over the services exceeds the largest amount the connector handles; check quantities and unit prices")
            { ErrorCode = "total.out_of_range" });
            return;
        }
        if (total != expected)
            context.AddFailure(new ValidationFailure(context.PropertyPath, string.Create(CultureInfo.InvariantCulture,
                $"total is {total} but the services add up to {expected:0.00} (Σ quantity × unitPrice, rounded to 2 decimals): send total = {expected:0.00} or correct the service lines"))
            { ErrorCode = "total.mismatch" });
    }
}
