namespace ErpConnector.Benchmarks.Feeds;

/// <summary>Keeps one section per suite in BENCHMARKS.md (between markers), so suites update their own
/// figures without touching each other's.</summary>
internal static class BenchmarksFile
{
    public static void Update(string suite, string body)
    {
        var path = Path.Combine(FindRoot(), "BENCHMARKS.md");
        var begin = $"<!-- {suite}:begin -->";
        var end = $"<!-- {suite}:end -->";
        var section = $"{begin}\n{body}\n{end}";
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\nFigures measured on the project's machines; each section is rewritten by its suite.\n";
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        text = start >= 0 && stop > start
            ? text[..start] + section + text[(stop + end.Length)..]
            : text.TrimEnd() + $"\n\n## {Title(suite)}\n\n{section}\n";
        File.WriteAllText(path, text);
        Console.WriteLine($"Updated the '{suite}' section of {path}");
    }

    private static string Title(string suite) => suite == "feeds" ? "Distributor feeds: 1M-row price file ingest" : suite;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ErpConnector.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
