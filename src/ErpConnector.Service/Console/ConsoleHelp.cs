using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ErpConnector.Service.Console;

/// <summary>
/// docs/troubleshooting.md at <c>/console/help</c>, so every problem the console shows links to its entry
/// (<c>/console/help#anchor</c>) in the running service, the same text as in the repository. The guide uses a small
/// subset of Markdown (headings, paragraphs, lists, <c>&lt;a id&gt;</c> anchors, inline code and bold), rendered here
/// with everything else HTML-encoded.
/// </summary>
public static partial class ConsoleHelp
{
    private static readonly Lazy<string> Page = new(() => Render(Read()));

    public static IEndpointRouteBuilder MapConsoleHelp(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console/help", () => Results.Content(Page.Value, "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static string Read()
    {
        using var stream = typeof(ConsoleHelp).Assembly.GetManifestResourceStream("ErpConnector.Service.troubleshooting.md")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static string Render(string markdown)
    {
        var html = new StringBuilder("""
            <!DOCTYPE html><html lang="pt-BR"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>ErpConnector — troubleshooting</title><link rel="stylesheet" href="/console/console.css"></head>
            <body><header class="top"><a class="brand" href="/console">ErpConnector — console</a></header><main id="main" class="help-page">
            """);
        var inList = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var isItem = line.StartsWith("- ", StringComparison.Ordinal);
            if (inList && !isItem) { html.Append("</ul>"); inList = false; }
            if (Anchor().Match(line) is { Success: true } anchor)
                html.Append("<a id=\"").Append(anchor.Groups[1].Value).Append("\"></a>");
            else if (line.StartsWith('#'))
            {
                var level = Math.Min(line.TakeWhile(c => c == '#').Count(), 4);
                html.Append($"<h{level}>").Append(Inline(line[level..].Trim())).Append($"</h{level}>");
            }
            else if (isItem)
            {
                if (!inList) { html.Append("<ul>"); inList = true; }
                html.Append("<li>").Append(Inline(line[2..])).Append("</li>");
            }
            else if (line.Length > 0)
                html.Append("<p>").Append(Inline(line)).Append("</p>");
        }
        if (inList) html.Append("</ul>");
        return html.Append("</main></body></html>").ToString();
    }

    private static string Inline(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        encoded = Code().Replace(encoded, "<code>$1</code>");
        encoded = Link().Replace(encoded, "<a href=\"#$2\">$1</a>");
        return Bold().Replace(encoded, "<strong>$1</strong>");
    }

    [GeneratedRegex("""^<a id="([a-z0-9-]{1,80})"></a>$""")]
    private static partial Regex Anchor();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\[([^\]]+)\]\(#([a-z0-9-]{1,80})\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\*\*([^*]+)\*\*")]
    private static partial Regex Bold();
}
