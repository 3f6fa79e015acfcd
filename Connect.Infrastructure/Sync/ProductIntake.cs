using System.Globalization;
using Connect.Domain;
using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Sync;

/// <summary>
/// Takes pages of shop products into Connect. A SKU is one Connect product whichever shops sell it: a shop record is linked
/// to the product that has its SKU, and a product is created only for a SKU Connect does not know. Linked SKUs are updated
/// (when asked) from their catalog source shop only; a SKU a shop no longer sells loses that shop, and the product is
/// inactive once no shop sells it. Products are never deleted: orders and stock keep pointing at them.
/// </summary>
public sealed class ProductIntake(IDbContextFactory<ConnectDbContext> contexts, TimeProvider clock)
{
    private const int SkuLength = GeneratedSku.MaxLength;
    private const int TextLength = 400;

    /// <param name="updateExisting">False for "import new": linked SKUs are left as they are.</param>
    /// <param name="deactivate">External ids of SKUs gone from the shop.</param>
    public Task<IntakeResult> ApplyAsync(int integrationId, IReadOnlyList<IncomingProduct> products, bool updateExisting,
        IReadOnlyCollection<string> deactivate, CancellationToken ct) =>
        UnitOfWork.RunAsync(contexts, async db =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var incoming = new Dictionary<string, ProductDetails>(StringComparer.Ordinal);
            foreach (var p in products) incoming[p.ExternalId] = Fit(p.Details);
            var links = await db.LinksAsync(integrationId, ExternalLinkKind.Product, [.. incoming.Keys, .. deactivate], ct);
            var catalog = await SkuCatalog.LoadAsync(db, links.Values.Select(l => l.LocalId), incoming.Values.Select(d => d.Sku), ct);

            int created = 0, updated = 0, unchanged = 0, deactivated = 0;
            var failures = new List<IntakeFailure>();
            var claimed = new Dictionary<string, string>(StringComparer.Ordinal); // SKU -> shop key taking it in this page
            var pending = new List<(string Key, Product Product, ExternalLink? Link, bool Active)>();
            var newProducts = new List<Product>();
            foreach (var (key, details) in incoming)
            {
                var link = links.GetValueOrDefault(key);
                var current = link is null ? null : catalog.Find(link.LocalId);
                if (link is not null && current is null)
                {
                    db.ExternalLinks.Remove(link); // the product row is gone (restored backup...): import it again
                    catalog.Forget(link);
                    link = null;
                }
                try
                {
                    if (details.Sku.Length > SkuLength)
                        throw new DomainException($"The reference '{details.Sku[..20]}…' is longer than {SkuLength} characters; shorten it in the shop, then run Update products.");
                    if (current is not null && !updateExisting) { unchanged++; continue; } // already in Connect: nothing new to import

                    var owner = catalog.WithSku(details.Sku);
                    var rival = owner is null ? null : catalog.LinkOf(owner.Id, integrationId, except: link);
                    if (rival is not null || claimed.TryGetValue(details.Sku, out var taken) && taken != key)
                        throw Conflict(details.Sku, rival?.ExternalId ?? claimed[details.Sku], key);
                    claimed[details.Sku] = key;

                    if (current is not null && current.Sku == details.Sku)
                    {
                        var changed = link!.SetActive(details.Active, now) | (current.TakesCatalogFrom(integrationId) && current.Apply(details, now));
                        if (changed) { link.Touch(now); updated++; } else unchanged++;
                        catalog.Touched.Add(current);
                    }
                    else if (current is not null && owner is null && catalog.OnlyLink(current.Id, link!))
                    {
                        // The shop changed the reference of a SKU only it sells: the product takes the new SKU, keeping its history.
                        catalog.Rename(current, details, now);
                        link!.SetActive(details.Active, now);
                        link.Touch(now);
                        updated++;
                    }
                    else
                    {
                        // A new shop record, or one whose reference now names another product: link it to the product of its SKU.
                        var target = owner;
                        if (target is null)
                        {
                            target = new Product(details, now, integrationId);
                            newProducts.Add(target);
                            catalog.Add(target);
                            created++;
                        }
                        else
                        {
                            if (target.CatalogSourceIntegrationId == integrationId) target.Apply(details, now);
                            catalog.Touched.Add(target);
                            updated++;
                        }
                        if (current is not null) catalog.Touched.Add(current);
                        pending.Add((key, target, link, details.Active));
                    }
                }
                catch (DomainException ex)
                {
                    failures.Add(new IntakeFailure(key, ex.Message, current?.Id is > 0 ? current.Id : null));
                }
            }

            foreach (var key in deactivate.Distinct())
            {
                if (incoming.ContainsKey(key) || !links.TryGetValue(key, out var link)) continue;
                if (link.SetActive(false, now)) deactivated++;
                if (catalog.Find(link.LocalId) is { } product) catalog.Touched.Add(product);
            }

            // A page of a first import creates a thousand products and links: multi-row inserts, not one statement a row.
            // New products have SKUs no product had (else they would have been linked), so the SKU matches each to its id.
            await BulkInsert.InsertAndAttachAsync(db, newProducts, nameof(Product.Sku), ct);
            var newLinks = new List<ExternalLink>();
            foreach (var (key, product, link, active) in pending)
            {
                if (link is not null)
                {
                    link.Relink(product.Id, now);
                    link.SetActive(active, now);
                }
                else
                {
                    var added = new ExternalLink(integrationId, ExternalLinkKind.Product, key, product.Id, now, active);
                    newLinks.Add(added);
                    catalog.Links.Add(added);
                }
            }
            foreach (var product in catalog.Touched) product.SetSold(catalog.Sold(product.Id), now);
            // Removed and relinked links are saved before the new ones, which may take a removed link's shop key.
            await db.SaveChangesAsync(ct);
            await BulkInsert.InsertAsync(db, newLinks, ct);
            return new IntakeResult(created, updated, unchanged, 0, deactivated, failures);
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

    private static DomainException Conflict(string sku, string firstKey, string secondKey) =>
        new($"Reference {sku} is used by two different products of this shop: {Describe(firstKey)} (imported) and {Describe(secondKey)} (not imported). "
            + "Give each its own reference in PrestaShop, then run Update products.");

    /// <summary>"shop product 12" or "shop product 1, combination 3", from a SKU key "{productId}-{combinationId}".</summary>
    internal static string Describe(string key)
    {
        var dash = key.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0) return $"shop record {key}";
        var (product, combination) = (key[..dash], key[(dash + 1)..]);
        return combination == "0" ? $"shop product {product}" : string.Create(CultureInfo.InvariantCulture, $"shop product {product}, combination {combination}");
    }

    private static ProductDetails Fit(ProductDetails d) => d with
    {
        Sku = d.Sku.Trim(),
        Name = Cut(d.Name) ?? "",
        AttributeLabel = Cut(d.AttributeLabel),
        ParentReference = d.ParentReference is { Length: > SkuLength } r ? r[..SkuLength] : d.ParentReference,
    };

    private static string? Cut(string? text) => text is { Length: > TextLength } ? text[..TextLength] : text;

    /// <summary>
    /// The products one page can touch (those linked to its shop records and those holding its SKUs), with every shop's
    /// product links to them, so identity and the "sold somewhere" state are decided in memory.
    /// </summary>
    private sealed class SkuCatalog
    {
        private readonly Dictionary<int, Product> _byId;
        private readonly Dictionary<string, Product> _bySku;

        private SkuCatalog(List<Product> products, List<ExternalLink> links)
        {
            _byId = products.ToDictionary(p => p.Id);
            // Active first: an inactive product keeps its SKU for history and is taken again only when no active one has it.
            _bySku = products.GroupBy(p => p.Sku, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Active).ThenBy(p => p.Id).First(), StringComparer.Ordinal);
            Links = links;
        }

        public List<ExternalLink> Links { get; }
        public HashSet<Product> Touched { get; } = [];

        public static async Task<SkuCatalog> LoadAsync(ConnectDbContext db, IEnumerable<int> linkedIds, IEnumerable<string> skus, CancellationToken ct)
        {
            var ids = linkedIds.Distinct().ToList();
            var skuList = skus.Distinct(StringComparer.Ordinal).ToList();
            var products = await db.Products.Where(p => ids.Contains(p.Id) || skuList.Contains(p.Sku)).ToListAsync(ct);
            var productIds = products.Select(p => p.Id).ToList();
            var links = await db.ExternalLinks.Where(l => l.Kind == ExternalLinkKind.Product && productIds.Contains(l.LocalId)).ToListAsync(ct);
            return new SkuCatalog(products, links);
        }

        public Product? Find(int id) => _byId.GetValueOrDefault(id);

        public Product? WithSku(string sku) => _bySku.GetValueOrDefault(sku);

        public void Add(Product product) => _bySku[product.Sku] = product;

        public void Forget(ExternalLink link) => Links.Remove(link);

        public void Rename(Product product, ProductDetails details, DateTime now)
        {
            _bySku.Remove(product.Sku);
            product.Apply(details, now);
            _bySku[product.Sku] = product;
            Touched.Add(product);
        }

        /// <summary>The link an integration already has to a product, other than the given one.</summary>
        public ExternalLink? LinkOf(int productId, int integrationId, ExternalLink? except) =>
            Links.FirstOrDefault(l => l.LocalId == productId && l.IntegrationId == integrationId && !ReferenceEquals(l, except));

        public bool OnlyLink(int productId, ExternalLink link) => Links.All(l => l.LocalId != productId || ReferenceEquals(l, link));

        public bool Sold(int productId) => Links.Any(l => l.LocalId == productId && l.Active);
    }
}
