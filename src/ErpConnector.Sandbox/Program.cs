ErpConnector.Sandbox.SandboxApp.Build(args).Run();
