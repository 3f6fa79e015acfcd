using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Mapping;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Product supplier import: the shop's product_suppliers rows (read there, not from products.id_supplier, which the webservice
/// does not keep in step) become supplier offers on the SKUs they name. Keyset pages by row id with a checkpoint; a finished
/// run commits 0 so the next one reads everything again.
/// </summary>
public sealed class ProductSupplierImportFeed(SupplierIntake intake, CatalogFeedOptions options, ICatalogClientSource clients)
    : PrestaShopCatalogFeed(clients)
{
    public const string Finished = "0";

    internal static readonly string[] RowFields =
        ["id", "id_product", "id_product_attribute", "id_supplier", "id_currency", "product_supplier_reference", "product_supplier_price_te"];

    public override FeedKind Kind => FeedKind.ProductSupplierImport;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var tally = new FeedTally();
        var currencies = await CurrenciesAsync(client, run, ct);
        // Rows naming a product with combinations but no combination are skipped; which products those are is read once.
        var parents = await intake.ParentsWithSkusAsync(run.IntegrationId, ct);
        var rows = IdWindows.ReadAsync(client, ProductSupplier.ResourceName, ProductPages.Checkpoint(run.ResumeFrom), options.RowPageSize,
            async (window, c) =>
            {
                var page = await client.ListAsync<ProductSupplier>(window.Apply(PrestaShopQuery.Create().Display(RowFields)), c);
                return new WindowRead<IReadOnlyList<ProductSupplier>>(page, page.Count, page.Count == 0 ? window.After : page.Max(r => r.Id));
            }, ct);
        await foreach (var window in rows)
        {
            if (window.Page.Count > 0)
            {
                var incoming = window.Page.Select(r => SupplierMapper.Map(r, currencies)).ToList();
                var result = await intake.ApplyProductSuppliersAsync(run.IntegrationId, incoming, ct, parents);
                tally.Processed += incoming.Count;
                tally.Add(result);
                foreach (var failure in result.Failures)
                    await run.LogAsync(FeedLogLevel.Error, failure.Message, failure.ExternalId, "product", failure.LocalId);
            }
            await run.CommitCheckpointAsync(window.UpTo.ToString(CultureInfo.InvariantCulture));
            run.Report(tally.Counts, null, $"Imported supplier rows up to id {window.UpTo}");
        }
        await run.CommitCheckpointAsync(Finished);
        return tally.Counts;
    }

    /// <summary>ISO codes by currency id. A key without the currencies permission still imports offers, with the currency left empty.</summary>
    private static async Task<IReadOnlyDictionary<long, string>> CurrenciesAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        try
        {
            var currencies = (await client.ListAsync<Currency>(PrestaShopQuery.Create().Display("id", "iso_code"), ct)).ToDictionary(c => c.Id, c => c.IsoCode);
            if (currencies.Count == 0)
                await run.LogAsync(FeedLogLevel.Warning,
                    "The shop listed no currency, so supplier prices are imported without a currency. Check Localization > Currencies in PrestaShop, then run this feed again.");
            return currencies;
        }
        catch (PrestaShopException ex) when (ex.Kind is PrestaShopErrorKind.MissingPermission or PrestaShopErrorKind.UnknownResource or PrestaShopErrorKind.NotFound)
        {
            await run.LogAsync(FeedLogLevel.Warning,
                "The shop did not list its currencies, so supplier prices are imported without a currency. Tick GET for 'currencies' on the API key (Advanced Parameters > Webservice), then run this feed again.");
            return new Dictionary<long, string>();
        }
    }
}
