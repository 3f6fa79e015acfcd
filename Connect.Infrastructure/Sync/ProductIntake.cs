using Connect.Domain;
using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Sync;

/// <summary>
/// Takes pages of shop products into Connect: creates the SKUs not linked yet, updates the linked ones (when asked) and
/// deactivates the ones a shop no longer has. Products are never deleted: orders and stock keep pointing at them.
/// </summary>
public sealed class ProductIntake(IDbContextFactory<ConnectDbContext> contexts, TimeProvider clock)
{
    private const int SkuLength = 100;
    private const int TextLength = 400;

    /// <param name="updateExisting">False for "import new": linked SKUs are left as they are.</param>
    /// <param name="deactivate">External ids of SKUs gone from the shop.</param>
    public Task<IntakeResult> ApplyAsync(int integrationId, IReadOnlyList<IncomingProduct> products, bool updateExisting,
        IReadOnlyCollection<string> deactivate, CancellationToken ct) =>
        UnitOfWork.RunAsync(contexts, async db =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var incoming = new Dictionary<string, IncomingProduct>(StringComparer.Ordinal);
            foreach (var p in products) incoming[p.ExternalId] = p;
            var links = await db.LinksAsync(integrationId, ExternalLinkKind.Product, [.. incoming.Keys, .. deactivate], ct);
            var localIds = links.Values.Select(l => l.LocalId).ToList();
            var existing = await db.Products.Where(p => localIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

            int created = 0, updated = 0, unchanged = 0, skipped = 0, deactivated = 0;
            var failures = new List<IntakeFailure>();
            var added = new List<(string Key, Product Product)>();
            foreach (var (key, item) in incoming)
            {
                var details = Fit(item.Details);
                var link = links.GetValueOrDefault(key);
                var product = link is null ? null : existing.GetValueOrDefault(link.LocalId);
                if (link is not null && product is null)
                {
                    db.ExternalLinks.Remove(link); // the product row is gone (restored backup...): import it again
                    link = null;
                }
                try
                {
                    if (details.Sku.Length > SkuLength)
                        throw new DomainException($"The reference '{details.Sku[..20]}…' is longer than {SkuLength} characters; shorten it in the shop, then run Update products.");
                    if (product is null)
                    {
                        product = new Product(details, now);
                        db.Products.Add(product);
                        added.Add((key, product));
                        created++;
                    }
                    else if (!updateExisting) skipped++;
                    else if (product.Apply(details, now))
                    {
                        link!.Touch(now);
                        updated++;
                    }
                    else unchanged++;
                }
                catch (DomainException ex)
                {
                    failures.Add(new IntakeFailure(key, ex.Message, product?.Id is > 0 ? product.Id : null));
                }
            }

            foreach (var key in deactivate.Distinct())
            {
                if (incoming.ContainsKey(key) || !links.TryGetValue(key, out var link)) continue;
                if (existing.TryGetValue(link.LocalId, out var product) && product.Deactivate(now))
                {
                    link.Touch(now);
                    deactivated++;
                }
            }

            await db.SaveChangesAsync(ct);
            if (added.Count > 0)
            {
                db.ExternalLinks.AddRange(added.Select(a => new ExternalLink(integrationId, ExternalLinkKind.Product, a.Key, a.Product.Id, now)));
                await db.SaveChangesAsync(ct);
            }
            return new IntakeResult(created, updated, unchanged, skipped, deactivated, failures);
        }, ct);

    /// <summary>
    /// Every SKU link of an integration as (external id, Connect id). The daily update compares it with what the shop still
    /// has, to deactivate what vanished; one query, a few MB even for a very large catalog.
    /// </summary>
    public async Task<IReadOnlyList<(string ExternalId, int ProductId)>> LinkedAsync(int integrationId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.ExternalLinks.AsNoTracking()
            .Where(l => l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product)
            .Select(l => new { l.ExternalId, l.LocalId })
            .ToListAsync(ct);
        return rows.Select(r => (r.ExternalId, r.LocalId)).ToList();
    }

    private static ProductDetails Fit(ProductDetails d) => d with
    {
        Name = Cut(d.Name) ?? "",
        AttributeLabel = Cut(d.AttributeLabel),
        ParentReference = d.ParentReference is { Length: > SkuLength } r ? r[..SkuLength] : d.ParentReference,
    };

    private static string? Cut(string? text) => text is { Length: > TextLength } ? text[..TextLength] : text;
}
