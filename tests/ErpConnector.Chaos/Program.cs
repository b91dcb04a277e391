using System.Diagnostics;
using ErpConnector.Chaos;

// `make chaos` (scripts/chaos.sh): reliability suite against the real broker, PostgreSQL, two service processes
// and the Omie simulator. Prints a table and exits non-zero when any deal is lost or issued twice.
var options = ChaosOptions.Parse(args);
if (options.Error is { } error)
{
    Console.Error.WriteLine(error);
    return 2;
}

var total = Stopwatch.StartNew();
await using var run = new ChaosRun(options);
try
{
    await run.SetUpAsync();
    var scenarios = new Scenarios(run, options);
    run.Results.Add(await scenarios.QuartzClusterAsync());
    var plan = new (int Number, Func<Task<ScenarioResult>> Run)[]
    {
        (1, scenarios.DuplicateStormAsync),
        (2, scenarios.KillNineAsync),
        (3, scenarios.BrokerRestartAsync),
        (4, scenarios.LostResponsesAsync),
        (5, scenarios.DatabaseDropAsync),
        (6, scenarios.FuzzAsync),
        (7, scenarios.SlowerThanLeaseAsync),
        (8, scenarios.KillAfterAcceptedAsync),
        (9, scenarios.SlowerThanEveryTimeoutAsync),
        (10, scenarios.SalesOsUnreachableAsync),
        (11, scenarios.SqliteKillNineAsync),
    };
    foreach (var (number, scenario) in plan)
    {
        if (options.Only.Count > 0 && !options.Only.Contains(number)) continue;
        try
        {
            run.Results.Add(await scenario());
        }
        catch (Exception ex)
        {
            ChaosRun.Log($"scenario {number} crashed: {ex}");
            run.Results.Add(new ScenarioResult($"{number}. (crashed)", 0, 0, 0, 0, TimeSpan.Zero, ex.Message.ReplaceLineEndings(" "), false));
            await run.EnsureAllRunningAsync();
        }
    }
}
catch (Exception ex)
{
    ChaosRun.Log($"set-up failed: {ex}");
    return 1;
}

var table = run.Table();
Console.WriteLine();
Console.WriteLine(table);
var failed = run.Results.Count(r => !r.Passed);
var line = $"chaos: {run.Results.Count(r => r.Passed && !r.Skipped)} passed, {failed} failed, {run.Results.Count(r => r.Skipped)} skipped in {total.Elapsed.TotalSeconds:F0} s";
Console.WriteLine(line);
if (options.Output is { } output)
    await File.WriteAllTextAsync(output, $"Chaos run {DateTimeOffset.UtcNow:u}\n\n{table}\n{line}\n");
return failed == 0 ? 0 : 1;
