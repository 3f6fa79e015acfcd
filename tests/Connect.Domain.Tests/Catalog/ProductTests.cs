using Connect.Domain;
using Connect.Domain.Catalog;

namespace Connect.Domain.Tests.Catalog;

public sealed class ProductTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);
    private static readonly ProductDetails Shirt = new("demo_1-S-WHITE", "Hummingbird printed t-shirt", "3000000000012", null, 0.3m, 23.9m, true, "demo_1", "Size: S - Color: White");

    [Fact]
    public void Applying_the_same_values_changes_nothing()
    {
        var product = new Product(Shirt, Now);
        product.Apply(Shirt, Now.AddDays(1)).ShouldBeFalse();
        product.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Applying_new_values_updates_and_stamps()
    {
        var product = new Product(Shirt, Now);
        product.Apply(Shirt with { Price = 19.9m }, Now.AddDays(1)).ShouldBeTrue();
        (product.Price, product.UpdatedAt).ShouldBe((19.9m, Now.AddDays(1)));
        product.IsCombination.ShouldBeTrue();
    }

    [Fact]
    public void A_product_without_sku_or_with_negative_weight_is_refused()
    {
        Should.Throw<DomainException>(() => new Product(Shirt with { Sku = " " }, Now)).Message.ShouldContain("reference");
        Should.Throw<DomainException>(() => new Product(Shirt with { Weight = -1 }, Now));
    }

    [Fact]
    public void Deactivation_keeps_the_product()
    {
        var product = new Product(Shirt, Now);
        product.Deactivate(Now).ShouldBeTrue();
        product.Deactivate(Now).ShouldBeFalse();
        product.Active.ShouldBeFalse();
    }

    [Fact]
    public void Only_one_image_is_the_cover()
    {
        var product = new Product(Shirt, Now);
        product.AddImage(1, true, "image/jpeg", "a.jpg", 10);
        product.AddImage(2, true, "image/jpeg", "b.jpg", 10);
        product.Images.Count(i => i.IsCover).ShouldBe(1);
        product.Images.Single(i => i.IsCover).StoragePath.ShouldBe("b.jpg");
    }
}
