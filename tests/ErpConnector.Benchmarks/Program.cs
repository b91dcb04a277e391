using ErpConnector.Benchmarks.Budget;
using ErpConnector.Benchmarks.Feeds;
using ErpConnector.Benchmarks.Micro;
using ErpConnector.Benchmarks.Pipeline;

// Each suite is a first argument; add yours to the table (e.g. "micro" for BenchmarkDotNet, "pipeline").
var suites = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["feeds"] = FeedIngestBenchmark.RunAsync,
    ["feeds-postgres"] = a => FeedIngestBenchmark.RunAsync([.. a, "--postgres"]),
    ["micro"] = MicroSuite.RunAsync,
    ["pipeline"] = PipelineSuite.RunAsync,
    ["pipeline-postgres"] = a => PipelineSuite.RunAsync([.. a, "--postgres"]),
    ["budget"] = BudgetSuite.RunAsync,
    ["footprint"] = ErpConnector.Benchmarks.Footprint.FootprintSuite.RunAsync,
    ["calls-per-nfse"] = CallsPerNfseSuite.RunAsync,
    ["ledger"] = ErpConnector.Benchmarks.Ledger.LedgerSuite.RunAsync,
    ["console"] = ErpConnector.Benchmarks.ConsolePages.ConsoleSuite.RunAsync,
    ["best-price"] = ErpConnector.Benchmarks.BestPrice.BestPriceRecomputeBenchmark.RunAsync,
};

if (args.Length == 0 || !suites.TryGetValue(args[0], out var suite))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project tests/ErpConnector.Benchmarks -- <{string.Join("|", suites.Keys)}> [options]");
    return 2;
}
return await suite(args[1..]);
