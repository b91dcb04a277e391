namespace ErpConnector.Sandbox.Tests;

/// <summary>One default-configured simulator per test class; tests use unique keys instead of resetting it.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SandboxHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
