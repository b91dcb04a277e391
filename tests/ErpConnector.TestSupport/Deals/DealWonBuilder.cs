using ErpConnector.Contracts;
using ErpConnector.TestSupport.TaxIds;

namespace ErpConnector.TestSupport.Deals;

/// <summary>
/// A valid <see cref="DealWon"/> with a fresh event id, deal id and CNPJ unless told otherwise; each <c>With…</c>
/// changes one thing. The total follows the services (rounded to cents) until <see cref="WithTotal"/> overrides it.
/// </summary>
public sealed class DealWonBuilder
{
    private string _eventId = Guid.NewGuid().ToString();
    private string _dealId = $"IT-{Guid.NewGuid():N}"[..20];
    private DateTimeOffset _occurredAt = DateTimeOffset.UtcNow;
    private DealCustomer _customer = DealSamples.Customer(TaxIdGenerator.NextCnpj());
    private IReadOnlyList<DealService> _services = [DealSamples.Support()];
    private string _currency = "BRL";
    private decimal? _total;

    public static DealWonBuilder AWonDeal() => new();

    public DealWonBuilder WithEventId(string eventId) { _eventId = eventId; return this; }
    public DealWonBuilder WithDealId(string dealId) { _dealId = dealId; return this; }
    public DealWonBuilder WithOccurredAt(DateTimeOffset occurredAt) { _occurredAt = occurredAt; return this; }
    public DealWonBuilder WithDocument(string document) { _customer = _customer with { Document = document }; return this; }
    public DealWonBuilder WithCustomer(Func<DealCustomer, DealCustomer> change) { _customer = change(_customer); return this; }
    public DealWonBuilder WithMunicipalCode(string municipalCode) { _services = [.. _services.Select(s => s with { MunicipalCode = municipalCode })]; return this; }
    public DealWonBuilder WithServices(params DealService[] services) { _services = services; return this; }
    /// <summary>The same taxes on every service (null removes them).</summary>
    public DealWonBuilder WithTaxes(DealServiceTaxes? taxes) { _services = [.. _services.Select(s => s with { Taxes = taxes })]; return this; }
    public DealWonBuilder WithCurrency(string currency) { _currency = currency; return this; }
    public DealWonBuilder WithTotal(decimal total) { _total = total; return this; }

    public DealWon Build() => new()
    {
        EventId = _eventId,
        DealId = _dealId,
        OccurredAt = _occurredAt,
        Customer = _customer,
        Services = _services,
        Currency = _currency,
        Total = _total ?? Math.Round(_services.Sum(s => s.Quantity * s.UnitPrice), 2, MidpointRounding.AwayFromZero),
    };
}
