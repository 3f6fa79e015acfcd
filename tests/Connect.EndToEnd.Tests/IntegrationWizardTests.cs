using Connect.PrestaShop.Simulator;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests;

/// <summary>An admin connects a (simulated) PrestaShop shop through the wizard, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class IntegrationWizardTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_admin_connects_a_shop_and_lands_on_its_configuration()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var page = await browser.SignedInPageAsync();

        await WizardUpToTestAsync(page, "Demo shop (wizard)", shop);
        await Expect(page.Locator("#report-version")).ToContainTextAsync("8.1");
        await Expect(page.Locator("#report-ok")).ToBeVisibleAsync();
        await BrowserFixture.ShootAsync(page, "wizard-test-ok");
        await page.ClickAsync("#wizard-next");
        await Expect(page.Locator("#wizard-summary")).ToContainTextAsync("Demo shop (wizard)");
        await page.ClickAsync("#wizard-save");

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/integrations/\\d+$"));
        await Expect(page.Locator("#page-title")).ToContainTextAsync("Demo shop (wizard)");
        // The status grid is loaded live from the shop: its 13 states, with proposed actions.
        await Expect(page.Locator("#status-grid")).ToContainTextAsync("Payment accepted");
        // The shop's own name and version, learned by the wizard's test, tell this integration apart from others.
        await Expect(page.Locator("#page-description")).ToContainTextAsync($"{shop.State.ShopName} · PrestaShop 8.1");
        await BrowserFixture.ShootAsync(page, "integration-configuration");
        await page.ClickAsync("#back-to-integrations");
        await Expect(page.Locator("#integrations tr", new() { HasText = "Demo shop (wizard)" })).ToContainTextAsync(shop.State.ShopName);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_key_is_explained_and_blocks_saving()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.BadKey = true;
        var page = await browser.SignedInPageAsync();

        await WizardUpToTestAsync(page, "Bad key shop", shop);
        await Expect(page.Locator("#connection-report")).ToContainTextAsync("Advanced Parameters > Webservice");
        await Expect(page.Locator("#wizard-next")).ToBeDisabledAsync();
        await BrowserFixture.ShootAsync(page, "wizard-bad-key");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Advanced_stock_management_is_refused_with_the_reason()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = "1.6", AdvancedStockManagement = true });
        var page = await browser.SignedInPageAsync();

        await WizardUpToTestAsync(page, "ASM shop", shop);
        await Expect(page.Locator("#connection-report")).ToContainTextAsync("Advanced Stock Management");
        await Expect(page.Locator("#wizard-next")).ToBeDisabledAsync();
        await BrowserFixture.ShootAsync(page, "wizard-asm");
        await page.Context.CloseAsync();
    }

    private static async Task WizardUpToTestAsync(IPage page, string name, SimulatedShop shop)
    {
        await page.GotoAsync("/integrations/new");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.Locator("#wizard-name").FillAsync(name);
        // Chosen, not assumed: the wizard preselects the only store, and other tests of the shared portal add stores of their own.
        await Journey.Ui.SelectAsync(page.Locator("body"), "Import orders to store", "Main store");
        await page.ClickAsync("#wizard-next");
        await page.Locator("#wizard-url").FillAsync(shop.BaseUrl.ToString());
        await page.Locator("#wizard-key").FillAsync(shop.ApiKey);
        await page.ClickAsync("#wizard-next");
        await page.ClickAsync("#wizard-test");
        await Expect(page.Locator("#connection-report")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }
}
