namespace ErpConnector.Sandbox;

/// <summary>Builds the simulator of Omie (and distributors) so it runs as its own process or inside tests.</summary>
public static class SandboxApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var app = builder.Build();
        return app;
    }
}
