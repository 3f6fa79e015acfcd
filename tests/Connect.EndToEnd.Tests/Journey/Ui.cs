using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect.EndToEnd.Tests.Journey;

/// <summary>
/// How the page objects reach MudBlazor controls: by the label or name a person reads, never by layout. The few places that
/// need MudBlazor's own markup (a select opens a popover of items) are here and nowhere else.
/// </summary>
public static class Ui
{
    /// <summary>Long enough for a feed run against the simulator on a busy 2-core machine.</summary>
    public const float FeedTimeout = 90_000;

    /// <summary>Blazor Server pages are prerendered first; clicks count only once the circuit is up.</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("#connect-interactive", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });

    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitForInteractiveAsync(page);
    }

    public static ILocator Button(ILocator scope, string name) => scope.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>The open dialog (MudBlazor renders one at a time here).</summary>
    public static ILocator Dialog(IPage page) => page.Locator(".mud-dialog").Last;

    /// <summary>A text or number field by its label.</summary>
    public static ILocator Field(ILocator scope, string label) =>
        scope.Locator(".mud-input-control").Filter(new() { Has = scope.Page.Locator("label", new() { HasTextRegex = ExactLabel(label) }) })
            .Locator("input, textarea").First;

    public static async Task FillAsync(ILocator scope, string label, string value)
    {
        var field = Field(scope, label);
        await field.FillAsync(value);
        await field.BlurAsync();
    }

    /// <summary>Opens the select with this label (or the only select in the scope when label is null) and picks the option.</summary>
    public static async Task SelectAsync(ILocator scope, string? label, string option)
    {
        var select = scope.Locator(".mud-select");
        if (label is not null) select = select.Filter(new() { Has = scope.Page.Locator("label", new() { HasTextRegex = ExactLabel(label) }) });
        await select.First.ClickAsync();
        var popover = scope.Page.Locator(".mud-popover-open");
        await popover.Locator(".mud-list-item").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(option)}\\s*$") }).First.ClickAsync();
        await Expect(popover).ToHaveCountAsync(0);
    }

    /// <summary>A table row whose cells include one reading exactly this text.</summary>
    public static ILocator Row(ILocator scope, string cellText) =>
        scope.GetByRole(AriaRole.Row).Filter(new() { Has = scope.Page.GetByRole(AriaRole.Cell, new() { Name = cellText, Exact = true }) });

    /// <summary>The section (a paper) titled with this heading: the innermost one, as sections sit inside pages.</summary>
    public static ILocator Section(IPage page, string heading) =>
        page.Locator(".mud-paper").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true }) }).Last;

    public static Task ExpectSnackbarAsync(IPage page, string text) =>
        Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = text }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });

    // The label as written, possibly followed by a hint in brackets or the required mark: "Reason" finds "Reason (optional)".
    private static Regex ExactLabel(string label) => new($"^\\s*{Regex.Escape(label)}(\\s*[(*].*)?\\s*$");
}
