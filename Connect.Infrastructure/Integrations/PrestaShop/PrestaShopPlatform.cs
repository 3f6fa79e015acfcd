using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Mapping;

namespace Connect.Infrastructure.Integrations.PrestaShop;

/// <summary>The PrestaShop side of integration setup: connection test and the lists an admin maps.</summary>
public sealed class PrestaShopPlatform(PrestaShopClientFactory clients) : IIntegrationPlatform
{
    public const string PlatformName = "PrestaShop";

    public string Name => PlatformName;

    public async Task<ConnectionReport> TestConnectionAsync(ShopConnection connection, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(connection.Url, UriKind.Absolute, out _))
            return new ConnectionReport(null, null, [], [new(ProblemSeverity.Blocking, "The shop URL is not valid",
                "Enter the shop's address starting with https:// (for example https://shop.example.com).")]);
        using var client = clients.Create(connection, interactive: true);
        var result = await client.TestConnectionAsync(ct);
        IReadOnlyList<ShopChoice> shops = [];
        if (result.Failure is null && result.ShopNames.Count > 1)
        {
            try
            {
                shops = (await client.GetShopsAsync(ct)).Where(s => !s.Deleted)
                    .Select(s => new ShopChoice((int)s.Id, s.Name)).ToList();
            }
            catch (PrestaShopException)
            {
                // The names from the test are enough to show; ids fall back to positions.
            }
        }
        return PrestaShopConnectionReport.From(result, shops);
    }

    public Task<IReadOnlyList<ShopOrderState>> GetOrderStatesAsync(ShopConnection connection, CancellationToken ct = default) =>
        ReadAsync(() => ReadOrderStatesAsync(connection, ct));

    public Task<IReadOnlyList<ShopCarrier>> GetCarriersAsync(ShopConnection connection, CancellationToken ct = default) =>
        ReadAsync(() => ReadCarriersAsync(connection, ct));

    public Task<IReadOnlyList<string>> GetPaymentNamesAsync(ShopConnection connection, int maxOrders = 500, CancellationToken ct = default) =>
        ReadAsync(() => ReadPaymentNamesAsync(connection, maxOrders, ct));

    /// <summary>Turns the client's typed errors into the neutral exception the portal shows.</summary>
    private static async Task<T> ReadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (PrestaShopException e)
        {
            var problem = PrestaShopConnectionReport.FromFailure(e);
            throw new ShopAccessException($"{problem.Title}. {problem.Fix}", e.Kind == PrestaShopErrorKind.BadKey, e);
        }
    }

    private async Task<IReadOnlyList<ShopOrderState>> ReadOrderStatesAsync(ShopConnection connection, CancellationToken ct)
    {
        using var client = clients.Create(connection, interactive: true);
        return (await client.GetOrderStatesAsync(ct)).Where(s => !s.Deleted).OrderBy(s => s.Id).Select(OrderStateMapper.ToNeutral).ToList();
    }

    private async Task<IReadOnlyList<ShopCarrier>> ReadCarriersAsync(ShopConnection connection, CancellationToken ct)
    {
        using var client = clients.Create(connection, interactive: true);
        var carriers = await client.ListAsync<Carrier>(PrestaShopQuery.Create().Equal("deleted", 0), ct);
        // One row per reference: after edits only the newest carrier of a reference is not deleted, but be safe.
        return carriers.GroupBy(c => c.IdReference == 0 ? c.Id : c.IdReference)
            .Select(g => g.OrderByDescending(c => c.Id).First())
            .Select(c => new ShopCarrier((c.IdReference == 0 ? c.Id : c.IdReference).ToString(System.Globalization.CultureInfo.InvariantCulture), c.Name, c.Active))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private async Task<IReadOnlyList<string>> ReadPaymentNamesAsync(ShopConnection connection, int maxOrders, CancellationToken ct)
    {
        using var client = clients.Create(connection, interactive: true);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var read = 0;
        var query = PrestaShopQuery.Create().Display("id", "payment").OrderByDescending("id");
        await foreach (var page in client.PagesAsync<Order>(query, Math.Min(100, maxOrders), ct))
        {
            foreach (var order in page)
                if (!string.IsNullOrWhiteSpace(order.Payment))
                    names.Add(order.Payment.Trim());
            read += page.Count;
            if (read >= maxOrders)
                break;
        }
        return names.Order(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
