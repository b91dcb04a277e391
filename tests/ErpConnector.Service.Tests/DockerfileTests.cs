using System.Xml.Linq;

namespace ErpConnector.Service.Tests;

/// <summary>
/// Fast guards on docker/Dockerfile (no Docker engine in CI): what it copies exists, every project the two
/// images need is copied before the restore layer, and the runtime runs as a non-root user. The full build
/// steps run outside Docker with <c>bash docker/check.sh</c>.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly string Root = FindRoot();
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(Root, "docker", "Dockerfile"))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    [Fact]
    public void every_copied_path_exists()
    {
        foreach (var line in Lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1];
            foreach (var source in parts)
                Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"Dockerfile copies '{source}', which does not exist");
        }
    }

    [Theory]
    [InlineData("src/ErpConnector.Service/ErpConnector.Service.csproj")]
    [InlineData("src/ErpConnector.Sandbox/ErpConnector.Sandbox.csproj")]
    public void every_referenced_project_file_is_copied_before_the_restore(string project)
    {
        var restoreAt = Array.FindIndex(Lines, l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        Assert.True(restoreAt > 0, "no RUN dotnet restore");
        var copied = Lines[..restoreAt].Where(l => l.StartsWith("COPY ", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]).ToHashSet();
        foreach (var needed in ProjectClosure(project))
            Assert.True(copied.Contains(needed), $"{needed} (referenced by {project}) is not copied before 'dotnet restore'");
        Assert.Contains(Lines[restoreAt..], l => l.StartsWith("RUN dotnet publish " + project, StringComparison.Ordinal));
    }

    [Fact]
    public void images_run_as_a_non_root_user_and_the_default_target_is_the_connector()
    {
        var user = Assert.Single(Lines, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"^USER (root|0)(:|$)", user);
        var lastFrom = Lines.Last(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        Assert.EndsWith(" AS service", lastFrom);
        Assert.Contains("chiseled", Lines.Single(l => l.StartsWith("FROM ", StringComparison.Ordinal) && l.EndsWith(" AS runtime", StringComparison.Ordinal)));
    }

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current)) continue;
            var directory = Path.GetDirectoryName(Path.Combine(Root, current))!;
            foreach (var reference in XDocument.Load(Path.Combine(Root, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Root, full).Replace('\\', '/'));
            }
        }
        return seen;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ErpConnector.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (ErpConnector.sln) not found above " + AppContext.BaseDirectory);
    }
}
