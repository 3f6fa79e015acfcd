using System.Security.Claims;
using Connect.Domain;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Sync;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Catalog;

/// <summary>One shop's link to a Connect product: which shop record it is and whether that shop still sells it.</summary>
public sealed record ProductShopLink(int IntegrationId, string IntegrationName, string ExternalId, bool Active, bool IsCatalogSource)
{
    /// <summary>"shop product 1, combination 3" from the link's "{productId}-{combinationId}".</summary>
    public string ShopRecord => ProductIntake.Describe(ExternalId);
}

/// <summary>
/// The shops selling each Connect product (from the product links of every integration), and the product's catalog source:
/// the shop whose names and prices it takes. The catalog is shared by all stores, so every signed-in user may read it.
/// </summary>
public sealed class ProductShops(IDbContextFactory<ConnectDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<ProductShopLink>> LinksAsync(ClaimsPrincipal user, int productId, CancellationToken ct)
    {
        var byProduct = await LinksAsync(user, [productId], ct);
        return byProduct.GetValueOrDefault(productId) ?? [];
    }

    /// <summary>
    /// The shop links of a page of products, in one query. The catalog is shared, but which shops sell a product is told only
    /// for the integrations of the user's stores.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<ProductShopLink>>> LinksAsync(ClaimsPrincipal user, IReadOnlyCollection<int> productIds,
        CancellationToken ct)
    {
        var stores = user.AllowedStores();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var ids = productIds.Distinct().ToList();
        var rows = await (
                from l in db.ExternalLinks
                where l.Kind == ExternalLinkKind.Product && ids.Contains(l.LocalId)
                join i in db.Integrations on l.IntegrationId equals i.Id
                where stores == null || stores.Contains(i.StoreId)
                join p in db.Products on l.LocalId equals p.Id
                orderby i.Name, l.ExternalId
                select new { l.LocalId, l.IntegrationId, i.Name, l.ExternalId, l.Active, p.CatalogSourceIntegrationId })
            .AsNoTracking().ToListAsync(ct);
        return rows.GroupBy(r => r.LocalId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<ProductShopLink>)g.Select(r => new ProductShopLink(r.IntegrationId, r.Name, r.ExternalId, r.Active,
                r.CatalogSourceIntegrationId == r.IntegrationId)).ToList());
    }

    /// <summary>Makes one of the shops selling the product its catalog source. Admins only: it decides what every shop's product is called and costs.</summary>
    public Task SetCatalogSourceAsync(ClaimsPrincipal user, int productId, int integrationId, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Admin))
            throw new UnauthorizedAccessException("Only an Admin can choose which shop a product takes its names and prices from.");
        return UnitOfWork.RunAsync(contexts, async db =>
        {
            var product = await db.Products.SingleOrDefaultAsync(p => p.Id == productId, ct)
                ?? throw new DomainException($"Product {productId} does not exist; reload the catalog.");
            var linked = await db.ExternalLinks.AnyAsync(l => l.Kind == ExternalLinkKind.Product && l.LocalId == productId && l.IntegrationId == integrationId, ct);
            if (!linked)
                throw new DomainException("That shop does not sell this product; pick one of the shops listed on the product page.");
            product.ChooseCatalogSource(integrationId, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }
}
