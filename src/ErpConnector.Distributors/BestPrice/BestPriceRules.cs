namespace ErpConnector.Distributors.BestPrice;

/// <summary>One distributor's current price for a product, as the rules see it.</summary>
/// <param name="FeedId">The distributor feed's id.</param>
/// <param name="Sku">The distributor's own part number for the product.</param>
/// <param name="Price">The customer price (the reseller's cost) per unit.</param>
/// <param name="Currency">ISO 4217 code of <paramref name="Price"/>.</param>
/// <param name="Priority">The feed's configured priority: the lower, the more preferred.</param>
/// <param name="AsOf">When the distributor last confirmed its prices (the feed's last good run); null if never.</param>
/// <param name="InStock">What the feed says about stock; null when it does not say (then it counts as available).</param>
public sealed record Offer(string FeedId, string Sku, decimal Price, string Currency, int Priority, DateTimeOffset? AsOf, bool? InStock);

/// <summary>Why an offer was left out of the choice.</summary>
public enum Exclusion { None, OutOfStock, TooOld, OtherCurrency }

/// <summary>The outcome for one product: the chosen offer (null when none qualifies) and the verdict on every offer.</summary>
/// <param name="Chosen">The offer to buy from, or null when every offer was left out.</param>
/// <param name="Reason">Plain words: why this one (or why none).</param>
/// <param name="Verdicts">Every offer in the order given, with why it was left out (<see cref="Exclusion.None"/> if it was not).</param>
public sealed record BestPriceChoice(Offer? Chosen, string Reason, IReadOnlyList<(Offer Offer, Exclusion Exclusion)> Verdicts);

/// <summary>
/// The best-price rules, as Salesbuildr's distributor settings put them: offers out of stock (when the feed says) or
/// older than <c>IgnoreOlderThan</c> are left out; among the rest the preferred distributor (lowest priority number;
/// same priority: the cheaper, then the feed id) is chosen, unless the cheapest one is at least
/// <c>PreferCheaperBy</c> percent below it: then the cheapest wins. Prices in another currency than the preferred
/// offer's cannot be compared without a rate and are left out. Pure: no clock, no I/O, the same answer every time.
/// </summary>
public sealed class BestPriceRules(decimal preferCheaperByPercent, TimeSpan ignoreOlderThan)
{
    public decimal PreferCheaperByPercent { get; } = preferCheaperByPercent;
    public TimeSpan IgnoreOlderThan { get; } = ignoreOlderThan;

    public BestPriceChoice Choose(IReadOnlyList<Offer> offers, DateTimeOffset now)
    {
        var verdicts = new (Offer Offer, Exclusion Exclusion)[offers.Count];
        var eligible = new List<Offer>(offers.Count);
        for (var i = 0; i < offers.Count; i++)
        {
            var exclusion = Screen(offers[i], now);
            verdicts[i] = (offers[i], exclusion);
            if (exclusion == Exclusion.None) eligible.Add(offers[i]);
        }
        if (eligible.Count == 0)
            return new BestPriceChoice(null, offers.Count == 0 ? "No distributor lists this product." : "Every offer is out of stock or too old.", verdicts);

        var preferred = eligible.OrderBy(o => o.Priority).ThenBy(o => o.Price).ThenBy(o => o.FeedId, StringComparer.Ordinal).First();
        for (var i = 0; i < verdicts.Length; i++)
            if (verdicts[i].Exclusion == Exclusion.None && !string.Equals(verdicts[i].Offer.Currency, preferred.Currency, StringComparison.Ordinal))
                verdicts[i] = (verdicts[i].Offer, Exclusion.OtherCurrency);
        var cheapest = eligible.Where(o => string.Equals(o.Currency, preferred.Currency, StringComparison.Ordinal))
            .OrderBy(o => o.Price).ThenBy(o => o.Priority).ThenBy(o => o.FeedId, StringComparer.Ordinal).First();

        if (ReferenceEquals(cheapest, preferred))
            return new BestPriceChoice(preferred, "The preferred distributor is also the cheapest.", verdicts);
        // "At least X% lower": exactly X% lower wins. Decimal arithmetic, so the boundary is exact.
        var threshold = preferred.Price * (1 - PreferCheaperByPercent / 100m);
        return cheapest.Price <= threshold
            ? new BestPriceChoice(cheapest, $"{Percent(cheapest, preferred)}% below the preferred distributor {preferred.FeedId} (at least {PreferCheaperByPercent}% needed).", verdicts)
            : new BestPriceChoice(preferred, $"The cheapest ({cheapest.FeedId}) is only {Percent(cheapest, preferred)}% lower; at least {PreferCheaperByPercent}% is needed to leave the preferred distributor.", verdicts);
    }

    private Exclusion Screen(Offer offer, DateTimeOffset now)
    {
        if (offer.InStock == false) return Exclusion.OutOfStock;
        if (offer.AsOf is not { } asOf || now - asOf > IgnoreOlderThan) return Exclusion.TooOld;
        return Exclusion.None;
    }

    private static decimal Percent(Offer cheaper, Offer preferred) =>
        Math.Round((preferred.Price - cheaper.Price) / preferred.Price * 100m, 2, MidpointRounding.AwayFromZero);
}
