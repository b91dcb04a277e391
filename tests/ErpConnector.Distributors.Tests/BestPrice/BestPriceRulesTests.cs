using ErpConnector.Distributors.BestPrice;

namespace ErpConnector.Distributors.Tests.BestPrice;

/// <summary>The best-price rules on their own: priority, the "at least X% cheaper" threshold (exactly at X% the
/// cheaper one wins), age, stock, currency, ties and a single distributor.</summary>
public sealed class BestPriceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly BestPriceRules TenPercent = new(10m, TimeSpan.FromDays(7));

    private static Offer O(string feed, decimal price, int priority = 100, double ageDays = 0, bool? inStock = null, string currency = "USD") =>
        new(feed, $"{feed}-SKU", price, currency, priority, Now.AddDays(-ageDays), inStock);

    [Fact]
    public void The_preferred_distributor_is_kept_when_the_cheaper_one_is_less_than_the_threshold_lower()
    {
        var choice = TenPercent.Choose([O("a", 100m, priority: 1), O("b", 90.01m, priority: 2)], Now);
        Assert.Equal("a", choice.Chosen!.FeedId);
        Assert.Contains("at least 10", choice.Reason);
    }

    [Fact]
    public void A_cheaper_distributor_exactly_at_the_threshold_wins()
    {
        var choice = TenPercent.Choose([O("a", 100m, priority: 1), O("b", 90.00m, priority: 2)], Now);
        Assert.Equal("b", choice.Chosen!.FeedId);
    }

    [Fact]
    public void Among_several_cheaper_ones_the_cheapest_wins_and_the_priority_order_not_the_input_order_decides_the_preferred()
    {
        var choice = TenPercent.Choose([O("c", 80m, priority: 3), O("b", 85m, priority: 2), O("a", 100m, priority: 1)], Now);
        Assert.Equal("c", choice.Chosen!.FeedId);
        var kept = TenPercent.Choose([O("c", 95m, priority: 3), O("a", 100m, priority: 1), O("b", 99m, priority: 2)], Now);
        Assert.Equal("a", kept.Chosen!.FeedId);
    }

    [Fact]
    public void With_a_zero_threshold_the_cheapest_always_wins()
    {
        var rules = new BestPriceRules(0m, TimeSpan.FromDays(7));
        Assert.Equal("b", rules.Choose([O("a", 100m, priority: 1), O("b", 99.99m, priority: 2)], Now).Chosen!.FeedId);
    }

    [Fact]
    public void Out_of_stock_offers_are_left_out_and_a_feed_that_does_not_say_counts_as_available()
    {
        var choice = TenPercent.Choose([O("a", 100m, priority: 1, inStock: null), O("b", 50m, priority: 2, inStock: false)], Now);
        Assert.Equal("a", choice.Chosen!.FeedId);
        Assert.Equal(Exclusion.OutOfStock, choice.Verdicts.Single(v => v.Offer.FeedId == "b").Exclusion);
        Assert.Equal(Exclusion.None, choice.Verdicts.Single(v => v.Offer.FeedId == "a").Exclusion);
    }

    [Fact]
    public void Offers_older_than_the_limit_are_left_out_and_one_exactly_at_the_limit_is_kept()
    {
        var choice = TenPercent.Choose([O("a", 100m, priority: 1, ageDays: 7.0001), O("b", 95m, priority: 2, ageDays: 7)], Now);
        Assert.Equal("b", choice.Chosen!.FeedId); // the preferred one is too old, so b is all there is
        Assert.Equal(Exclusion.TooOld, choice.Verdicts.Single(v => v.Offer.FeedId == "a").Exclusion);
    }

    [Fact]
    public void A_feed_never_synced_has_no_age_and_is_left_out()
    {
        var never = new Offer("a", "A-1", 10m, "USD", 1, null, true);
        var choice = TenPercent.Choose([never], Now);
        Assert.Null(choice.Chosen);
        Assert.Equal(Exclusion.TooOld, Assert.Single(choice.Verdicts).Exclusion);
    }

    [Fact]
    public void Nothing_is_chosen_when_every_offer_is_left_out()
    {
        var choice = TenPercent.Choose([O("a", 100m, inStock: false), O("b", 90m, ageDays: 30)], Now);
        Assert.Null(choice.Chosen);
        Assert.Equal(2, choice.Verdicts.Count);
    }

    [Fact]
    public void A_single_distributor_is_chosen_whatever_its_priority()
    {
        var choice = TenPercent.Choose([O("only", 123.45m, priority: 900)], Now);
        Assert.Equal("only", choice.Chosen!.FeedId);
        Assert.Equal(123.45m, choice.Chosen.Price);
    }

    [Fact]
    public void Ties_same_priority_goes_to_the_cheaper_and_same_price_and_priority_to_the_lower_feed_id()
    {
        Assert.Equal("b", TenPercent.Choose([O("a", 100m, priority: 5), O("b", 99m, priority: 5)], Now).Chosen!.FeedId);
        Assert.Equal("a", TenPercent.Choose([O("b", 100m, priority: 5), O("a", 100m, priority: 5)], Now).Chosen!.FeedId);
        // Same price, different priority: the preferred one, never a "cheaper" one that is not cheaper.
        Assert.Equal("z", TenPercent.Choose([O("a", 100m, priority: 9), O("z", 100m, priority: 1)], Now).Chosen!.FeedId);
    }

    [Fact]
    public void Prices_in_another_currency_than_the_preferred_offer_are_not_compared()
    {
        var choice = TenPercent.Choose([O("a", 100m, priority: 1, currency: "USD"), O("b", 10m, priority: 2, currency: "BRL")], Now);
        Assert.Equal("a", choice.Chosen!.FeedId);
        Assert.Equal(Exclusion.OtherCurrency, choice.Verdicts.Single(v => v.Offer.FeedId == "b").Exclusion);
    }

    [Fact]
    public void No_offer_at_all_chooses_nothing()
    {
        var choice = TenPercent.Choose([], Now);
        Assert.Null(choice.Chosen);
        Assert.Empty(choice.Verdicts);
    }
}
