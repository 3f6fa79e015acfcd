using System.Text.Json;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Integrations;
using Connect.Infrastructure.Persistence;
using Connect.PrestaShop.Simulator;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests;

/// <summary>
/// Every page of the portal, with data in it, checked by axe-core in the real browser: no serious or critical violation
/// (contrast, labels, names), no missing file (favicon, scripts). Screenshots at desktop and phone size go to docs/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private static readonly string AxeScript = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");

    [Fact]
    public async Task Every_page_passes_axe_core_without_a_serious_or_critical_violation()
    {
        await using var shop = await SimulatedShop.StartAsync();
        lock (shop.State.Sync) shop.State.Table("orders").Find(2)!["current_state"] = "2"; // one order to import
        var integrationId = await browser.CreateIntegrationAsync(shop, "Accessible shop");
        var (runId, orderId, productId) = await ImportAsync(integrationId);

        var page = await browser.SignedInPageAsync();
        var missing = new List<string>();
        page.Response += (_, response) => { if (response.Status == 404) missing.Add(response.Url); };
        var problems = new List<string>();
        foreach (var (path, name, ready) in new[]
        {
            ("/", "dashboard", "#needs-attention"),
            ("/integrations", "integrations", "#integrations"),
            ($"/integrations/{integrationId}", "integration-configuration", "#carrier-grid"),
            ($"/integrations/{integrationId}/feeds", "integration-feeds", "#integration-feeds"),
            ("/feeds", "feeds", "#page-title"),
            ("/feeds/log", "feed-log", "#page-title"),
            ($"/feeds/runs/{runId}", "feed-run", "#page-title"),
            ("/orders", "orders", "#orders"),
            ($"/orders/{orderId}", "order-detail", "#order-lines"),
            ("/orders/waiting", "waiting-orders", "#page-title"),
            ("/inventory", "stock", "#page-title"),
            ("/catalog", "catalog", "#products tbody tr"),
            ($"/catalog/products/{productId}", "product", "#page-title"),
            ("/catalog/suppliers", "suppliers", "#page-title"),
            ("/stores", "stores", "#warehouses"),
            ("/methods", "methods", "#shipping-methods"),
            ("/users", "users", "#users"),
            ("/shipping/confirmations", "shipping-confirmations", "#page-title"),
        })
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitForInteractiveAsync(page);
            await page.Locator(ready).First.WaitForAsync(new() { Timeout = 20_000 });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            problems.AddRange((await ViolationsAsync(page)).Select(v => $"{path}: {v}"));
            await Journey.Screenshots.SaveBothSizesAsync(page, name);
        }

        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
        missing.ShouldBeEmpty(string.Join(Environment.NewLine, missing));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_account_menu_holds_the_user_change_password_and_sign_out()
    {
        var page = await browser.SignedInPageAsync();
        await page.SetViewportSizeAsync(390, 844);

        await page.ClickAsync(".account-menu button");

        await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(Connect.Testing.Web.ConnectWebFactory.AdminEmail);
        await Expect(page.Locator("#menu-change-password")).ToBeVisibleAsync();
        await Journey.Screenshots.SaveBothSizesAsync(page, "account-menu");
        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync("**/account/login**");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_feed_log_filters_fold_behind_a_Filters_button()
    {
        var page = await browser.SignedInPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/feeds/log");
        await BrowserFixture.WaitForInteractiveAsync(page);

        await Expect(page.Locator("#feed-log-filters")).ToBeHiddenAsync();
        await page.ClickAsync("#filters-toggle");
        await Expect(page.Locator("#feed-log-filters")).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(1440, 900);
        await page.ClickAsync("#page-title"); // a desktop shows the filters whatever the phone button said
        await Expect(page.Locator("#filters-toggle")).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>axe-core's serious and critical findings on the current page, one line each with the first elements concerned.</summary>
    private static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = AxeScript });
        var found = await page.EvaluateAsync<JsonElement>("""
            async () => {
                const result = await axe.run(document, { resultTypes: ['violations'] });
                return result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | ')}`);
            }
            """);
        return found.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>Products and one order from the demo shop, through the real feeds; the ids of a run, an order and a product to open.</summary>
    private async Task<(long RunId, int OrderId, int ProductId)> ImportAsync(int integrationId)
    {
        var services = browser.Portal.Services;
        var contexts = services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var standard = new ShippingMethod("Accessible post");
            var cheque = new PaymentMethod("Accessible cheque");
            db.AddRange(standard, cheque);
            await db.SaveChangesAsync();
            db.OrderStatusRules.RemoveRange(db.OrderStatusRules.Where(r => r.IntegrationId == integrationId));
            db.OrderStatusRules.Add(new OrderStatusRule(integrationId, "2", "Payment accepted", OrderImportAction.ImportAsValid, false));
            db.CarrierMappings.Add(new CarrierMapping(integrationId, "2", "My carrier", standard.Id));
            db.PaymentMappings.AddRange(new PaymentMapping(integrationId, "Payment by check", cheque.Id), new PaymentMapping(integrationId, "Bank wire", cheque.Id));
            await db.SaveChangesAsync();
        }
        // What the wizard learns: the shop's own name and version, shown by the list and the page header.
        var (tested, _) = await services.GetRequiredService<IntegrationSetup>().TestConnectionAsync(integrationId, TestUsers.Admin());
        if (!tested.Saved) throw new InvalidOperationException(tested.Error);
        var runner = services.GetRequiredService<FeedRunner>();
        long runId = 0;
        foreach (var feed in new[] { FeedKind.ImportNewProducts, FeedKind.ImportNewOrders })
        {
            var started = await runner.RunNowAsync(integrationId, feed, TestUsers.Admin());
            runId = started.RunId ?? throw new InvalidOperationException(started.Reason);
            await runner.WaitForRunAsync(runId);
        }
        await using var read = await contexts.CreateDbContextAsync();
        var orderId = await read.Orders.Where(o => o.IntegrationId == integrationId).Select(o => o.Id).FirstAsync();
        var productId = await read.ExternalLinks.Where(l => l.IntegrationId == integrationId && l.Kind == ExternalLinkKind.Product).Select(l => l.LocalId).FirstAsync();
        return (runId, orderId, productId);
    }
}
