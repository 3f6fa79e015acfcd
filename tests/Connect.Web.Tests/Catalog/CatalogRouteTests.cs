using System.Net;
using Connect.Domain.Catalog;
using Connect.Infrastructure.Persistence;
using Connect.Testing.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Catalog;

/// <summary>The catalog pages through the running portal: signed-in only, and rendered without an error.</summary>
public sealed class CatalogRouteTests(ConnectWebFactory factory) : IClassFixture<ConnectWebFactory>
{
    [Fact]
    public async Task A_signed_in_user_opens_the_catalog_pages_and_an_anonymous_one_is_sent_to_sign_in()
    {
        var (productId, supplierId) = await SeedAsync();
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        var client = await factory.SignedInClientAsync();

        foreach (var (path, text) in new[]
                 {
                     ("/catalog", "Catalog</"), ("/catalog/suppliers", "Suppliers</"),
                     ($"/catalog/products/{productId}", "ROUTE-SKU"), ($"/catalog/suppliers/{supplierId}", "Route supplier"),
                 })
        {
            (await anonymous.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            html.ShouldContain(text, Case.Sensitive, path);
            html.ShouldNotContain("blazor-error-boundary");
        }
    }

    private async Task<(int ProductId, int SupplierId)> SeedAsync()
    {
        _ = factory.Server;
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var product = new Product(new ProductDetails("ROUTE-SKU", "Routed", null, null, 0, 1, true), DateTime.UtcNow);
        var supplier = new Supplier("Route supplier", true, null, DateTime.UtcNow);
        db.AddRange(product, supplier);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (product.Id, supplier.Id);
    }
}
