global using Xunit;
global using ErpConnector.TestSupport.Deals;
