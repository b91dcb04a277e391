using ErpConnector.Distributors.BestPrice;
using ErpConnector.Distributors.Configuration;

namespace ErpConnector.Service.Distributors;

/// <summary>The answer of GET /api/prices/{key}: the rules in force, the chosen offer and every offer with its age and,
/// when it was left out, why.</summary>
internal static class BestPriceView
{
    public static object From(string productKey, OfferChooser chooser, IReadOnlyList<StoredOffer> stored, DistributorsOptions settings)
    {
        var (offers, unconfigured) = chooser.Evaluate(stored);
        var choice = chooser.Rules.Choose(offers, chooser.Now);
        object Row(Offer o, Exclusion exclusion) => new
        {
            distributorId = o.FeedId,
            distributor = settings.Find(o.FeedId)?.DisplayName ?? o.FeedId,
            priority = o.Priority,
            sku = o.Sku,
            price = o.Price,
            currency = o.Currency,
            inStock = o.InStock,
            asOf = o.AsOf,
            ageSeconds = o.AsOf is { } asOf ? (long?)Math.Max(0, (chooser.Now - asOf).TotalSeconds) : null,
            chosen = choice.Chosen is { } c && c.FeedId == o.FeedId && c.Sku == o.Sku,
            leftOut = exclusion switch
            {
                Exclusion.OutOfStock => "out-of-stock",
                Exclusion.TooOld => "too-old",
                Exclusion.OtherCurrency => "other-currency",
                _ => null,
            },
        };
        return new
        {
            key = productKey,
            rules = new
            {
                matchBy = settings.MatchBy,
                preferCheaperBy = chooser.Rules.PreferCheaperByPercent,
                ignoreOlderThan = chooser.Rules.IgnoreOlderThan.ToString("c"),
            },
            chosen = choice.Chosen is { } chosen ? new { distributorId = chosen.FeedId, chosen.Sku, chosen.Price, chosen.Currency } : null,
            reason = choice.Reason,
            offers = choice.Verdicts.Select(v => Row(v.Offer, v.Exclusion))
                .Concat(unconfigured.Select(u => (object)new
                {
                    distributorId = u.FeedId, distributor = u.FeedId, priority = (int?)null, sku = u.Sku, price = u.Price, currency = u.Currency,
                    inStock = u.InStock, asOf = (DateTimeOffset?)null, ageSeconds = (long?)null, chosen = false, leftOut = "not-configured",
                }))
                .ToList(),
        };
    }
}
