using Microsoft.Playwright;

namespace Connect.EndToEnd.Tests.Journey;

/// <summary>
/// The README's pictures: each main page as the journey leaves it, saved in docs/screenshots of the repository the tests
/// were built from, so a test run refreshes them. Only the 1440x900 viewport, to keep the files small.
/// </summary>
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "docs", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, name + ".png"), FullPage = false, Animations = ScreenshotAnimations.Disabled });
    }

    // The test binaries live under tests/Connect.EndToEnd.Tests/bin/...: the repository is the folder holding Connect.sln above them.
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Connect.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No Connect.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
