using Connect.Infrastructure.Integrations.PrestaShop.Api;

namespace Connect.Infrastructure.Tests.PrestaShop;

public sealed class PrestaShopErrorMapperTests
{
    private static PrestaShopException Map(int status, string capture, string? contentType = "text/xml;charset=utf-8",
        string method = "GET", string resource = "products") =>
        PrestaShopErrorMapper.FromResponse(status, contentType, Capture.Text(capture), method, "https://shop.example/api/products", resource);

    [Fact]
    public void Bad_key_maps_to_BadKey_with_fix()
    {
        var ex = Map(401, "errors/401.bad-key.xml");

        ex.Kind.ShouldBe(PrestaShopErrorKind.BadKey);
        ex.HttpStatus.ShouldBe(401);
        ex.Errors.Select(e => e.Code).ShouldBe([20, 21]);
        ex.Errors[0].Message.ShouldBe("Authentification key is not active");
        ex.Explanation.ShouldContain("Advanced Parameters > Webservice");
        ex.IsFatal.ShouldBeTrue();
        ex.IsTransient.ShouldBeFalse();
    }

    [Fact]
    public void No_key_html_401_maps_to_BadKey()
    {
        var ex = Map(401, "errors/401.no-key.xml", "text/html; charset=utf-8");

        ex.Kind.ShouldBe(PrestaShopErrorKind.BadKey);
        ex.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Empty_404_maps_to_NotFound()
    {
        var ex = Map(404, "errors/404.product-999999.xml", null);

        ex.Kind.ShouldBe(PrestaShopErrorKind.NotFound);
        ex.IsTransient.ShouldBeFalse();
    }

    [Fact]
    public void Delete_of_missing_id_code_87_maps_to_NotFound() =>
        Map(404, "errors/delete.product-999999.xml", method: "DELETE").Kind.ShouldBe(PrestaShopErrorKind.NotFound);

    [Fact]
    public void Unknown_resource_400_code_27_maps_to_UnknownResource()
    {
        var ex = Map(400, "errors/400.unknown-resource.xml", resource: "no_such_resource");

        ex.Kind.ShouldBe(PrestaShopErrorKind.UnknownResource);
        ex.PrimaryCode.ShouldBe(27);
        ex.Explanation.ShouldContain("no_such_resource");
    }

    [Theory]
    [InlineData("quirks/products.unknown-filter-field.xml", 32)]
    [InlineData("quirks/products.bad-sort-field.xml", 38)]
    [InlineData("quirks/products.bad-display-field.xml", 35)]
    [InlineData("quirks/orders.date_upd-filter-without-date1.xml", 32)]
    public void Status_500_with_php_warnings_maps_by_the_meaningful_code_not_the_status(string capture, int code)
    {
        var ex = Map(500, capture);

        ex.Kind.ShouldBe(PrestaShopErrorKind.InvalidQuery);
        ex.PrimaryCode.ShouldBe(code);
        ex.Errors.Count.ShouldBe(5);
        ex.IsTransient.ShouldBeFalse();
    }

    [Fact]
    public void Malformed_put_body_maps_to_MalformedXml_past_the_code_3_entries()
    {
        var ex = Map(500, "errors/put.malformed-xml.xml", method: "PUT", resource: "stock_availables");

        ex.Kind.ShouldBe(PrestaShopErrorKind.MalformedXml);
        ex.PrimaryCode.ShouldBe(127);
        Map(500, "errors/put.empty-body.xml", method: "PUT").Kind.ShouldBe(PrestaShopErrorKind.MalformedXml);
    }

    [Fact]
    public void Patch_not_allowed_code_25_maps_to_MissingPermission_naming_the_box()
    {
        var ex = Map(405, "errors/patch.stock_available.xml", method: "PATCH", resource: "stock_availables");

        ex.Kind.ShouldBe(PrestaShopErrorKind.MissingPermission);
        ex.Explanation.ShouldContain("Tick PATCH for 'stock_availables'");
    }

    [Fact]
    public void Bad_order_history_post_500_empty_is_a_server_error_without_codes()
    {
        var ex = Map(500, "errors/post.order_history-bad-order.xml", "text/html; charset=utf-8", "POST", "order_histories");

        ex.Kind.ShouldBe(PrestaShopErrorKind.ServerError);
        ex.Errors.ShouldBeEmpty();
        ex.IsTransient.ShouldBeTrue();
    }

    [Theory]
    [InlineData("writes/28.order_carrier.put-invalid-tracking.response.xml", PrestaShopErrorKind.Validation, 85)]
    [InlineData("writes/10.stock_available.put-invalid-quantity.response.xml", PrestaShopErrorKind.Validation, 85)]
    [InlineData("writes/08.stock_available.put-without-id.response.xml", PrestaShopErrorKind.Validation, 90)]
    [InlineData("writes/32.order_carrier.5.put-partial-missing-required.response.xml", PrestaShopErrorKind.Validation, 41)]
    [InlineData("writes/35.product.3.put-readonly-fields.response.xml", PrestaShopErrorKind.NotWritable, 93)]
    public void Recorded_write_errors_map_by_code(string capture, PrestaShopErrorKind kind, int code)
    {
        var ex = Map(400, capture, method: "PUT");

        ex.Kind.ShouldBe(kind);
        ex.PrimaryCode.ShouldBe(code);
    }

    [Fact]
    public void Webservice_disabled_503_code_22_says_where_to_enable_it()
    {
        const string body = """<?xml version="1.0"?><prestashop><errors><error><code><![CDATA[22]]></code><message><![CDATA[The PrestaShop webservice is disabled. Please activate it in the PrestaShop Back Office]]></message></error></errors></prestashop>""";
        var ex = PrestaShopErrorMapper.FromResponse(503, "text/xml", body, "GET", "https://s/api/", null);

        ex.Kind.ShouldBe(PrestaShopErrorKind.WebserviceDisabled);
        ex.Explanation.ShouldContain("Enable PrestaShop's webservice");
    }

    [Fact]
    public void Image_missing_500_code_61_has_its_own_kind()
    {
        const string body = """<prestashop><errors><error><code><![CDATA[61]]></code><message><![CDATA[This image does not exist on disk]]></message></error></errors></prestashop>""";

        PrestaShopErrorMapper.FromResponse(500, "text/xml", body, "GET", "https://s/api/images/products/1/9", "images")
            .Kind.ShouldBe(PrestaShopErrorKind.ImageMissing);
    }

    [Fact]
    public void Html_page_with_status_200_maps_to_HtmlInsteadOfXml_with_rewrite_and_maintenance_hints()
    {
        var ex = PrestaShopErrorMapper.FromResponse(200, "text/html", "<!DOCTYPE html><html><body>Maintenance</body></html>", "GET", "https://s/api/", null);

        ex.Kind.ShouldBe(PrestaShopErrorKind.HtmlInsteadOfXml);
        ex.Explanation.ShouldContain("maintenance");
        ex.Explanation.ShouldContain("URL rewriting");
    }

    [Fact]
    public void Messages_and_ToString_redact_ws_key()
    {
        var ex = PrestaShopErrorMapper.FromResponse(500, null, "", "GET",
            "https://s/api/products?display=full&ws_key=SECRETKEY123&id_shop=1", "products");

        ex.Message.ShouldNotContain("SECRETKEY123");
        ex.ToString().ShouldNotContain("SECRETKEY123");
        ex.Url.ShouldBe("https://s/api/products?display=full&ws_key=***&id_shop=1");
        UrlRedactor.Redact("GET /api/?ws_key=ABC").ShouldBe("GET /api/?ws_key=***");
    }
}
