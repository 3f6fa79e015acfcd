using Connect.PrestaShop.Simulator;

namespace Connect.Infrastructure.Tests.Simulator;

/// <summary>Reads share the shop's state, writes have it alone; the server time per row follows the fields read.</summary>
public sealed class SimulatedShopConcurrencyTests
{
    [Fact]
    public async Task A_read_is_answered_while_another_reader_holds_the_state()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var (reader, release) = await HoldReaderAsync(shop);

        var (status, body, _) = await shop.GetAsync("api/products/1");
        release.SetResult();
        await reader;

        status.ShouldBe(200);
        SimulatorTestKit.Entity(body).Element("id")!.Value.Trim().ShouldBe("1");
    }

    [Fact]
    public async Task A_write_waits_for_the_readers_and_is_then_applied()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var (reader, release) = await HoldReaderAsync(shop);
        var row = shop.State.StockRow(19)!.Id; // a product without combinations: its quantity is its own
        var (_, current, _) = await shop.GetAsync($"api/stock_availables/{row}");
        var edited = current.Replace("<quantity><![CDATA[" + SimulatorTestKit.Entity(current).Element("quantity")!.Value + "]]></quantity>",
            "<quantity><![CDATA[77]]></quantity>", StringComparison.Ordinal);

        var write = shop.SendAsync(HttpMethod.Put, $"api/stock_availables/{row}", edited);
        var finishedWhileRead = await Task.WhenAny(write, Task.Delay(300, TestContext.Current.CancellationToken)) == write;
        release.SetResult();
        await reader;
        var (status, _, _) = await write;

        finishedWhileRead.ShouldBeFalse();
        status.ShouldBe(200);
        shop.State.StockQuantity(19).ShouldBe(77);
    }

    [Fact]
    public void Server_time_is_the_full_row_cost_with_display_full_and_a_fixed_share_plus_the_fields_asked_otherwise()
    {
        var costs = new ServerCost { PerRow = TimeSpan.FromMilliseconds(1) };
        costs.SetPerRow("products", TimeSpan.FromMilliseconds(6));

        costs.For("products", 100, 1).ShouldBe(TimeSpan.FromMilliseconds(600));
        costs.For("products", 100, 0.5).ShouldBe(TimeSpan.FromMilliseconds(360)); // 20% + 80% x 0.5
        costs.For("orders", 10, 1).ShouldBe(TimeSpan.FromMilliseconds(10));
        new ServerCost().For("products", 1000, 1).ShouldBe(TimeSpan.Zero);
    }

    /// <summary>A long reader on another thread (the lock is thread-affine), like a large listing being printed, until released.</summary>
    private static async Task<(Task Reader, TaskCompletionSource Release)> HoldReaderAsync(SimulatedShop shop)
    {
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var reader = Task.Run(() =>
        {
            using (shop.State.Reading())
            {
                holding.SetResult();
                release.Task.Wait(TimeSpan.FromSeconds(20));
            }
        }, TestContext.Current.CancellationToken);
        await holding.Task;
        return (reader, release);
    }
}
