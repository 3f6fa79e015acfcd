using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Flurl.Http.Testing;

namespace Connect.Infrastructure.Tests.PrestaShop;

public sealed class PrestaShopConnectionTestTests
{
    private static PrestaShopClient NewClient() => new(new PrestaShopClientOptions
    {
        BaseUrl = "https://shop.example",
        ApiKey = "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456",
        RetryCount = 0,
        RetryBaseDelay = TimeSpan.Zero,
    });

    [Fact]
    public async Task Healthy_shop_reports_version_shop_names_and_stock_management()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("root.xml"), 200, Capture.Headers812)
            .RespondWith(Capture.Text("shops/full.xml"), 200, Capture.Headers812)
            .RespondWith(Capture.Text("configurations/full.filter-stock-mgmt.xml"), 200, Capture.Headers812)
            .RespondWith("<prestashop><stock_availables/></prestashop>", 200, Capture.Headers812);
        using var client = NewClient();

        var result = await client.TestConnectionAsync();

        result.Failure.ShouldBeNull();
        result.Success.ShouldBeTrue();
        result.Version!.Raw.ShouldBe("8.1.2");
        result.ShopNames.ShouldBe(["PS Lab"]);
        result.MissingPermissions.ShouldBeEmpty();
        result.StockManagementEnabled.ShouldBeTrue();
        result.AsmEnabled.ShouldBeFalse();
        result.AuthorizationHeaderStripped.ShouldBeFalse();
        result.AuthorizationHeaderAdvice.ShouldBeNull();
        Capture.Query(http.CallLog[2], "filter[name]").ShouldBe("[PS_ADVANCED_STOCK_MANAGEMENT|PS_STOCK_MANAGEMENT]");
        Capture.Query(http.CallLog[3], "filter[depends_on_stock]").ShouldBe("[1]");
        Capture.Query(http.CallLog[3], "limit").ShouldBe("1");
    }

    [Fact]
    public async Task Missing_permissions_are_listed_in_words_an_admin_can_act_on()
    {
        using var http = new HttpTest();
        var root = Capture.Text("root.xml")
            .Replace("<orders xlink:href=\"http://127.0.0.1:8080/api/orders\" get=\"true\"", "<orders xlink:href=\"http://127.0.0.1:8080/api/orders\" get=\"false\"")
            .Replace("<order_histories xlink:href=\"http://127.0.0.1:8080/api/order_histories\" get=\"true\" put=\"true\" post=\"true\"",
                "<order_histories xlink:href=\"http://127.0.0.1:8080/api/order_histories\" get=\"true\" put=\"true\" post=\"false\"");
        http.RespondWith(root).RespondWith(Capture.Text("shops/full.xml"))
            .RespondWith(Capture.Text("configurations/full.filter-stock-mgmt.xml")).RespondWith("<prestashop><stock_availables/></prestashop>");
        using var client = NewClient();

        var result = await client.TestConnectionAsync();

        result.Success.ShouldBeFalse();
        result.MissingPermissions.ShouldBe([new MissingPermission("orders", "GET"), new MissingPermission("order_histories", "POST")]);
        result.MissingPermissions[0].Fix.ShouldBe("Tick GET for 'orders' in Advanced Parameters > Webservice > your key, then save.");
    }

    [Fact]
    public async Task Depends_on_stock_rows_mark_asm_as_enabled()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("root.xml")).RespondWith(Capture.Text("shops/full.xml"))
            .RespondWith(Capture.Text("configurations/full.filter-stock-mgmt.xml"))
            .RespondWith("<prestashop><stock_availables><stock_available id=\"7\"/></stock_availables></prestashop>");
        using var client = NewClient();

        var result = await client.TestConnectionAsync();

        result.AsmEnabled.ShouldBeTrue();
        result.DependsOnStockRowsFound.ShouldBeTrue();
    }

    [Fact]
    public async Task Stripped_header_is_reported_with_the_cgi_mode_advice()
    {
        using var http = new HttpTest();
        http.RespondWith("401 Unauthorized", 401).RespondWith(Capture.Text("root.xml")).RespondWith(Capture.Text("shops/full.xml"))
            .RespondWith(Capture.Text("configurations/full.filter-stock-mgmt.xml")).RespondWith("<prestashop><stock_availables/></prestashop>");
        using var client = NewClient();

        var result = await client.TestConnectionAsync();

        result.AuthorizationHeaderStripped.ShouldBeTrue();
        result.AuthorizationHeaderAdvice!.ShouldContain("CGI mode");
        result.Failure.ShouldBeNull();
    }

    [Fact]
    public async Task Bad_key_is_returned_as_failure_not_thrown()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("errors/401.bad-key.xml"), 401);
        using var client = NewClient();

        var result = await client.TestConnectionAsync();

        result.Success.ShouldBeFalse();
        result.Failure!.Kind.ShouldBe(PrestaShopErrorKind.BadKey);
    }
}
