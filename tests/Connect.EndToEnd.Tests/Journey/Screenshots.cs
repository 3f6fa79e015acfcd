using Microsoft.Playwright;

namespace Connect.EndToEnd.Tests.Journey;

/// <summary>
/// Where the browser tests leave their pictures. By default next to the test binaries, so a test run never changes the
/// repository; with CONNECT_SCREENSHOTS=docs they refresh the README's pictures in docs/screenshots.
/// </summary>
public static class Screenshots
{
    public static string Folder { get; } = Environment.GetEnvironmentVariable("CONNECT_SCREENSHOTS") == "docs"
        ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>The viewport as it is (1440x900 in the journey), to keep the README's files small.</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, name + ".png"), FullPage = false, Animations = ScreenshotAnimations.Disabled });
    }

    /// <summary>The whole page at a desktop (1440×900) and a phone (390×844) size, then back to the test's size.</summary>
    public static async Task SaveBothSizesAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var before = page.ViewportSize;
        foreach (var (size, width, height) in new[] { ("desktop", 1440, 900), ("phone", 390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.WaitForTimeoutAsync(300); // the layout settles (drawer, responsive tables)
            await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{name}-{size}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
        }
        if (before is not null) await page.SetViewportSizeAsync(before.Width, before.Height);
    }

    // The test binaries live under tests/Connect.EndToEnd.Tests/bin/...: the repository is the folder holding Connect.sln above them.
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Connect.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No Connect.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
