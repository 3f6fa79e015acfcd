using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Flurl.Http;
using Flurl.Http.Testing;

namespace Connect.Infrastructure.Tests.PrestaShop;

public sealed class PrestaShopClientTests
{
    private const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456";

    private static PrestaShopClient NewClient(int retries = 2, int? shopId = null, bool wsKey = false) => new(new PrestaShopClientOptions
    {
        BaseUrl = "https://shop.example",
        ApiKey = Key,
        ShopId = shopId,
        LanguageId = 1,
        RetryCount = retries,
        RetryBaseDelay = TimeSpan.Zero,
        UseWsKeyQueryParameter = wsKey,
    });

    private static string Url(FlurlCall call) => call.Request.Url.ToString();

    private static string? Auth(FlurlCall call) => call.Request.Headers.TryGetFirst("Authorization", out var v) ? v : null;

    private static string Products(params long[] ids) =>
        "<prestashop><products>" + string.Concat(ids.Select(i => $"<product><id><![CDATA[{i}]]></id></product>")) + "</products></prestashop>";

    private static string Orders(params (long Id, string DateUpd)[] rows) =>
        "<prestashop><orders>" + string.Concat(rows.Select(r =>
            $"<order><id><![CDATA[{r.Id}]]></id><date_upd><![CDATA[{r.DateUpd}]]></date_upd></order>")) + "</orders></prestashop>";

    [Fact]
    public async Task Sends_the_key_as_basic_user_with_empty_password_and_reads_the_version()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("root.xml"), 200, Capture.Headers812);
        using var client = NewClient();

        var root = await client.GetRootAsync();

        root.ShopName.ShouldBe("PS Lab");
        Url(http.CallLog[0]).ShouldBe("https://shop.example/api/");
        Auth(http.CallLog[0]).ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Key + ":")));
        client.Version!.Raw.ShouldBe("8.1.2");
        client.Version.Value.ShouldBe(new Version(8, 1, 2));
        client.AuthorizationHeaderStripped.ShouldBeFalse();
    }

    [Theory]
    [InlineData("https://shop.example/api")]
    [InlineData("https://shop.example/api/")]
    [InlineData("https://shop.example/")]
    public void Base_url_with_or_without_api_gives_the_same_root(string baseUrl) =>
        new PrestaShopClientOptions { BaseUrl = baseUrl, ApiKey = Key }.ApiRoot.ShouldBe("https://shop.example/api/");

    [Fact]
    public async Task Listing_sends_encoded_filters_sort_limit_date_and_id_shop()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("orders/full.xml"));
        using var client = NewClient(shopId: 2);

        var orders = await client.ListAsync<Order>(PrestaShopQuery.Create()
            .GreaterThan("date_upd", new DateTime(2026, 11, 28, 1, 19, 0)).OrderBy("date_upd").Page(0, 50));

        orders.Count.ShouldBe(5);
        var call = http.CallLog.Single();
        call.Request.Verb.ShouldBe(HttpMethod.Get);
        call.Request.Url.Path.ShouldBe("/api/orders");
        Capture.Query(call, "display").ShouldBe("full");
        Capture.Query(call, "filter[date_upd]").ShouldBe(">[2026-11-28 01:19:00]");
        Capture.Query(call, "sort").ShouldBe("[date_upd_ASC]");
        Capture.Query(call, "limit").ShouldBe("0,50");
        Capture.Query(call, "date").ShouldBe("1");
        Capture.Query(call, "id_shop").ShouldBe("2");
        Url(http.CallLog[0]).ShouldContain("filter%5Bdate_upd%5D=%3E%5B2026-11-28%2001%3A19%3A00%5D");
    }

    [Fact]
    public async Task Paging_sorts_by_id_and_stops_at_the_first_short_page()
    {
        using var http = new HttpTest();
        http.RespondWith(Products(1, 2)).RespondWith(Products(3, 4)).RespondWith(Products(5));
        using var client = NewClient();

        var pages = new List<IReadOnlyList<Product>>();
        await foreach (var page in client.PagesAsync<Product>(pageSize: 2))
            pages.Add(page);

        pages.Select(p => p.Select(x => x.Id)).ShouldBe([[1L, 2], [3L, 4], [5L]]);
        http.CallLog.Count.ShouldBe(3);
        http.CallLog.Select(c => c.Request.Url.QueryParams.FirstOrDefault("limit")?.ToString()).ShouldBe(["0,2", "2,2", "4,2"]);
        http.CallLog.ShouldAllBe(c => c.Request.Url.QueryParams.FirstOrDefault("sort")!.ToString() == "[id_ASC]");
    }

    [Fact]
    public async Task Paging_stops_on_an_empty_page()
    {
        using var http = new HttpTest();
        http.RespondWith(Products(1, 2)).RespondWith(Capture.Text("quirks/products.limit-100,3.xml"));
        using var client = NewClient();

        var count = 0;
        await foreach (var page in client.PagesAsync<Product>(pageSize: 2))
            count += page.Count;

        count.ShouldBe(2);
        http.CallLog.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Keyset_read_keeps_rows_sharing_the_cursor_second_and_skips_those_already_seen()
    {
        using var http = new HttpTest();
        http.RespondWith(Orders((4, "2026-11-28 01:19:00"), (5, "2026-11-28 01:19:00"), (6, "2026-11-28 01:19:00")))
            .RespondWith(Orders((7, "2026-11-28 01:19:00"), (8, "2026-11-28 01:19:05")));
        using var client = NewClient();
        var since = new PrestaShopCursor(new DateTime(2026, 11, 28, 1, 19, 0), 5);

        var pages = new List<ChangedPage<Order>>();
        await foreach (var page in client.ChangesSinceAsync<Order>(since, TimeSpan.FromMinutes(5), pageSize: 3))
            pages.Add(page);

        pages.SelectMany(p => p.Items).Select(o => o.Id).ShouldBe([6L, 7, 8]);
        pages[^1].Cursor.ShouldBe(new PrestaShopCursor(new DateTime(2026, 11, 28, 1, 19, 5), 8));
        var first = http.CallLog[0];
        Capture.Query(first, "filter[date_upd]").ShouldBe(">[2026-11-28 01:13:59]");
        Capture.Query(first, "sort").ShouldBe("[date_upd_ASC,id_ASC]");
        Capture.Query(first, "date").ShouldBe("1");
        Capture.Query(first, "limit").ShouldBe("0,3");
        var second = http.CallLog[1];
        Capture.Query(second, "filter[date_upd]").ShouldBe(">[2026-11-28 01:18:59]");
        Capture.Query(second, "limit").ShouldBe("3,3");
    }

    [Fact]
    public async Task Stripped_authorization_header_falls_back_to_ws_key_and_reports_it()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("errors/401.no-key.xml"), 401)
            .RespondWith(Capture.Text("root.xml"), 200, Capture.Headers812)
            .RespondWith(Capture.Text("shops/full.xml"), 200, Capture.Headers812);
        using var client = NewClient();

        await client.GetRootAsync();
        await client.GetShopsAsync();

        client.AuthorizationHeaderStripped.ShouldBeTrue();
        Auth(http.CallLog[0]).ShouldNotBeNull();
        http.CallLog[0].Request.Url.QueryParams.Contains("ws_key").ShouldBeFalse();
        http.CallLog[1].Request.Url.QueryParams.FirstOrDefault("ws_key").ShouldBe(Key);
        Auth(http.CallLog[1]).ShouldBeNull();
        http.CallLog[2].Request.Url.QueryParams.FirstOrDefault("ws_key").ShouldBe(Key);
        http.CallLog.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Code_16_answer_also_triggers_the_ws_key_fallback()
    {
        using var http = new HttpTest();
        http.RespondWith("<prestashop><errors><error><code><![CDATA[16]]></code><message><![CDATA[Please enter the authentication key as the login.]]></message></error></errors></prestashop>", 401)
            .RespondWith(Capture.Text("root.xml"));
        using var client = NewClient();

        await client.GetRootAsync();

        client.AuthorizationHeaderStripped.ShouldBeTrue();
    }

    [Fact]
    public async Task Bad_key_does_not_fall_back_to_ws_key()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("errors/401.bad-key.xml"), 401);
        using var client = NewClient();

        var ex = await Should.ThrowAsync<PrestaShopException>(() => client.GetRootAsync());

        ex.Kind.ShouldBe(PrestaShopErrorKind.BadKey);
        http.CallLog.Count.ShouldBe(1);
        client.AuthorizationHeaderStripped.ShouldBeFalse();
    }

    [Fact]
    public async Task Key_never_appears_in_exception_messages_urls_or_ToString()
    {
        using var http = new HttpTest();
        http.RespondWith("", 500).SimulateTimeout().SimulateException(new HttpRequestException("connection reset"));
        using var client = NewClient(retries: 0, wsKey: true);

        var server = await Should.ThrowAsync<PrestaShopException>(() => client.GetRootAsync());
        var timeout = await Should.ThrowAsync<PrestaShopException>(() => client.GetRootAsync());
        var network = await Should.ThrowAsync<PrestaShopException>(() => client.GetRootAsync());

        http.CallLog[0].Request.Url.QueryParams.FirstOrDefault("ws_key").ShouldBe(Key); // the key was really sent
        foreach (var ex in new[] { server, timeout, network })
        {
            ex.Message.ShouldNotContain(Key);
            ex.ToString().ShouldNotContain(Key);
            ex.Url!.ShouldContain("ws_key=***");
        }
        (server.Kind, timeout.Kind, network.Kind).ShouldBe((PrestaShopErrorKind.ServerError, PrestaShopErrorKind.Timeout, PrestaShopErrorKind.Network));
        client.Options.ToString().ShouldNotContain(Key);
    }

    [Fact]
    public async Task A_cancelled_call_is_a_plain_cancellation_that_does_not_name_the_url_or_key()
    {
        using var cancel = new CancellationTokenSource();
        using var client = new PrestaShopClient(new PrestaShopClientOptions
        {
            BaseUrl = "https://shop.example", ApiKey = Key, RetryCount = 0, UseWsKeyQueryParameter = true,
        }, new ShopThatNeverAnswers(cancel));

        var ex = await Should.ThrowAsync<Exception>(() => client.GetRootAsync(cancel.Token));

        ex.ShouldBeAssignableTo<OperationCanceledException>();
        ex.ShouldNotBeAssignableTo<FlurlHttpException>();
        ex.ToString().ShouldNotContain(Key);
        ex.ToString().ShouldNotContain("shop.example");
    }

    /// <summary>A server that takes the request (so Flurl is mid-call) and cancels the caller instead of answering.</summary>
    private sealed class ShopThatNeverAnswers(CancellationTokenSource caller) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await caller.CancelAsync();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    [Fact]
    public async Task A_redirect_is_not_followed_nor_taken_for_a_stripped_header_and_names_the_address_to_use()
    {
        using var http = new HttpTest();
        http.RespondWith("", 301, new { Location = "https://www.shop.example/api/" })
            .RespondWith(Capture.Text("errors/401.no-key.xml"), 401)
            .RespondWith(Capture.Text("root.xml"), 200, Capture.Headers812);
        using var client = NewClient(retries: 0);

        var ex = await Should.ThrowAsync<PrestaShopException>(() => client.GetRootAsync());

        ex.Kind.ShouldBe(PrestaShopErrorKind.Redirected);
        ex.IsFatal.ShouldBeTrue();
        ex.Explanation.ShouldContain("Enter https://www.shop.example as the shop URL");
        http.CallLog.Count.ShouldBe(1);
        http.CallLog.ShouldAllBe(c => !c.Request.Url.QueryParams.Contains("ws_key"));
        client.AuthorizationHeaderStripped.ShouldBeFalse();
    }

    [Theory]
    [InlineData("http://shop.example", false, true)]
    [InlineData("http://shop.example", true, false)]
    [InlineData("http://127.0.0.1:8080", false, false)]
    [InlineData("http://localhost:5000", false, false)]
    public async Task Plain_http_is_refused_except_on_loopback_or_with_the_explicit_opt_in(string baseUrl, bool optIn, bool refused)
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("root.xml"), 200, Capture.Headers812);
        using var client = new PrestaShopClient(new PrestaShopClientOptions { BaseUrl = baseUrl, ApiKey = Key, RetryCount = 0, AllowInsecureHttp = optIn });

        var call = client.GetRootAsync();

        if (refused)
        {
            var ex = await Should.ThrowAsync<PrestaShopException>(() => call);
            (ex.Kind, ex.IsFatal).ShouldBe((PrestaShopErrorKind.InsecureUrl, true));
            ex.Explanation.ShouldContain("PrestaShop:AllowInsecureHttp");
            http.CallLog.ShouldBeEmpty();
        }
        else
        {
            await call;
            http.CallLog.Count.ShouldBe(1);
        }
    }

    [Fact]
    public async Task Get_is_retried_after_5xx_without_code_and_after_a_timeout()
    {
        using var http = new HttpTest();
        http.RespondWith("", 502).SimulateTimeout().RespondWith(Capture.Text("carriers/full.xml"));
        using var client = NewClient(retries: 2);

        (await client.GetCarriersAsync()).Count.ShouldBe(4);
        http.CallLog.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Get_is_not_retried_when_prestashop_names_the_error()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("quirks/products.unknown-filter-field.xml"), 500);
        using var client = NewClient(retries: 3);

        var ex = await Should.ThrowAsync<PrestaShopException>(() => client.ListAsync<Product>(PrestaShopQuery.Create().Equal("no_such_field", 1)));

        ex.Kind.ShouldBe(PrestaShopErrorKind.InvalidQuery);
        http.CallLog.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Get_gives_up_after_the_configured_retries()
    {
        using var http = new HttpTest();
        http.RespondWith("", 500).RespondWith("", 500).RespondWith("", 500).RespondWith("", 500);
        using var client = NewClient(retries: 2);

        var ex = await Should.ThrowAsync<PrestaShopException>(() => client.GetOrderStatesAsync());

        ex.IsTransient.ShouldBeTrue();
        http.CallLog.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Post_is_never_retried()
    {
        using var http = new HttpTest();
        http.RespondWith("", 500).RespondWith(Capture.Text("writes/16.order_history.post.response.xml"), 201);
        using var client = NewClient(retries: 3);

        await Should.ThrowAsync<PrestaShopException>(() => client.PostAsync("order_histories", new XElement("order_history")));

        http.CallLog.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Missing_record_404_empty_body_is_NotFound()
    {
        using var http = new HttpTest();
        http.RespondWith("", 404);
        using var client = NewClient();

        (await Should.ThrowAsync<PrestaShopException>(() => client.GetAsync<Product>(999999))).Kind.ShouldBe(PrestaShopErrorKind.NotFound);
        http.CallLog.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Html_page_instead_of_xml_is_reported_with_its_fix()
    {
        using var http = new HttpTest();
        http.RespondWith("<!DOCTYPE html><html><head><title>Maintenance</title></head></html>");
        using var client = NewClient();

        var ex = await Should.ThrowAsync<PrestaShopException>(() => client.GetRootAsync());

        ex.Kind.ShouldBe(PrestaShopErrorKind.HtmlInsteadOfXml);
        ex.IsFatal.ShouldBeTrue();
    }

    [Fact]
    public async Task Update_is_get_modify_put_without_read_only_fields_and_keeps_all_others()
    {
        using var http = new HttpTest();
        var before = Capture.Text("writes/37.product.3.get-for-clean-put.response.xml");
        http.RespondWith(before).RespondWith(before);
        using var client = NewClient();

        await client.UpdateFieldsAsync("products", 3, new Dictionary<string, string> { ["wholesale_price"] = "6.500000" });

        var put = http.CallLog[1];
        put.Request.Verb.ShouldBe(HttpMethod.Put);
        Url(put).ShouldBe("https://shop.example/api/products/3");
        var sent = PsXml.Load(put.RequestBody!).Root!.Element("product")!;
        var original = PsXml.Load(before).Root!.Element("product")!;
        sent.Element("manufacturer_name").ShouldBeNull();
        sent.Element("quantity").ShouldBeNull();
        sent.Element("position_in_category").ShouldBeNull();
        sent.Element("wholesale_price")!.Value.ShouldBe("6.500000");
        sent.Elements().Select(e => e.Name.LocalName).ShouldBe(original.Elements().Select(e => e.Name.LocalName)
            .Where(n => n is not ("manufacturer_name" or "quantity" or "position_in_category")));
        sent.Element("name")!.Elements("language").Count().ShouldBe(2);
        sent.Element("associations")!.ToString().ShouldBe(original.Element("associations")!.ToString());
        sent.Element("price")!.Value.ShouldBe(original.Element("price")!.Value);
    }

    [Fact]
    public async Task Set_stock_quantity_changes_only_quantity_and_keeps_id_shop()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("writes/02.stock_available.get-before.response.xml"))
            .RespondWith(Capture.Text("writes/04.stock_available.put-quantity.response.xml"));
        using var client = NewClient();

        var saved = await client.SetStockQuantityAsync(20, 307);

        saved.Quantity.ShouldBe(307);
        var sent = PsXml.Load(http.CallLog[1].RequestBody!).Root!.Element("stock_available")!;
        var before = Capture.Doc("writes/02.stock_available.get-before.response.xml").Root!.Element("stock_available")!;
        sent.Elements().Select(e => e.Name.LocalName).ShouldBe(before.Elements().Select(e => e.Name.LocalName));
        foreach (var field in before.Elements().Where(e => e.Name.LocalName != "quantity"))
            sent.Element(field.Name)!.Value.ShouldBe(field.Value);
        sent.Element("quantity")!.Value.ShouldBe("307");
        sent.Element("id_shop")!.Value.ShouldBe("1");
        Url(http.CallLog[1]).ShouldBe("https://shop.example/api/stock_availables/20");
    }

    [Fact]
    public async Task Set_stock_quantity_refuses_rows_that_depend_on_advanced_stock_management()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("writes/02.stock_available.get-before.response.xml")
            .Replace("<depends_on_stock><![CDATA[0]]>", "<depends_on_stock><![CDATA[1]]>"));
        using var client = NewClient();

        var ex = await Should.ThrowAsync<PrestaShopException>(() => client.SetStockQuantityAsync(20, 5));

        ex.Kind.ShouldBe(PrestaShopErrorKind.AsmEnabled);
        ex.Explanation.ShouldContain("Advanced Stock Management");
        http.CallLog.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Ambiguous_put_failure_is_checked_by_re_reading()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("writes/02.stock_available.get-before.response.xml"))
            .RespondWith("<prestashop><errors><error><code><![CDATA[3]]></code><message><![CDATA[[PHP Warning #2] x]]></message></error></errors></prestashop>", 500)
            .RespondWith(Capture.Text("writes/04.stock_available.put-quantity.response.xml"));
        using var client = NewClient(retries: 0);

        var saved = await client.SetStockQuantityAsync(20, 307);

        saved.Quantity.ShouldBe(307);
        http.CallLog.Select(c => c.Request.Verb.Method).ShouldBe(["GET", "PUT", "GET"]);
    }

    [Fact]
    public async Task Ambiguous_put_failure_that_did_not_land_is_reported()
    {
        using var http = new HttpTest();
        var before = Capture.Text("writes/02.stock_available.get-before.response.xml");
        http.RespondWith(before).RespondWith("", 500).RespondWith(before);
        using var client = NewClient(retries: 0);

        (await Should.ThrowAsync<PrestaShopException>(() => client.SetStockQuantityAsync(20, 307))).Kind.ShouldBe(PrestaShopErrorKind.ServerError);
    }

    [Fact]
    public async Task Tracking_number_is_validated_before_anything_is_sent()
    {
        using var http = new HttpTest();
        using var client = NewClient();

        var ex = await Should.ThrowAsync<PrestaShopException>(() => client.SetTrackingNumberAsync(2, "<script>", sendEmail: true));

        ex.Kind.ShouldBe(PrestaShopErrorKind.Validation);
        http.ShouldNotHaveMadeACall();
    }

    [Fact]
    public async Task Tracking_number_put_asks_for_the_mail_on_1_7_and_later()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("writes/24.order_carrier.get-before.response.xml"), 200, Capture.Headers812)
            .RespondWith(Capture.Text("writes/25.order_carrier.put-tracking.response.xml"), 200, Capture.Headers812);
        using var client = NewClient();

        var saved = await client.SetTrackingNumberAsync(2, "PSLAB-TRACK-0002", sendEmail: true);

        saved.TrackingNumber.ShouldBe("PSLAB-TRACK-0002");
        http.ShouldHaveCalled("https://shop.example/api/order_carriers/2*").WithVerb(HttpMethod.Put).WithQueryParam("sendemail", "1");
        var sent = PsXml.Load(http.CallLog[1].RequestBody!).Root!.Element("order_carrier")!;
        sent.Element("tracking_number")!.Value.ShouldBe("PSLAB-TRACK-0002");
        sent.Element("id_order_invoice")!.Value.ShouldBe("1");
        sent.Element("shipping_cost_tax_incl")!.Value.ShouldBe("8.400000");
    }

    [Fact]
    public async Task Tracking_number_put_does_not_send_sendemail_to_1_6()
    {
        using var http = new HttpTest();
        var headers16 = new Dictionary<string, string> { ["PSWS-Version"] = "1.6.1.24" };
        http.RespondWith(Capture.Text("writes/24.order_carrier.get-before.response.xml"), 200, headers16)
            .RespondWith(Capture.Text("writes/25.order_carrier.put-tracking.response.xml"), 200, headers16);
        using var client = NewClient();

        await client.SetTrackingNumberAsync(2, "PSLAB-TRACK-0002", sendEmail: true);

        client.Version!.Value.ShouldBe(new Version(1, 6, 1, 24));
        http.CallLog[1].Request.Url.QueryParams.Contains("sendemail").ShouldBeFalse();
    }

    [Fact]
    public async Task Order_history_is_posted_as_xml_with_sendemail()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("writes/14.order.2.get-before.response.xml"))
            .RespondWith(Capture.Text("writes/16.order_history.post.response.xml"), 201);
        using var client = NewClient();

        var change = await client.AddOrderHistoryAsync(2, 2, sendEmail: true);

        change.ShouldBe(new OrderStateChange(2, 2, Created: true, AlreadyInState: false, OrderHistoryId: 8));
        http.ShouldHaveCalled("https://shop.example/api/order_histories*").WithVerb(HttpMethod.Post).WithQueryParam("sendemail", "1").Times(1);
        var sent = PsXml.Load(http.CallLog[1].RequestBody!).Root!.Element("order_history")!;
        (sent.Element("id_order")!.Value, sent.Element("id_order_state")!.Value).ShouldBe(("2", "2"));
    }

    [Fact]
    public async Task Order_history_is_not_posted_when_the_order_is_already_in_the_state()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("writes/17.order.2.get-after.response.xml"));
        using var client = NewClient();

        var change = await client.AddOrderHistoryAsync(2, 2, sendEmail: false);

        change.AlreadyInState.ShouldBeTrue();
        change.Created.ShouldBeFalse();
        http.ShouldNotHaveCalled("*order_histories*");
    }

    [Fact]
    public async Task Ambiguous_order_history_failure_is_resolved_by_re_reading_the_order_not_by_posting_again()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("writes/14.order.2.get-before.response.xml"))
            .RespondWith("", 500)
            .RespondWith(Capture.Text("writes/17.order.2.get-after.response.xml"));
        using var client = NewClient();

        var change = await client.AddOrderHistoryAsync(2, 2, sendEmail: false);

        change.Created.ShouldBeTrue();
        http.CallLog.Select(c => c.Request.Verb.Method).ShouldBe(["GET", "POST", "GET"]);
    }

    [Fact]
    public async Task Order_history_failure_that_did_not_land_is_reported()
    {
        using var http = new HttpTest();
        var before = Capture.Text("writes/14.order.2.get-before.response.xml");
        http.RespondWith(before).RespondWith("", 500).RespondWith(before);
        using var client = NewClient();

        await Should.ThrowAsync<PrestaShopException>(() => client.AddOrderHistoryAsync(2, 999, sendEmail: false));
        http.CallLog.Count(c => c.Request.Verb == HttpMethod.Post).ShouldBe(1);
    }

    [Fact]
    public async Task Image_download_returns_bytes_and_content_type()
    {
        using var http = new HttpTest();
        var bytes = Capture.Bytes("images/products.1.1.small_default.jpg");
        http.RespondWith(() => new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } });
        using var client = NewClient();

        var image = await client.DownloadImageAsync(1, 1, "small_default");

        image.ContentType.ShouldBe("image/jpeg");
        image.Content.ShouldBe(bytes);
        Url(http.CallLog[0]).ShouldBe("https://shop.example/api/images/products/1/1/small_default");
    }

    [Fact]
    public async Task Image_missing_on_disk_is_ImageMissing_and_not_retried()
    {
        using var http = new HttpTest();
        http.RespondWith("<prestashop><errors><error><code><![CDATA[61]]></code><message><![CDATA[This image does not exist on disk]]></message></error></errors></prestashop>", 500);
        using var client = NewClient(retries: 3);

        (await Should.ThrowAsync<PrestaShopException>(() => client.DownloadImageAsync(1, 9))).Kind.ShouldBe(PrestaShopErrorKind.ImageMissing);
        http.CallLog.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Image_list_is_read_from_images_products()
    {
        using var http = new HttpTest();
        http.RespondWith(Capture.Text("images/products.1.xml"));
        using var client = NewClient(shopId: 1);

        (await client.GetImageListAsync(1)).ImageIds.ShouldBe([1L, 2]);
        Url(http.CallLog[0]).ShouldBe("https://shop.example/api/images/products/1?id_shop=1");
    }
}
