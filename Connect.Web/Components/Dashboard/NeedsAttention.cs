using Connect.Domain.Feeds;
using Connect.Domain.Orders;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Web.Components.Dashboard;

/// <summary>One thing a person should look at, with where to fix it.</summary>
public sealed record AttentionItem(string Kind, string Text, string Href);

/// <summary>
/// What needs a person, read from Connect's own tables (no shop is asked): runs that failed in the last day, integrations
/// with no carrier or payment mapped, orders waiting on a mapping or a state, stock exports that keep failing. Only the
/// integrations and orders of the user's stores count.
/// </summary>
public static class NeedsAttention
{
    public static async Task<IReadOnlyList<AttentionItem>> FindAsync(ConnectDbContext db, IReadOnlySet<int>? stores, DateTime now, CancellationToken ct = default)
    {
        var integrations = await db.Integrations.AsNoTracking().Where(i => stores == null || stores.Contains(i.StoreId))
            .OrderBy(i => i.Name).Select(i => new { i.Id, i.Name }).ToListAsync(ct);
        var ids = integrations.Select(i => i.Id).ToList();
        var names = integrations.ToDictionary(i => i.Id, i => i.Name);
        var items = new List<AttentionItem>();

        var since = now.AddDays(-1);
        var failed = await db.FeedRuns.AsNoTracking().Where(r => ids.Contains(r.IntegrationId) && r.Status == FeedRunStatus.Failed && r.StartedAt >= since)
            .GroupBy(r => r.IntegrationId).Select(g => new { IntegrationId = g.Key, Count = g.Count() }).ToListAsync(ct);
        items.AddRange(failed.OrderBy(f => names[f.IntegrationId]).Select(f => new AttentionItem("failed-runs",
            $"{names[f.IntegrationId]}: {Count(f.Count, "feed run")} failed in the last 24 hours", $"/integrations/{f.IntegrationId}/feeds")));

        var carriers = await db.CarrierMappings.AsNoTracking().Where(m => ids.Contains(m.IntegrationId)).Select(m => m.IntegrationId).Distinct().ToListAsync(ct);
        var payments = await db.PaymentMappings.AsNoTracking().Where(m => ids.Contains(m.IntegrationId)).Select(m => m.IntegrationId).Distinct().ToListAsync(ct);
        foreach (var integration in integrations)
        {
            var missing = new[] { carriers.Contains(integration.Id) ? null : "carrier", payments.Contains(integration.Id) ? null : "payment" }.OfType<string>().ToList();
            if (missing.Count > 0)
                items.Add(new AttentionItem("unmapped", $"{integration.Name}: no {string.Join(" or ", missing)} mapped yet, so its orders cannot import",
                    $"/integrations/{integration.Id}"));
        }

        var waiting = await db.WaitingOrders.AsNoTracking().Where(w => stores == null || stores.Contains(w.StoreId))
            .GroupBy(w => w.Reason).Select(g => new { Reason = g.Key, Count = g.Count() }).ToListAsync(ct);
        if (waiting.FirstOrDefault(w => w.Reason == WaitingReason.ImportFailed) is { } blocked)
            items.Add(new AttentionItem("waiting-failed", $"{Count(blocked.Count, "order")} could not be imported (a mapping or a product to fix)", "/orders/waiting"));
        if (waiting.FirstOrDefault(w => w.Reason == WaitingReason.AwaitingStatus) is { } pending)
            items.Add(new AttentionItem("waiting-status", $"{Count(pending.Count, "order")} waiting for a state Connect imports (e.g. payment accepted)", "/orders/waiting"));

        var exports = await db.StockExportRequests.AsNoTracking()
            .Where(r => ids.Contains(r.IntegrationId) && r.LastError != null && r.Version > r.HandledVersion)
            .GroupBy(r => r.IntegrationId).Select(g => new { IntegrationId = g.Key, Count = g.Count() }).ToListAsync(ct);
        items.AddRange(exports.OrderBy(e => names[e.IntegrationId]).Select(e => new AttentionItem("stock-exports",
            $"{names[e.IntegrationId]}: the stock of {Count(e.Count, "product")} could not be sent to the shop", $"/integrations/{e.IntegrationId}/feeds")));
        return items;
    }

    private static string Count(int count, string what) => count == 1 ? $"1 {what}" : $"{count:N0} {what}s";
}
