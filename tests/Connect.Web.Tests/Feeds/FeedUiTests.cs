using Connect.Web.Components.Feeds;

namespace Connect.Web.Tests.Feeds;

public sealed class FeedUiTests
{
    [Theory]
    [InlineData("product", 42, "/catalog/products/42")]
    [InlineData("Product", 7, "/catalog/products/7")]
    [InlineData("order", 42, "/orders/42")]
    [InlineData(" ORDER ", 3, "/orders/3")]
    public void Record_links_point_at_the_record_page(string kind, int id, string expected) =>
        FeedUi.RecordLink(kind, id).ShouldBe(expected);

    [Theory]
    [InlineData("supplier", 42)]
    [InlineData("product", null)]
    [InlineData("product", 0)]
    [InlineData(null, 42)]
    [InlineData("", 42)]
    public void Records_without_a_page_get_no_link(string? kind, int? id) =>
        FeedUi.RecordLink(kind, id).ShouldBeNull();
}
