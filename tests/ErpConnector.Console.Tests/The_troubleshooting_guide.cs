using System.Text.Json;
using System.Text.RegularExpressions;
using ErpConnector.Service.Console;

namespace ErpConnector.Console.Tests;

/// <summary>Every problem the console links to has its entry in docs/troubleshooting.md, in both languages.</summary>
public sealed partial class The_troubleshooting_guide
{
    private static readonly string Root = FindRoot();
    private static readonly string Guide = File.ReadAllText(Path.Combine(Root, "docs", "troubleshooting.md"));

    public static TheoryData<string> Anchors()
    {
        // A set: the same anchor linked from two pages is one entry to check (xunit skips duplicate cases noisily).
        var data = new SortedSet<string>(StringComparer.Ordinal);
        // Each category of the classification table (a deal's error links to its category)...
        using var table = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", "ErpConnector.Domain", "Errors", "error-classification.json")));
        foreach (var category in table.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("category").GetString()!).Distinct())
            data.Add(category);
        // ...and every fixed anchor the console's pages use.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src", "ErpConnector.Service", "Console"), "*.razor", SearchOption.AllDirectories))
            foreach (Match m in HelpLinkPattern().Matches(File.ReadAllText(file)))
                data.Add(m.Groups[1].Value);
        foreach (var fixedAnchor in new[] { "salesos-webhook-deactivated", "distributor-credentials", "health-ledger", "health-quartz", "health-omie-reachability", "health-omie-access", "health-feeds", "health-bus",
                     "salesos-credential", "omie-webhook-refused", "cancellation-unconfirmed", "awaiting-city" })
            data.Add(fixedAnchor);
        return new TheoryData<string>(data);
    }

    [Theory]
    [MemberData(nameof(Anchors))]
    public void Has_an_entry_in_portuguese_and_english_for(string anchor)
    {
        var at = Guide.IndexOf($"<a id=\"{anchor}\"></a>", StringComparison.Ordinal);
        Assert.True(at >= 0, $"docs/troubleshooting.md has no <a id=\"{anchor}\"></a>");
        var next = Guide.IndexOf("<a id=", at + 1, StringComparison.Ordinal);
        var entry = next < 0 ? Guide[at..] : Guide[at..next];
        Assert.Contains("PT", entry, StringComparison.Ordinal);
        Assert.Contains("EN", entry, StringComparison.Ordinal);
    }

    [Fact]
    public void Renders_as_html_with_its_anchors_and_nothing_unencoded()
    {
        var html = ConsoleHelp.Render("<a id=\"x-1\"></a>\n## Title <script>\n- see [there](#x-1) and `code`");
        Assert.Contains("<a id=\"x-1\"></a>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<a href=\"#x-1\">there</a>", html);
        Assert.Contains("<code>code</code>", html);
    }

    [GeneratedRegex("HelpLink\\(\"([a-z0-9-]+)\"\\)")]
    private static partial Regex HelpLinkPattern();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ErpConnector.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root not found.");
    }
}
