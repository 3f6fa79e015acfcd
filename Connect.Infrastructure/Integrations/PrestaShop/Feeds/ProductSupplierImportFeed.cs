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

    public override FeedKind Kind => FeedKind.ProductSupplierImport;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var tally = new FeedTally();
        var currencies = await CurrenciesAsync(client, run, ct);
        for (var after = ProductPages.Checkpoint(run.ResumeFrom); ; )
        {
            var page = await client.ListAsync<ProductSupplier>(
                PrestaShopQuery.Create().Full().GreaterThan("id", after).OrderBy("id").Limit(options.RowPageSize), ct);
            if (page.Count == 0) break;
            var incoming = page.Select(r => SupplierMapper.Map(r, currencies)).ToList();
            var result = await intake.ApplyProductSuppliersAsync(run.IntegrationId, incoming, ct);
            tally.Processed += incoming.Count;
            tally.Add(result);
            foreach (var failure in result.Failures)
                await run.LogAsync(FeedLogLevel.Error, failure.Message, failure.ExternalId, "product", failure.LocalId);
            after = page.Max(r => r.Id);
            await run.CommitCheckpointAsync(after.ToString(CultureInfo.InvariantCulture));
            run.Report(tally.Counts, null, $"Imported supplier rows up to id {after}");
            if (page.Count < options.RowPageSize) break;
        }
        await run.CommitCheckpointAsync(Finished);
        return tally.Counts;
    }

    /// <summary>ISO codes by currency id. A key without the currencies permission still imports offers, with the currency left empty.</summary>
    private static async Task<IReadOnlyDictionary<long, string>> CurrenciesAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        try
        {
            var currencies = (await client.ListAsync<Currency>(PrestaShopQuery.Create().Full(), ct)).ToDictionary(c => c.Id, c => c.IsoCode);
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
