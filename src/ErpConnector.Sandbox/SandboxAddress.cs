using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox;

/// <summary>
/// The simulator's own base URL, for the document links it hands out (NFS-e page and PDFs, boleto): <c>Sandbox:PublicUrl</c>
/// when set, else the address the server bound (port 0 in tests is resolved once the server has started).
/// </summary>
public sealed class SandboxAddress(IServer? server, IOptions<SandboxOptions> options)
{
    private string? _base;

    public string Base => _base ?? (_base = Resolve()) ?? "http://localhost";

    private string? Resolve()
    {
        if (options.Value.PublicUrl is { Length: > 0 } configured) return configured.TrimEnd('/');
        var bound = server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        // Not cached until the server has bound: a link made before start would carry a useless address.
        if (bound is null) return null;
        var uri = new Uri(bound.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1"));
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port}";
    }
}
