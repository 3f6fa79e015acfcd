using Connect.Domain.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Mapping;
using Connect.Infrastructure.Sync;

namespace Connect.Infrastructure.Integrations.PrestaShop.Feeds;

/// <summary>
/// Import suppliers: every shop supplier (name, active) with its address when the shop has one; addresses and countries are read
/// by id sets per page. Shops have few suppliers, so each run reads them all again and no checkpoint is kept.
/// </summary>
public sealed class ImportSuppliersFeed(SupplierIntake intake, CatalogFeedOptions options, ICatalogClientSource clients)
    : PrestaShopCatalogFeed(clients)
{
    public override FeedKind Kind => FeedKind.ImportSuppliers;

    public override async Task<FeedCounts> RunAsync(PrestaShopClient client, ICatalogFeedRun run, CancellationToken ct)
    {
        var tally = new FeedTally();
        var reader = new CatalogReader(client, options);
        await foreach (var page in client.PagesAsync<Supplier>(PrestaShopQuery.Create().Full().OrderBy("id"), options.RowPageSize, ct))
        {
            var addresses = await reader.ByIdsAsync<SupplierAddress>("id_supplier", page.Select(s => s.Id), ct);
            var countries = (await reader.ByIdsAsync<Country>("id", addresses.Select(a => a.IdCountry), ct))
                .ToDictionary(c => c.Id, c => c.IsoCode);
            var incoming = page.Select(s => SupplierMapper.Map(s, SupplierMapper.PickAddress(addresses, s.Id), countries)).ToList();
            var result = await intake.ApplySuppliersAsync(run.IntegrationId, incoming, ct);
            tally.Processed += incoming.Count;
            tally.Add(result);
            foreach (var failure in result.Failures)
                await run.LogAsync(FeedLogLevel.Error, $"Supplier {failure.ExternalId}: {failure.Message}", failure.ExternalId, "supplier");
            run.Report(tally.Counts, null, $"Imported suppliers up to id {page[^1].Id}");
        }
        return tally.Counts;
    }
}
