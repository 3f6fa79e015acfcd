using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests;

/// <summary>A person signs in and walks every navigation entry in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalWalkTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_admin_signs_in_and_walks_every_navigation_entry_without_an_error()
    {
        var page = await browser.SignedInPageAsync();
        await Expect(page.Locator("#page-title")).ToHaveTextAsync("Dashboard");
        await BrowserFixture.ShootAsync(page, "dashboard");

        foreach (var (link, title) in new[]
        {
            ("Integrations", "Integrations"), ("Feeds", "Feeds"), ("Feed log", "Feed log"), ("Orders", "Orders"), ("Catalog", "Catalog"), ("Inventory", "Inventory"),
            ("Stores", "Stores and warehouses"), ("Shipping & payment", "Shipping and payment methods"), ("Users", "Users"),
        })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Expect(page.Locator("#page-title")).ToHaveTextAsync(title);
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            await BrowserFixture.ShootAsync(page, title.ToLowerInvariant().Replace(' ', '-'));
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_shows_how_to_fix_it()
    {
        var context = await BrowserFixture.NewContextAsync(browser.Browser, new() { BaseURL = browser.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", "admin@connect.test");
        await page.FillAsync("#password", "wrong-password");
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("#login-error")).ToContainTextAsync("Wrong user name or password");
        await BrowserFixture.ShootAsync(page, "login-error");
        await context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_adds_a_warehouse_and_sees_it_saved()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/stores");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.ClickAsync("#add-warehouse");
        await page.Locator("#dialog-name").FillAsync("Paris shop");
        await page.Locator("#dialog-code").FillAsync("paris");
        await page.ClickAsync("#dialog-save");
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Data saved.");
        await Expect(page.Locator("#warehouses")).ToContainTextAsync("PARIS");
        await page.ReloadAsync();
        await Expect(page.Locator("#warehouses")).ToContainTextAsync("Paris shop");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_adds_a_user_who_then_signs_in_and_must_choose_a_password()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/users");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.ClickAsync("#add-user");
        await page.Locator("#user-name").FillAsync("new-viewer");
        await page.Locator(".mud-dialog .mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Viewer" }).ClickAsync();
        await page.Locator("#user-password").FillAsync("Temporary1234");
        await page.ClickAsync("#user-save");
        await Expect(page.Locator("#users")).ToContainTextAsync("new-viewer");
        await Expect(page.Locator("#users tr", new() { HasText = "new-viewer" })).ToContainTextAsync("Must change password");
        await BrowserFixture.ShootAsync(page, "users-added");

        var newcomer = await browser.Browser.NewPageAsync(new() { BaseURL = browser.BaseUrl });
        await newcomer.GotoAsync("/account/login");
        await newcomer.FillAsync("#username", "new-viewer");
        await newcomer.FillAsync("#password", "Temporary1234");
        await newcomer.ClickAsync("#sign-in");
        await newcomer.WaitForURLAsync("**/account/change-password");
        await newcomer.Context.CloseAsync();

        await page.Locator("#users tr", new() { HasText = "new-viewer" }).GetByRole(AriaRole.Button, new() { Name = "Lock" }).ClickAsync();
        await Expect(page.Locator("#users tr", new() { HasText = "new-viewer" })).ToContainTextAsync("Locked");
        await page.Context.CloseAsync();
    }
}
