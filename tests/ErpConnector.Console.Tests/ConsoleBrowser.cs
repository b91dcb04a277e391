using Microsoft.Playwright;

namespace ErpConnector.Console.Tests;

/// <summary>Finds Debian's chromium (no browser is ever downloaded: Playwright's own install step is never run) and
/// keeps a screenshot of the page when a spec fails.</summary>
public static class ConsoleBrowser
{
    public static string ChromiumPath()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured)
            return File.Exists(configured) ? configured
                : throw new InvalidOperationException($"CHROMIUM_PATH points at '{configured}', which does not exist.");
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in new[] { "chromium", "chromium-browser" })
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        throw new InvalidOperationException(
            "No chromium found for the console's browser specs. Install Debian's: `apt-get install -y chromium` (make test does it when run as root), "
            + "or set CHROMIUM_PATH to a Chromium/Chrome binary. Playwright's own browser download is not used.");
    }

    /// <summary>Runs a spec; on failure saves TestResults/console-&lt;spec&gt;.png before the failure propagates.</summary>
    public static async Task RunAsync(IPage page, string spec, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch
        {
            var directory = Path.Combine(RepositoryRoot(), "TestResults");
            Directory.CreateDirectory(directory);
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"console-{spec}.png"), FullPage = true });
            }
            catch (PlaywrightException)
            {
                // The page may be gone; the original failure matters more.
            }
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ErpConnector.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}
