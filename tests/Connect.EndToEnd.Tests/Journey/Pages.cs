using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests.Journey;

// One small page object per portal page: the only place that knows how a page is reached and operated. Selectors go by
// the names and labels a person reads (roles, labels, headings, button names), so a new layout needs no change here.

public sealed class LoginPage(IPage page)
{
    public async Task SignInAsync(string userName, string password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("User name or e-mail").FillAsync(userName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Ui.Button(page, "Sign in").ClickAsync();
    }

    /// <summary>The page a user who signed in with a one-time password is sent to.</summary>
    public async Task ChangePasswordAsync(string current, string chosen)
    {
        await page.WaitForURLAsync("**/account/change-password");
        await page.GetByLabel("Current password").FillAsync(current);
        await page.GetByLabel(new Regex("^New password")).FillAsync(chosen);
        await page.GetByLabel("Repeat the new password").FillAsync(chosen);
        await Ui.Button(page, "Save the new password").ClickAsync();
        await page.WaitForURLAsync(new Regex("/$"));
        await Ui.WaitForInteractiveAsync(page);
    }
}

public sealed class StoresPage(IPage page)
{
    public Task OpenAsync() => Ui.OpenAsync(page, "/stores");

    public async Task AddWarehouseAsync(string name, string code)
    {
        await Ui.Button(page, "Add warehouse").ClickAsync();
        await SaveRecordAsync(name, code, null);
        await Expect(Ui.Section(page, "Warehouses")).ToContainTextAsync(name);
    }

    public async Task AddStoreAsync(string name, string code, string warehouse)
    {
        await Ui.Button(page, "Add store").ClickAsync();
        await SaveRecordAsync(name, code, warehouse);
        await Expect(Ui.Row(Ui.Section(page, "Stores"), name)).ToContainTextAsync(warehouse);
    }

    private async Task SaveRecordAsync(string name, string code, string? warehouse)
    {
        var dialog = Ui.Dialog(page);
        await Ui.FillAsync(dialog, "Name", name);
        await Ui.FillAsync(dialog, "Code", code);
        if (warehouse is not null) await Ui.SelectAsync(dialog, "Ships from warehouse", warehouse);
        await Ui.Button(dialog, "Save").ClickAsync();
        await Ui.ExpectSnackbarAsync(page, "Data saved.");
    }
}

public sealed class MethodsPage(IPage page)
{
    public Task OpenAsync() => Ui.OpenAsync(page, "/methods");

    public Task AddShippingMethodAsync(string name) => AddAsync("Shipping methods", name);

    public Task AddPaymentMethodAsync(string name) => AddAsync("Payment methods", name);

    private async Task AddAsync(string section, string name)
    {
        await Ui.Button(Ui.Section(page, section), "Add").ClickAsync();
        var dialog = Ui.Dialog(page);
        await Ui.FillAsync(dialog, "Name", name);
        await Ui.Button(dialog, "Save").ClickAsync();
        await Expect(Ui.Row(Ui.Section(page, section), name)).ToBeVisibleAsync();
    }
}

/// <summary>Integrations > New integration: name and store, URL and key, test, summary and save.</summary>
public sealed class NewIntegrationPage(IPage page)
{
    public async Task UpToTestAsync(string name, string? store, string url, string apiKey)
    {
        await Ui.OpenAsync(page, "/integrations/new");
        await Ui.FillAsync(page.Locator("body"), "Name", name);
        if (store is not null) await Ui.SelectAsync(page.Locator("body"), "Import orders to store", store);
        await Ui.Button(page, "Next").ClickAsync();
        await Ui.FillAsync(page.Locator("body"), "Shop URL", url);
        await Ui.FillAsync(page.Locator("body"), "API key", apiKey);
        await Ui.Button(page, "Next").ClickAsync();
        await Ui.Button(page, "Test connection").ClickAsync();
        await Expect(Ui.Button(page, "Test again")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    /// <summary>What the connection test found, problems with their fixes included.</summary>
    public ILocator Report => page.Locator("#connection-report");

    public ILocator Next => Ui.Button(page, "Next");

    /// <summary>Past the summary to the saved integration's page; returns its id.</summary>
    public async Task<int> SaveAsync()
    {
        await Next.ClickAsync();
        await Ui.Button(page, "Save").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/integrations/\d+$"));
        return int.Parse(Regex.Match(page.Url, @"/integrations/(\d+)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>An integration's page: its Configuration tab, section by section.</summary>
public sealed class ConfigurationPage(IPage page, int integrationId)
{
    public async Task OpenAsync()
    {
        await Ui.OpenAsync(page, $"/integrations/{integrationId}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Configuration" }).ClickAsync();
    }

    public ILocator Section(string heading) => Ui.Section(page, heading);

    /// <summary>Scrolls back to the tabs, where the page starts.</summary>
    public Task ShowTopAsync() => page.GetByRole(AriaRole.Tab, new() { Name = "Configuration" }).ScrollIntoViewIfNeededAsync();

    /// <summary>Sets one shop order state's action and retry flag in the status grid.</summary>
    public async Task SetOrderStatusAsync(string state, string action, bool retry)
    {
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(state)} \\(id \\d+\\)") });
        await Ui.SelectAsync(row, null, action);
        var box = row.GetByRole(AriaRole.Checkbox);
        if (await box.IsCheckedAsync() != retry) await box.ClickAsync();
        await Expect(box).ToBeCheckedAsync(new() { Checked = retry });
    }

    public async Task MapAsync(string section, string shopValue, string connectMethod)
    {
        var row = Ui.Row(Section(section), shopValue);
        await Ui.SelectAsync(row, null, connectMethod);
    }

    public async Task ChooseAsync(string section, string label, string option) => await Ui.SelectAsync(Section(section), label, option);

    public async Task TickAsync(string section, string label)
    {
        var box = Section(section).GetByRole(AriaRole.Checkbox, new() { Name = label, Exact = true });
        if (!await box.IsCheckedAsync()) await box.ClickAsync();
        await Expect(box).ToBeCheckedAsync();
    }

    public async Task SaveAsync(string section)
    {
        var paper = Section(section);
        await Ui.Button(paper, "Save").ClickAsync();
        await Expect(paper.GetByText("Data saved.")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    public async Task GoLiveAsync()
    {
        await Ui.Button(Section("Live"), "Go live").ClickAsync();
        await Ui.Button(Ui.Dialog(page), "Go live").ClickAsync();
        await Expect(Section("Live").GetByText("Data saved.")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }
}

/// <summary>An integration's Feeds tab: each feed's row with its schedule, last run and live progress.</summary>
public sealed class FeedsPage(IPage page, int integrationId)
{
    public async Task OpenAsync()
    {
        await Ui.OpenAsync(page, $"/integrations/{integrationId}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Feeds" }).ClickAsync();
        await Expect(Feed("Import new products")).ToBeVisibleAsync();
    }

    /// <summary>The row of a feed, by its name as the page shows it.</summary>
    public ILocator Feed(string name) => Ui.Row(page.Locator("body"), name);

    public Task RunAsync(string feed) => Ui.Button(Feed(feed), "Run now").ClickAsync();

    /// <summary>Waits until the feed's latest run has ended with this outcome and shows these words (counts or message).</summary>
    public async Task WaitForAsync(string feed, string outcome, params string[] shows)
    {
        await Expect(Feed(feed)).ToContainTextAsync(outcome, new() { Timeout = Ui.FeedTimeout });
        foreach (var text in shows) await Expect(Feed(feed)).ToContainTextAsync(text);
    }

    public async Task RunAndWaitAsync(string feed, params string[] shows)
    {
        await RunAsync(feed);
        await WaitForAsync(feed, "Succeeded", shows);
    }

    /// <summary>Every N hours, through the feed's Edit schedule dialog.</summary>
    public async Task ScheduleEveryHoursAsync(string feed, int hours)
    {
        await Feed(feed).GetByRole(AriaRole.Button, new() { Name = $"Edit the schedule of {feed}" }).ClickAsync();
        var dialog = Ui.Dialog(page);
        await Ui.SelectAsync(dialog, "Runs", "Every N hours");
        await Ui.FillAsync(dialog, "Hours", hours.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Ui.Button(dialog, "Save").ClickAsync();
        await Expect(Feed(feed)).ToContainTextAsync(new Regex("[Ee]very.*hour"));
    }
}

/// <summary>Inventory: one product's stock per warehouse, counted or received by hand.</summary>
public sealed class StockPage(IPage page)
{
    public Task OpenAsync() => Ui.OpenAsync(page, "/stock");

    public async Task SearchAsync(string sku)
    {
        await page.GetByLabel("Search SKU, name or barcode").FillAsync(sku);
        // The search applies after a short debounce; a click on a row of the unfiltered list would be lost with its row.
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell) }).Filter(new() { HasNotText = sku }))
            .ToHaveCountAsync(0, new() { Timeout = 15_000 });
    }

    public ILocator Row(string sku, string warehouse) => Ui.Row(page.Locator("body"), sku).Filter(new() { HasText = warehouse });

    /// <summary>Sets the counted quantity of a SKU in a warehouse.</summary>
    public async Task CountAsync(string sku, string warehouse, int counted, string reason)
    {
        await Ui.Button(Row(sku, warehouse), "Adjust").ClickAsync();
        var dialog = Ui.Dialog(page);
        await Ui.FillAsync(dialog, "Counted quantity", counted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Ui.FillAsync(dialog, "Reason", reason);
        await Ui.Button(dialog, "Save").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
    }
}

/// <summary>Orders: the preparation tabs and one order's page.</summary>
public sealed class OrdersPage(IPage page)
{
    public Task OpenAsync() => Ui.OpenAsync(page, "/orders");

    /// <summary>The tab with this name (its label carries the count: "In stock (1)").</summary>
    public ILocator Tab(string name) => page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex($"^{Regex.Escape(name)} \\(\\d+\\)$") });

    public async Task ShowTabAsync(string name, int count)
    {
        var tab = Tab(name);
        await Expect(tab).ToHaveTextAsync($"{name} ({count})", new() { Timeout = 15_000 });
        // A click while the grid is still loading its first page can be lost: click again until the tab is the active one.
        for (var attempt = 1; ; attempt++)
        {
            await tab.ClickAsync();
            try
            {
                await Expect(tab).ToHaveClassAsync(new Regex("mud-tab-active"), new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3) { }
        }
    }

    public ILocator Order(string reference) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = reference });

    public async Task OpenOrderAsync(string reference)
    {
        await Order(reference).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Order ") })).ToBeVisibleAsync();
    }
}

public sealed class OrderPage(IPage page)
{
    /// <summary>Opens the product of the order line that mentions this text (its shop reference, say).</summary>
    public async Task OpenProductAsync(string lineText)
    {
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = lineText }).GetByRole(AriaRole.Link).First.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/catalog/products/\d+$"));
    }

    public ILocator Shipments => Ui.Section(page, "Shipments");

    /// <summary>Ships everything reserved with the order's carrier and this tracking number.</summary>
    public async Task ShipAllAsync(string trackingNumber)
    {
        await Ui.Button(page, "Ship").ClickAsync();
        var dialog = Ui.Dialog(page);
        await Ui.FillAsync(dialog, "Tracking number", trackingNumber);
        await Ui.Button(dialog, "Ship").ClickAsync();
        await Expect(Shipments).ToContainTextAsync(trackingNumber, new() { Timeout = 15_000 });
    }
}

public sealed class FeedLogPage(IPage page)
{
    public Task OpenAsync() => Ui.OpenAsync(page, "/feeds/log");

    public ILocator Runs => page.GetByRole(AriaRole.Table).First;

    public ILocator Run(string feed) => Ui.Row(Runs, feed);
}

public sealed class ProductPage(IPage page)
{
    /// <summary>The product's SKU, which the page names itself after.</summary>
    public async Task<string> SkuAsync()
    {
        await Expect(OfferedToShops).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page).ToHaveTitleAsync(new Regex("^(?!Product |Order ).+ · Connect$"));
        return (await page.TitleAsync()).Split(" · ")[0].Trim();
    }

    public ILocator OfferedToShops => Ui.Section(page, "Offered to the shops");
}
