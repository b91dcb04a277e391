namespace ErpConnector.Service.Console;

/// <summary>The console's one stylesheet, compiled into the assembly (wwwroot/console.css), so the service serves it
/// the same way from a build, a test host or the container image.</summary>
internal static class ConsoleAssets
{
    public static readonly string Stylesheet = Read("console.css");

    private static string Read(string name)
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
