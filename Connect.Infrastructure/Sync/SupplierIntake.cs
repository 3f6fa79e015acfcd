using System.Linq.Expressions;
using Connect.Domain;
using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Sync;

/// <summary>Takes pages of shop suppliers, and of their offers per SKU, into Connect.</summary>
public sealed class SupplierIntake(IDbContextFactory<ConnectDbContext> contexts, TimeProvider clock)
{
    public Task<IntakeResult> ApplySuppliersAsync(int integrationId, IReadOnlyList<IncomingSupplier> suppliers, CancellationToken ct) =>
        UnitOfWork.RunAsync(contexts, async db =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var incoming = suppliers.GroupBy(s => s.ExternalId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
            var links = await db.LinksAsync(integrationId, ExternalLinkKind.Supplier, incoming.Select(s => s.ExternalId).ToList(), ct);
            var localIds = links.Values.Select(l => l.LocalId).ToList();
            var existing = await db.Suppliers.Where(s => localIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);

            int created = 0, updated = 0, unchanged = 0;
            var failures = new List<IntakeFailure>();
            var added = new List<(string Key, Supplier Supplier)>();
            foreach (var item in incoming)
            {
                try
                {
                    var link = links.GetValueOrDefault(item.ExternalId);
                    if (link is not null && existing.TryGetValue(link.LocalId, out var supplier))
                    {
                        if (supplier.Apply(item.Name, item.Active, item.Address, now)) { link.Touch(now); updated++; }
                        else unchanged++;
                        continue;
                    }
                    if (link is not null) db.ExternalLinks.Remove(link);
                    supplier = new Supplier(item.Name, item.Active, item.Address, now);
                    db.Suppliers.Add(supplier);
                    added.Add((item.ExternalId, supplier));
                    created++;
                }
                catch (DomainException ex)
                {
                    failures.Add(new IntakeFailure(item.ExternalId, ex.Message));
                }
            }
            await db.SaveChangesAsync(ct);
            if (added.Count > 0)
            {
                db.ExternalLinks.AddRange(added.Select(a => new ExternalLink(integrationId, ExternalLinkKind.Supplier, a.Key, a.Supplier.Id, now)));
                await db.SaveChangesAsync(ct);
            }
            return new IntakeResult(created, updated, unchanged, 0, 0, failures);
        }, ct);

    /// <summary>
    /// Supplier offers: each row names a SKU and a supplier by their shop ids; both must have been imported. A row naming the
    /// parent of SKUs ("{product}-0" when the product has combinations) counts as unchanged: it is not a SKU of its own.
    /// </summary>
    /// <param name="parentsWithSkus">
    /// The parents that have SKUs in Connect (<see cref="ParentsWithSkusAsync(int, CancellationToken)"/>, read once per run); when
    /// null they are looked up for this page.
    /// </param>
    public Task<IntakeResult> ApplyProductSuppliersAsync(int integrationId, IReadOnlyList<IncomingProductSupplier> rows, CancellationToken ct,
        IReadOnlySet<string>? parentsWithSkus = null) =>
        UnitOfWork.RunAsync(contexts, async db =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var incoming = rows.GroupBy(r => r.ExternalId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
            var rowLinks = await db.LinksAsync(integrationId, ExternalLinkKind.ProductSupplier, incoming.Select(r => r.ExternalId).ToList(), ct);
            var productLinks = await db.LinksAsync(integrationId, ExternalLinkKind.Product, incoming.Select(r => r.ProductExternalId).ToList(), ct);
            var supplierLinks = await db.LinksAsync(integrationId, ExternalLinkKind.Supplier, incoming.Select(r => r.SupplierExternalId).ToList(), ct);
            var unlinked = incoming.Where(r => !productLinks.ContainsKey(r.ProductExternalId)).Select(r => (r.ProductExternalId, r.ProductParentExternalId)).ToList();
            // An unlinked key whose parent has a SKU: that SKU is another key than this one.
            var parents = parentsWithSkus is null
                ? await ParentsWithSkusAsync(db, integrationId, unlinked, ct)
                : unlinked.Where(k => parentsWithSkus.Contains(k.ProductParentExternalId)).Select(k => k.ProductExternalId).ToHashSet(StringComparer.Ordinal);
            var productIds = productLinks.Values.Select(l => l.LocalId).Distinct().ToList();
            var offers = (await db.ProductSuppliers.Where(ps => productIds.Contains(ps.ProductId)).ToListAsync(ct))
                .ToDictionary(ps => (ps.ProductId, ps.SupplierId));

            int created = 0, updated = 0, unchanged = 0;
            var failures = new List<IntakeFailure>();
            var added = new List<(string Key, ProductSupplier Offer)>();
            foreach (var row in incoming)
            {
                if (!productLinks.TryGetValue(row.ProductExternalId, out var productLink))
                {
                    if (parents.Contains(row.ProductExternalId)) unchanged++; // the row of a product with combinations: Connect keeps suppliers per SKU
                    else failures.Add(new IntakeFailure(row.ExternalId,
                        $"The product {row.ProductExternalId} of supplier row {row.ExternalId} is not in Connect yet: run Import new products (or Update products), then Product supplier import again."));
                    continue;
                }
                if (!supplierLinks.TryGetValue(row.SupplierExternalId, out var supplierLink))
                {
                    failures.Add(new IntakeFailure(row.ExternalId,
                        $"Supplier {row.SupplierExternalId} of supplier row {row.ExternalId} is not in Connect yet: run Import suppliers, then Product supplier import again.", productLink.LocalId));
                    continue;
                }
                try
                {
                    var rowLink = rowLinks.GetValueOrDefault(row.ExternalId);
                    if (offers.TryGetValue((productLink.LocalId, supplierLink.LocalId), out var offer))
                    {
                        if (offer.Apply(row.SupplierReference, row.Cost, row.Currency)) { rowLink?.Touch(now); updated++; }
                        else unchanged++;
                        if (rowLink is null && offer.Id > 0) db.ExternalLinks.Add(new ExternalLink(integrationId, ExternalLinkKind.ProductSupplier, row.ExternalId, offer.Id, now));
                        continue;
                    }
                    if (rowLink is not null) db.ExternalLinks.Remove(rowLink);
                    offer = new ProductSupplier(productLink.LocalId, supplierLink.LocalId, row.SupplierReference, row.Cost, row.Currency);
                    db.ProductSuppliers.Add(offer);
                    offers[(productLink.LocalId, supplierLink.LocalId)] = offer;
                    added.Add((row.ExternalId, offer));
                    created++;
                }
                catch (DomainException ex)
                {
                    failures.Add(new IntakeFailure(row.ExternalId, ex.Message, productLink.LocalId));
                }
            }
            await db.SaveChangesAsync(ct);
            if (added.Count > 0)
            {
                db.ExternalLinks.AddRange(added.Select(a => new ExternalLink(integrationId, ExternalLinkKind.ProductSupplier, a.Key, a.Offer.Id, now)));
                await db.SaveChangesAsync(ct);
            }
            return new IntakeResult(created, updated, unchanged, 0, 0, failures);
        }, ct);

    /// <summary>
    /// Every parent that has at least one SKU linked (a SKU's external id is "{parent}-{suffix}"), in one read of the links: a
    /// run over many pages asks this once instead of testing each page's keys against every link.
    /// </summary>
    public async Task<IReadOnlySet<string>> ParentsWithSkusAsync(int integrationId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var keys = await db.ExternalLinks.AsNoTracking()
            .Where(l => l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product)
            .Select(l => l.ExternalId)
            .ToListAsync(ct);
        return keys.Where(k => k.LastIndexOf('-') > 0).Select(k => k[..k.LastIndexOf('-')]).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Of SKU keys without a link, those whose parent has other SKUs in Connect ("12-0" when "12-5" exists): one query with
    /// a prefix test per parent, since a link carries its parent only as the start of its external id.
    /// </summary>
    private static async Task<HashSet<string>> ParentsWithSkusAsync(ConnectDbContext db, int integrationId,
        IReadOnlyList<(string Key, string Parent)> keys, CancellationToken ct)
    {
        var prefixes = keys.Distinct().Select(k => (k.Key, Prefix: k.Parent + "-")).ToList();
        if (prefixes.Count == 0) return [];
        var link = Expression.Parameter(typeof(ExternalLink), "l");
        var externalId = Expression.Property(link, nameof(ExternalLink.ExternalId));
        var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
        var any = prefixes.Select(p => p.Prefix).Distinct()
            .Select(p => (Expression)Expression.Call(externalId, startsWith, Expression.Constant(p)))
            .Aggregate(Expression.OrElse);
        var found = await db.ExternalLinks
            .Where(l => l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product)
            .Where(Expression.Lambda<Func<ExternalLink, bool>>(any, link))
            .Select(l => l.ExternalId)
            .ToListAsync(ct);
        return prefixes.Where(p => found.Any(f => f.StartsWith(p.Prefix, StringComparison.Ordinal) && f != p.Key))
            .Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
    }
}
