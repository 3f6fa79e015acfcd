using Connect.Domain.Integrations;
using Connect.Domain.Stores;
using Connect.Testing;
using Connect.Web.Feeds;
using Microsoft.EntityFrameworkCore;

namespace Connect.Web.Tests.Feeds;

[Collection(SqliteCollection.Name)]
public sealed class IntegrationStoreLookupTests(SqliteDatabaseFixture database) : DatabaseTest(database)
{
    private readonly Clock _clock = new();

    [Fact]
    public async Task Answers_from_its_cache_until_the_entry_expires_or_is_forgotten()
    {
        var (first, second) = (await StoreAsync("A"), await StoreAsync("B"));
        var integration = await Database.InsertAsync(new Integration("Shop", "Test", "https://shop.example", first.Id, DateTime.UtcNow));
        var lookup = new IntegrationStoreLookup(Database.Contexts, _clock);
        (await lookup.StoreOfAsync(integration.Id)).ShouldBe(first.Id);

        await MoveAsync(integration.Id, second.Id);
        (await lookup.StoreOfAsync(integration.Id)).ShouldBe(first.Id);

        _clock.Now += IntegrationStoreLookup.Lifetime;
        (await lookup.StoreOfAsync(integration.Id)).ShouldBe(second.Id);

        await MoveAsync(integration.Id, first.Id);
        lookup.Forget(integration.Id);
        (await lookup.StoreOfAsync(integration.Id)).ShouldBe(first.Id);
    }

    [Fact]
    public async Task An_unknown_integration_has_no_store()
    {
        var lookup = new IntegrationStoreLookup(Database.Contexts, _clock);

        (await lookup.StoreOfAsync(404)).ShouldBeNull();
    }

    private async Task<Store> StoreAsync(string code) => await Database.InsertAsync(new Store("Store " + code, code, new Warehouse("Warehouse " + code, code)));

    private async Task MoveAsync(int integrationId, int storeId)
    {
        await using var db = Database.CreateContext();
        (await db.Integrations.SingleAsync(i => i.Id == integrationId)).AssignStore(storeId);
        await db.SaveChangesAsync();
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
