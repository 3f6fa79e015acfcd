using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Tests.PrestaShop;

public sealed class PrestaShopQueryTests
{
    private static string Param(PrestaShopQuery q, string name) => q.ToParameters().Single(p => p.Key == name).Value;

    [Fact]
    public void Filter_operators_produce_prestashop_syntax()
    {
        var q = PrestaShopQuery.Create()
            .Equal("id", 3).In("current_state", [1, 10]).Between("id", 1, 10).GreaterThan("price", 9.5m)
            .LessThan("id", 3).Contains("name", "shirt").StartsWith("reference", "demo").NotIn("active", [0]);

        q.ToParameters().Where(p => p.Key.StartsWith("filter[")).Select(p => $"{p.Key}={p.Value}").ShouldBe([
            "filter[id]=[3]", "filter[current_state]=[1|10]", "filter[id]=[1,10]", "filter[price]=>[9.5]",
            "filter[id]=<[3]", "filter[name]=%[shirt]%", "filter[reference]=[demo]%", "filter[active]=![0]",
        ]);
    }

    [Fact]
    public void Display_sort_limit_and_language_are_bracketed()
    {
        var q = PrestaShopQuery.Create().Display("id", "name").OrderByDescending("price").OrderBy("id").Page(5, 3).Language(2);

        Param(q, "display").ShouldBe("[id,name]");
        Param(q, "sort").ShouldBe("[price_DESC,id_ASC]");
        Param(q, "limit").ShouldBe("5,3");
        Param(q, "language").ShouldBe("2");
        PrestaShopQuery.Create().Full().Limit(10).ToParameters().ShouldContain(new KeyValuePair<string, string>("limit", "10"));
    }

    [Fact]
    public void Date_1_is_added_when_a_filter_or_sort_uses_date_add_or_date_upd()
    {
        PrestaShopQuery.Create().GreaterThan("date_upd", new DateTime(2026, 11, 28, 1, 19, 0)).ToParameters()
            .ShouldContain(new KeyValuePair<string, string>("date", "1"));
        PrestaShopQuery.Create().OrderBy("date_add").ToParameters().ShouldContain(new KeyValuePair<string, string>("date", "1"));
        PrestaShopQuery.Create().Equal("id", 1).OrderBy("id").ToParameters().ShouldNotContain(p => p.Key == "date");
    }

    [Fact]
    public void Query_string_percent_encodes_brackets_and_comparison_signs()
    {
        var qs = PrestaShopQuery.Create().GreaterThan("date_upd", new DateTime(2026, 11, 28, 1, 19, 0)).LessThan("id", 3)
            .Contains("name", "t shirt").ToQueryString(shopId: 2);

        qs.ShouldBe("filter%5Bdate_upd%5D=%3E%5B2026-11-28%2001%3A19%3A00%5D&filter%5Bid%5D=%3C%5B3%5D"
            + "&filter%5Bname%5D=%25%5Bt%20shirt%5D%25&date=1&id_shop=2");
    }

    [Fact]
    public void Filter_values_that_would_change_the_filter_are_refused()
    {
        Should.Throw<ArgumentException>(() => PrestaShopQuery.Create().Equal("reference", "a|b"));
        Should.Throw<ArgumentException>(() => PrestaShopQuery.Create().Contains("name", "x]"));
    }
}
