using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Sync;
using Connect.Domain.Stores;
using Connect.Infrastructure.Integrations;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using Connect.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Integrations;

/// <summary>Creating an integration on each provider, with the production options (retrying execution strategy).</summary>
public abstract class IntegrationSetupTests(DatabaseFixture database) : DatabaseTest(database)
{
    private IntegrationSetup Setup(IDbContextFactory<ConnectDbContext>? contexts = null)
    {
        var protector = new ApiKeyProtector(new EphemeralDataProtectionProvider());
        contexts ??= Database.Contexts;
        return new IntegrationSetup(contexts, protector, new IntegrationPlatforms([], contexts, protector), TimeProvider.System);
    }

    private async Task<Integration> DemoAsync()
    {
        var store = await Database.InsertAsync(new Store("Main store", "MAIN", new Warehouse("Main", "MAIN")));
        return await Database.InsertAsync(new Integration("Demo", "PrestaShop", "https://shop.example", store.Id, DateTime.UtcNow));
    }

    [Fact]
    public async Task A_save_made_on_a_stale_read_of_an_integration_is_refused_by_the_database_instead_of_overwriting()
    {
        var integration = await DemoAsync();
        await using var first = Database.CreateContext();
        await using var second = Database.CreateContext();
        var firstView = await first.Integrations.SingleAsync(i => i.Id == integration.Id);
        var secondView = await second.Integrations.SingleAsync(i => i.Id == integration.Id);

        secondView.ChangeSettings(secondView.Settings with { FullShipmentStatusId = "4" });
        await second.SaveChangesAsync();
        firstView.ChangeSettings(firstView.Settings with { StockImportWarehouseId = 1 });

        // Without the revision token this save would write back the settings it read, erasing the shipped status.
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync());
        var saved = await Database.QueryAsync(db => db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integration.Id));
        saved.Settings.FullShipmentStatusId.ShouldBe("4");
        saved.Revision.ShouldBe(1);
    }

    [Fact]
    public async Task A_section_save_that_loses_a_race_is_redone_on_the_fresh_integration_and_keeps_the_other_save()
    {
        var integration = await DemoAsync();
        (await Setup().SaveShippingConfirmationAsync(integration.Id, "4", "3", false, TestUsers.Admin())).Saved.ShouldBeTrue();
        // Another admin's save commits between this save's read and its write, once.
        var race = new CompetingSave();
        var setup = Setup(Database.ContextsWith(race));

        var result = await setup.SaveBackOfficeAsync(integration.Id, "https://shop.example/admin-xyz/", TestUsers.Admin());

        result.Saved.ShouldBeTrue(result.Error);
        race.Attempts.ShouldBe(2);
        var saved = await Database.QueryAsync(db => db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integration.Id));
        saved.Settings.BackOfficeUrl.ShouldBe("https://shop.example/admin-xyz/");
        saved.Settings.FullShipmentStatusId.ShouldBe("4");
        saved.Settings.PartialShipmentStatusId.ShouldBe("3");
    }

    /// <summary>Moves the integration's revision inside the saving transaction the first time, as a commit by someone else would.</summary>
    private sealed class CompetingSave : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        public int Attempts { get; private set; }

        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            var db = eventData.Context!;
            if (!db.ChangeTracker.Entries<Integration>().Any()) return result;
            if (++Attempts == 1)
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.Transaction = Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(db.Database.CurrentTransaction!);
                command.CommandText = "UPDATE \"Integrations\" SET \"Revision\" = \"Revision\" + 1";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            return result;
        }
    }

    [Fact]
    public async Task Test_contexts_run_with_a_retrying_execution_strategy_like_production()
    {
        await using var db = Database.CreateContext();
        db.Database.CreateExecutionStrategy().RetriesOnFailure.ShouldBeTrue();
    }

    [Fact]
    public async Task Creating_an_integration_saves_it_with_its_status_rules_in_one_transaction()
    {
        var store = await Database.InsertAsync(new Store("Main store", "MAIN", new Warehouse("Main", "MAIN")));
        var states = new[] { new ShopOrderState("2", "Payment accepted", true, false, false), new ShopOrderState("6", "Canceled", false, false, false, Cancelled: true) };

        var (result, id) = await Setup().CreateAsync(new IntegrationDraft("Demo", "PrestaShop", store.Id, "https://shop.example", "KEY123", null), states, TestUsers.Admin(),
            (db, integration) =>
            {
                db.FeedSchedules.Add(new Connect.Domain.Feeds.FeedSchedule(integration.Id, Connect.Domain.Feeds.FeedKind.ImportNewProducts));
                return Task.CompletedTask;
            });

        result.Saved.ShouldBeTrue(result.Error);
        var saved = await Database.QueryAsync(db => db.Integrations.AsNoTracking().SingleAsync(i => i.Id == id));
        saved.Name.ShouldBe("Demo");
        (await Database.QueryAsync(db => db.OrderStatusRules.CountAsync(r => r.IntegrationId == id))).ShouldBe(2);
        (await Database.QueryAsync(db => db.FeedSchedules.CountAsync(s => s.IntegrationId == id))).ShouldBe(1);
    }

    [Fact]
    public async Task Changing_the_export_warehouses_asks_for_every_linked_products_stock_export_again()
    {
        var main = new Warehouse("Main", "MAIN");
        var store = await Database.InsertAsync(new Store("Main store", "MAIN", main));
        var second = await Database.InsertAsync(new Warehouse("Second", "SECOND"));
        var demo = new Integration("Demo", "PrestaShop", "https://shop.example", store.Id, DateTime.UtcNow);
        demo.ChangeSettings(demo.Settings with { StockExportWarehouseIds = [main.Id] });
        var integration = await Database.InsertAsync(demo);
        var exported = await Database.InsertAsync(new Product(new ProductDetails("SKU-1", "Exported", null, null, 0.1m, 1m, true), DateTime.UtcNow));
        var neverAsked = await Database.InsertAsync(new Product(new ProductDetails("SKU-2", "Never asked", null, null, 0.1m, 1m, true), DateTime.UtcNow));
        var handled = new StockExportRequest(integration.Id, exported.Id, DateTime.UtcNow);
        handled.Exported(handled.Version, 5, DateTime.UtcNow);
        await Database.InsertAsync(handled,
            new ExternalLink(integration.Id, ExternalLinkKind.Product, "10", exported.Id, DateTime.UtcNow),
            new ExternalLink(integration.Id, ExternalLinkKind.Product, "11", neverAsked.Id, DateTime.UtcNow));
        var setup = Setup();
        (await setup.SaveStockExportAsync(integration.Id, [main.Id], TestUsers.Admin())).Saved.ShouldBeTrue(); // unchanged: nothing asked
        (await Database.QueryAsync(db => db.StockExportRequests.AsNoTracking().ToListAsync())).ShouldHaveSingleItem().IsPending.ShouldBeFalse();

        (await setup.SaveStockExportAsync(integration.Id, [main.Id, second.Id], TestUsers.Admin())).Saved.ShouldBeTrue();

        var requests = await Database.QueryAsync(db => db.StockExportRequests.AsNoTracking().Where(r => r.IntegrationId == integration.Id).ToListAsync());
        requests.Select(r => r.ProductId).Order().ShouldBe(new[] { exported.Id, neverAsked.Id }.Order());
        requests.ShouldAllBe(r => r.IsPending);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteIntegrationSetupTests(SqliteDatabaseFixture database) : IntegrationSetupTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerIntegrationSetupTests(SqlServerDatabaseFixture database) : IntegrationSetupTests(database);
