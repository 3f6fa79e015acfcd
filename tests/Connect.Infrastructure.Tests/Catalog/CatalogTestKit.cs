using System.Globalization;
using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Stores;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Sync;
using Connect.PrestaShop.Simulator;
using Connect.PrestaShop.Simulator.Data;
using Connect.Testing;

namespace Connect.Infrastructure.Tests.Catalog;

/// <summary>What a SKU must look like in Connect, computed from the simulator's rows (the shop's truth), not from the mapper.</summary>
public sealed record ExpectedSku(string Key, string Sku, string Name, string? Ean13, decimal Price, decimal Weight, bool Active, bool IsCombination);

/// <summary>A started shop, a client without retries (so a fault surfaces at once), the feeds and a temporary data folder.</summary>
public sealed class CatalogTestKit : IAsyncDisposable
{
    private CatalogTestKit(SimulatedShop shop, DatabaseFixture database, CatalogFeedOptions options, int integrationId, string folder)
    {
        Shop = shop;
        Database = database;
        IntegrationId = integrationId;
        DataFolder = folder;
        Client = NewClient(shop);
        var clock = TimeProvider.System;
        Products = new ProductIntake(database.Contexts, clock);
        Suppliers = new SupplierIntake(database.Contexts, clock);
        Store = new ProductImageStore(new DataFolder(folder));
        var clients = new ShopClients(shop);
        ImportNew = new ImportNewProductsFeed(Products, options, clients);
        Update = new UpdateProductsFeed(Products, options, clients);
        Sync = new ProductSyncFeed(Products, options, clients);
        Images = new ImportProductImagesFeed(new ProductImageIntake(database.Contexts, clock), Store, options, clients);
        ImportSuppliers = new ImportSuppliersFeed(Suppliers, options, clients);
        ProductSuppliers = new ProductSupplierImportFeed(Suppliers, options, clients);
    }

    public SimulatedShop Shop { get; }
    public DatabaseFixture Database { get; }
    public int IntegrationId { get; }
    public string DataFolder { get; }
    public PrestaShopClient Client { get; }
    public ProductIntake Products { get; }
    public SupplierIntake Suppliers { get; }
    public ProductImageStore Store { get; }
    public ImportNewProductsFeed ImportNew { get; }
    public UpdateProductsFeed Update { get; }
    public ProductSyncFeed Sync { get; }
    public ImportProductImagesFeed Images { get; }
    public ImportSuppliersFeed ImportSuppliers { get; }
    public ProductSupplierImportFeed ProductSuppliers { get; }

    /// <param name="code">Names the store, warehouse and integration, so several shops can feed one database.</param>
    public static async Task<CatalogTestKit> StartAsync(DatabaseFixture database, SimulatorOptions? shopOptions = null, CatalogFeedOptions? options = null,
        string code = "MAIN")
    {
        var shop = await SimulatedShop.StartAsync(shopOptions ?? new SimulatorOptions(), TestContext.Current.CancellationToken);
        var warehouse = new Warehouse(code == "MAIN" ? "Main" : $"Warehouse {code}", code);
        var store = await database.InsertAsync(new Store(code == "MAIN" ? "Main store" : $"Store {code}", code, warehouse));
        var integration = await database.InsertAsync(new Integration(code == "MAIN" ? "Demo shop" : $"Shop {code}", "PrestaShop", shop.BaseUrl.ToString(), store.Id, DateTime.UtcNow));
        var folder = Path.Combine(Path.GetTempPath(), $"connect-catalog-{Guid.NewGuid():N}");
        return new CatalogTestKit(shop, database, options ?? new CatalogFeedOptions { ProductPageSize = 5, RowPageSize = 20, IdSetSize = 7, ImageBatchSize = 10 }, integration.Id, folder);
    }

    /// <param name="concurrency">1 reads one page at a time, so a fault set after a commit hits exactly the next page.</param>
    public static PrestaShopClient NewClient(SimulatedShop shop, string? key = null, TimeSpan? timeout = null, int concurrency = 4) =>
        new(new PrestaShopClientOptions
        {
            BaseUrl = shop.BaseUrl.ToString(), ApiKey = key ?? shop.ApiKey, RetryCount = 0, Timeout = timeout ?? TimeSpan.FromSeconds(20),
            MaxConcurrency = concurrency,
        });

    public RecordingFeedRun Run(string? resumeFrom = null) => new(IntegrationId, resumeFrom);

    /// <summary>Every SKU the shop has: one per combination, one per product without combinations.</summary>
    public IReadOnlyDictionary<string, ExpectedSku> Expected()
    {
        lock (Shop.State.Sync)
        {
            var combinations = Shop.State.Table("combinations").Rows.ToDictionary(r => r.Id);
            var result = new Dictionary<string, ExpectedSku>();
            foreach (var p in Shop.State.Table("products").Rows)
            {
                var ids = p.Items("combinations").Select(i => int.Parse(i[0], CultureInfo.InvariantCulture)).ToList();
                var active = p["active"] == "1";
                if (ids.Count == 0)
                {
                    result[$"{p.Id}-0"] = new($"{p.Id}-0", p["reference"], p["name"], Blank(p["ean13"]), Dec(p["price"]), Dec(p["weight"]), active, false);
                    continue;
                }
                foreach (var id in ids)
                {
                    var c = combinations[id];
                    var sku = c["reference"].Length > 0 && c["reference"] != p["reference"] ? c["reference"] : GeneratedSku.ForCombination(p["reference"], SkuValues(c), id);
                    result[$"{p.Id}-{id}"] = new($"{p.Id}-{id}", sku, p["name"], Blank(c["ean13"]),
                        Dec(p["price"]) + Dec(c["price"]), Dec(p["weight"]) + Dec(c["weight"]), active, true);
                }
            }
            return result;
        }
    }

    /// <summary>Deletes a combination the way PrestaShop does: the row and its place in the product's association.</summary>
    public void DeleteCombination(int productId, int combinationId)
    {
        lock (Shop.State.Sync)
        {
            Shop.State.Table("combinations").Remove(combinationId);
            Shop.State.Table("products").Find(productId)!.Items("combinations").RemoveAll(i => i[0] == combinationId.ToString(CultureInfo.InvariantCulture));
        }
    }

    public void DeleteProduct(int productId)
    {
        lock (Shop.State.Sync)
        {
            foreach (var c in Shop.State.Table("combinations").Rows.Where(r => r.Int("id_product") == productId).ToList())
                Shop.State.Table("combinations").Remove(c.Id);
            Shop.State.Table("products").Remove(productId);
        }
    }

    /// <summary>Adds a combination to a product by copying one of its combinations, with a new reference.</summary>
    public int AddCombination(int productId, string reference, decimal priceImpact) => Shop.State.AddCombination(productId, reference, priceImpact);

    public void Set(string resource, int id, string field, string value)
    {
        lock (Shop.State.Sync)
        {
            var row = Shop.State.Table(resource).Find(id)!;
            if (row.Schema.Field(field)!.Multilang) row.SetLang(field, value, value);
            else row[field] = value;
        }
    }

    /// <summary>Images the SKUs should get: a combination's own, else its product's.</summary>
    public int ExpectedImages()
    {
        lock (Shop.State.Sync)
        {
            var combinations = Shop.State.Table("combinations").Rows.ToDictionary(r => r.Id);
            var total = 0;
            foreach (var p in Shop.State.Table("products").Rows)
            {
                var own = p.Items("images").Count;
                var ids = p.Items("combinations").Select(i => int.Parse(i[0], CultureInfo.InvariantCulture)).ToList();
                total += ids.Count == 0 ? own : ids.Sum(id => combinations[id].Items("images") is { Count: > 0 } c ? c.Count : own);
            }
            return total;
        }
    }

    /// <summary>The attribute value names of a combination, in the shop's order (e.g. "S", "White").</summary>
    public IReadOnlyList<string> Values(Row combination)
    {
        lock (Shop.State.Sync)
            return combination.Items("product_option_values")
                .Select(i => Shop.State.Table("product_option_values").Find(int.Parse(i[0], CultureInfo.InvariantCulture))!["name"])
                .ToList();
    }

    /// <summary>A combination's values as its generated SKU takes them: by attribute group name, then value name.</summary>
    public IReadOnlyList<string> SkuValues(Row combination)
    {
        lock (Shop.State.Sync)
            return combination.Items("product_option_values")
                .Select(i => Shop.State.Table("product_option_values").Find(int.Parse(i[0], CultureInfo.InvariantCulture))!)
                .OrderBy(v => Shop.State.Table("product_options").Find(int.Parse(v["id_attribute_group"], CultureInfo.InvariantCulture))?["name"] ?? "", StringComparer.OrdinalIgnoreCase)
                .ThenBy(v => v["name"], StringComparer.OrdinalIgnoreCase)
                .Select(v => v["name"]).ToList();
    }

    public static decimal Dec(string text) => decimal.Parse(text.Length == 0 ? "0" : text, CultureInfo.InvariantCulture);

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Engine runs open a client per run; here it is always the simulated shop's.</summary>
    public sealed class ShopClients(SimulatedShop shop) : ICatalogClientSource
    {
        public Task<PrestaShopClient> OpenAsync(int integrationId, CancellationToken ct) => Task.FromResult(NewClient(shop));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Shop.DisposeAsync();
        if (Directory.Exists(DataFolder)) Directory.Delete(DataFolder, recursive: true);
    }
}
