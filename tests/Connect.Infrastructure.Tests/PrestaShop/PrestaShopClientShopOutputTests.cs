using Connect.Infrastructure.Integrations;
using Connect.Infrastructure.Integrations.PrestaShop;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Security;
using Connect.PrestaShop.Simulator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace Connect.Infrastructure.Tests.PrestaShop;

/// <summary>The client against shops whose output is not clean XML, as real shops often answer, over HTTP (simulator faults).</summary>
public sealed class PrestaShopClientShopOutputTests
{
    private static PrestaShopClient ClientFor(SimulatedShop shop, ILogger? logger = null) => new(new PrestaShopClientOptions
    {
        BaseUrl = shop.BaseUrl.ToString(),
        ApiKey = shop.ApiKey,
        RetryCount = 0,
    }, logger: logger);

    [Fact]
    public async Task Reads_through_a_byte_order_mark()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions());
        shop.Faults.ByteOrderMark = true;
        using var client = ClientFor(shop);

        (await client.ListAsync<Product>()).Count.ShouldBe(19);
    }

    [Fact]
    public async Task Reads_through_php_notices_printed_before_the_xml_and_logs_the_repair()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions());
        shop.Faults.PhpNoticesBeforeXml = true;
        shop.Faults.ByteOrderMark = true;
        var log = new ListLogger();
        using var client = ClientFor(shop, log);

        (await client.ListAsync<Product>()).Count.ShouldBe(19);
        (await client.GetOrderStatesAsync()).Count.ShouldBe(13);

        log.Lines.Count(l => l.Level == LogLevel.Warning).ShouldBe(1);
        log.Lines[0].Text.ShouldContain("before the XML");
        log.Lines.ShouldAllBe(l => !l.Text.Contains(shop.ApiKey));
    }

    [Fact]
    public async Task Drops_control_characters_inside_fields()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions());
        using var clean = ClientFor(shop);
        var expected = (await clean.GetAsync<Product>(1)).Name;
        shop.Faults.ControlCharactersInFields = true;
        using var client = ClientFor(shop);

        var product = await client.GetAsync<Product>(1);

        product.Name.ShouldBe(expected);
        product.Name.ShouldNotContain('\u0001');
    }

    [Fact]
    public async Task Incremental_read_never_skips_rows_sharing_one_second_across_pages()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions());
        lock (shop.State.Sync)
        {
            var rows = shop.State.Table("products").Rows;
            for (var i = 0; i < rows.Count; i++)
                rows[i]["date_upd"] = i < 3 ? "2026-11-28 09:59:59" : i < 16 ? "2026-11-28 10:00:00" : "2026-11-28 10:00:01";
        }
        using var client = ClientFor(shop);
        var since = new PrestaShopCursor(new DateTime(2026, 11, 28, 9, 59, 59), 2);

        var read = new List<long>();
        await foreach (var page in client.ChangesSinceAsync<Product>(since, TimeSpan.Zero, pageSize: 4))
            read.AddRange(page.Items.Select(p => p.Id));

        var expected = shop.State.Table("products").Rows.Skip(2).Select(r => (long)r.Id).ToList();
        read.ShouldBe(expected);
    }

    [Fact]
    public async Task An_answer_larger_than_the_limit_is_refused_with_the_fix()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions());
        using var client = new PrestaShopClient(new PrestaShopClientOptions
        {
            BaseUrl = shop.BaseUrl.ToString(), ApiKey = shop.ApiKey, RetryCount = 0, MaxResponseBytes = 4096,
        });

        var refused = await Should.ThrowAsync<PrestaShopException>(() => client.ListAsync<Product>(PrestaShopQuery.Create().Full()));

        refused.Kind.ShouldBe(PrestaShopErrorKind.InvalidResponse);
        refused.Explanation.ShouldContain("Lower the page size");
        (await client.ListIdsAsync("order_states")).ShouldNotBeEmpty(); // small answers still pass
    }

    [Fact]
    public async Task An_image_larger_than_the_limit_is_refused()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions());
        using var client = new PrestaShopClient(new PrestaShopClientOptions
        {
            BaseUrl = shop.BaseUrl.ToString(), ApiKey = shop.ApiKey, RetryCount = 0, MaxImageBytes = 100,
        });
        var image = (await client.GetImageListAsync(1)).ImageIds.First();

        var refused = await Should.ThrowAsync<PrestaShopException>(() => client.DownloadImageAsync(1, image));

        refused.Explanation.ShouldContain("image is too large");
    }

    [Fact]
    public void Clients_of_one_shop_share_one_handler()
    {
        var factory = new PrestaShopClientFactory(null!, new ApiKeyProtector(new EphemeralDataProtectionProvider()), new PrestaShopClientSettings());
        using var first = factory.Create(new ShopConnection("https://shop.example", "KEY", null, 4));
        using var second = factory.Create(new ShopConnection("https://shop.example/", "KEY", 2, 2));
        using var other = factory.Create(new ShopConnection("https://other.example", "KEY", null, 4));

        first.Handler.ShouldNotBeNull();
        second.Handler.ShouldBeSameAs(first.Handler);
        other.Handler.ShouldNotBeSameAs(first.Handler);
        factory.Dispose();
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add((logLevel, formatter(state, exception)));
        }
    }
}
