using System.Security.Claims;
using ErpConnector.Service.Console.Text;
using Microsoft.AspNetCore.Components;

namespace ErpConnector.Service.Console.Components;

/// <summary>What every console page needs: the request (static server rendering), the person's language and scopes.</summary>
public abstract class ConsolePage : ComponentBase
{
    private ConsoleText? _text;

    [CascadingParameter] public HttpContext Http { get; set; } = default!;

    protected ConsoleText T => _text ??= ConsoleText.For(Http);

    protected ClaimsPrincipal Person => Http.User;

    protected bool Can(string scope) => Person.Can(scope);

    protected string? Query(string name) => Http.Request.Query.TryGetValue(name, out var value) && value.Count > 0 && value[0] is { Length: > 0 } v ? v : null;

    /// <summary>A link into the troubleshooting guide (docs/troubleshooting.md, served at /console/help).</summary>
    protected static string HelpLink(string anchor) => "/console/help#" + anchor;
}
