ErpConnector.Service.ServiceApp.Build(args).Run();
