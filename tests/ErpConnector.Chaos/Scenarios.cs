using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ErpConnector.Contracts;

namespace ErpConnector.Chaos;

/// <summary>The scenarios of the reliability suite (0-11). Each ends by counting the simulator and the ledger.</summary>
public sealed partial class Scenarios(ChaosRun run, ChaosOptions options)
{
    private static void Log(string message) => ChaosRun.Log(message);

    private async Task<ScenarioResult> FinishAsync(string name, string prefix, IReadOnlyList<ChaosDeals.Deal> deals, Stopwatch clock, string notes, bool extraOk = true,
        bool resendsFail = false, Func<Task<Tally>>? count = null)
    {
        // Counted once no order write is being served: a call still in flight could be a resend not yet logged as one.
        if (!await run.WaitForOrderWritesSettledAsync(TimeSpan.FromSeconds(30)))
            notes += (notes.Length > 0 ? "; " : "") + "order writes still in flight when counted";
        var tally = count is null ? await run.TallyAsync(prefix, deals) : await count();
        var elapsed = clock.Elapsed;
        if (tally.Lost > 0) notes += (notes.Length > 0 ? "; " : "") + $"ledger: {tally.LedgerStates}";
        if (tally.Duplicates > 0) notes += $"; dup customers {tally.DuplicateCustomers}, orders {tally.DuplicateOrders}, NFS-e {tally.DuplicateNfse}";
        if (tally.ResentAfterSuccess > 0) notes += $"; resent after success: IncluirOS {tally.IncluirResentAfterSuccess}, FaturarOS {tally.FaturarResentAfterSuccess}";
        var passed = extraOk && tally.Lost == 0 && tally.Duplicates == 0 && (!resendsFail || tally.ResentAfterSuccess == 0);
        var result = new ScenarioResult(name, tally.Deals, tally.Issued, tally.Duplicates, tally.Lost, elapsed, notes, passed, ResentAfterSuccess: tally.ResentAfterSuccess);
        Log($"{name}: {tally.Issued}/{tally.Deals} issued, {tally.Duplicates} duplicates, {tally.Lost} lost, {tally.ResentAfterSuccess} resent after success in {elapsed.TotalSeconds:F1} s {(result.Passed ? "" : "— FAIL")}");
        return result;
    }

    /// <summary>0. Both instances take part in one Quartz cluster (shared scheduler name, distinct generated ids).</summary>
    public async Task<ScenarioResult> QuartzClusterAsync()
    {
        var nodes = await run.QuartzNodesAsync();
        for (var i = 0; i < 20 && nodes.Count < run.Instances.Count; i++)
        {
            await Task.Delay(500);
            nodes = await run.QuartzNodesAsync();
        }
        var schedulers = nodes.Select(n => n.Split('/')[0]).Distinct().Count();
        Log($"0. Quartz cluster: {string.Join(", ", nodes)}");
        return new ScenarioResult("0. Quartz cluster", 0, 0, 0, 0, TimeSpan.Zero,
            $"{nodes.Count} nodes checked in under {schedulers} scheduler name(s): {string.Join(", ", nodes)}",
            nodes.Count == run.Instances.Count && schedulers == 1);
    }

    /// <summary>1. The same deal sent 50 times at once with distinct event ids: 30 on the bus, 20 to POST /api/deals of both instances.</summary>
    public async Task<ScenarioResult> DuplicateStormAsync()
    {
        const string name = "1. duplicate storm";
        Log($"{name}: the same deal x50, concurrently, distinct event ids, over the bus and the API at once");
        var deal = ChaosDeals.New("S1", 0);
        var eventIds = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid().ToString()).ToList();
        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentBag<string>();
        await Task.WhenAll(eventIds.Select(async (eventId, i) =>
        {
            var body = ChaosDeals.Json(ChaosDeals.Body(deal, eventId));
            if (i % 5 < 3)
            {
                await run.Broker.PublishAsync(body, $"s1-{i}");
                return;
            }
            using var api = run.Api(run.Instances[i % run.Instances.Count]);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await api.PostAsync("/api/deals", content);
            var status = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonObject>())?["status"]?.ToString() : null;
            answers.Add($"{(int)response.StatusCode} {status}");
        }));
        // Truthful answers: at most one 202 (none when the bus was first), the rest 200 already-known, never a 5xx.
        var accepted = answers.Count(a => a.StartsWith("202", StringComparison.Ordinal));
        var truthful = accepted <= 1 && answers.All(a => a is "202 accepted" or "200 already-known");
        await run.WaitForIssuedAsync("S1", 1, TimeSpan.FromSeconds(45));
        clock.Stop();
        // Counted once every delivery's event id is recorded: each duplicate was consumed and decided on.
        if (!await run.WaitForProcessedEventsAsync(eventIds, TimeSpan.FromSeconds(30)))
            Log($"  not every one of the {eventIds.Count} event ids was recorded within 30 s");
        var calls = await run.Sandbox.GetFromJsonAsync<JsonObject>("/_sandbox/calls");
        var incluir = calls?["calls"]?["IncluirOS"]?.GetValue<long>() ?? 0;
        var answerSummary = string.Join(", ", answers.GroupBy(a => a).OrderBy(g => g.Key).Select(g => $"{g.Count()}× {g.Key}"));
        return await FinishAsync(name, "S1", [deal], clock, $"50 deliveries (30 bus, 20 API: {answerSummary}); IncluirOS calls so far {incluir}", extraOk: truthful);
    }

    /// <summary>2. 500 deals in flight while one instance is killed (SIGKILL) at random moments and restarted.</summary>
    public async Task<ScenarioResult> KillNineAsync()
    {
        var name = "2. kill -9";
        var count = options.Deals;
        Log($"{name}: {count} deals, instances killed at random and restarted");
        var deals = Enumerable.Range(0, count).Select(i => ChaosDeals.New("S2", i)).ToList();
        var clock = Stopwatch.StartNew();
        // Published in 20 waves over ~25 s so that every kill finds deals at every step (Omie calls in flight).
        var publishing = Task.Run(async () =>
        {
            foreach (var wave in deals.Chunk(Math.Max(1, count / 20)))
            {
                await run.Broker.PublishManyAsync(wave.Select(d => (ChaosDeals.Json(ChaosDeals.Body(d)), d.DealId)).ToList());
                await Task.Delay(1200);
            }
        });
        var kills = new List<string>();
        using var done = new CancellationTokenSource();
        var killer = Task.Run(async () =>
        {
            var random = new Random();
            while (!done.IsCancellationRequested && kills.Count < options.MaxKills)
            {
                try { await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 2000)), done.Token); } catch (OperationCanceledException) { return; }
                var victim = run.Instances[random.Next(run.Instances.Count)];
                var issued = await run.CountIssuedAsync("S2");
                victim.Kill();
                kills.Add($"{victim.Name}@{clock.Elapsed.TotalSeconds:F1}s({issued} issued)");
                Log($"  killed {victim.Name} at {clock.Elapsed.TotalSeconds:F1} s with {issued}/{count} issued");
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 1200)));
                await victim.StartAsync();
                Log($"  restarted {victim.Name} at {clock.Elapsed.TotalSeconds:F1} s");
            }
        });
        await publishing;
        var complete = await run.WaitForIssuedAsync("S2", count, TimeSpan.FromSeconds(options.Deals >= 500 ? 180 : 120));
        done.Cancel();
        await killer;
        clock.Stop();
        await run.EnsureAllRunningAsync();
        await Task.Delay(1000);
        return await FinishAsync(name, "S2", deals, clock, $"{kills.Count} kills: {string.Join(", ", kills)}{(complete ? "" : "; timed out")}", kills.Count > 0);
    }

    /// <summary>3. rabbitmqctl stop_app / start_app in the middle of a run.</summary>
    public async Task<ScenarioResult> BrokerRestartAsync()
    {
        const string name = "3. broker restart";
        if (!run.Broker.Local)
        {
            Log($"{name}: SKIPPED — {run.Broker.Note}");
            return new ScenarioResult(name, 0, 0, 0, 0, TimeSpan.Zero, "skipped: the broker is not local (rabbitmqctl unavailable)", true, Skipped: true);
        }
        const int count = 200;
        Log($"{name}: {count} deals, the broker stopped for 3 s mid-run");
        var deals = Enumerable.Range(0, count).Select(i => ChaosDeals.New("S3", i)).ToList();
        var clock = Stopwatch.StartNew();
        await run.Broker.PublishManyAsync(deals.Take(count / 2).Select(d => (ChaosDeals.Json(ChaosDeals.Body(d)), d.DealId)).ToList());
        // Stop the broker with deals at every step: some issued, the rest in flight.
        for (var i = 0; i < 50 && await run.CountIssuedAsync("S3") < count / 10; i++) await Task.Delay(100);
        var before = await run.CountIssuedAsync("S3");
        Log($"  rabbitmqctl stop_app with {before}/{count} issued");
        await run.Broker.RestartAsync(TimeSpan.FromSeconds(3));
        Log($"  rabbitmqctl start_app done at {clock.Elapsed.TotalSeconds:F1} s; publishing the second half");
        await run.Broker.PublishManyAsync(deals.Skip(count / 2).Select(d => (ChaosDeals.Json(ChaosDeals.Body(d)), d.DealId)).ToList());
        var complete = await run.WaitForIssuedAsync("S3", count, TimeSpan.FromSeconds(120));
        clock.Stop();
        var alive = run.Instances.All(i => i.Running);
        var ready = await ReadyAsync();
        return await FinishAsync(name, "S3", deals, clock,
            $"{before} issued before the stop; consumers reconnected by themselves: {(complete ? "yes" : "no")}; /health/ready {ready}", alive);
    }

    /// <summary>4. The simulator applies ~10% of calls and drops the connection before answering.</summary>
    public async Task<ScenarioResult> LostResponsesAsync()
    {
        const string name = "4. Omie lost responses";
        const int count = 200;
        Log($"{name}: {count} deals, ~10% of Omie calls applied then the connection dropped");
        var deals = Enumerable.Range(0, count).Select(i => ChaosDeals.New("S4", i)).ToList();
        var baseline = await run.TotalCallsAsync();
        var armed = 0;
        using var done = new CancellationTokenSource();
        // The simulator arms lost responses for the next N calls, whichever they are. Once the previous ones fired
        // and 5-15 calls went by, arm one per 10 calls made since (a burst of concurrent calls spreads them over
        // many deals). No backlog is carried over: catching up at the end of the run would drop every call of the
        // last few deals, a test artefact rather than 10%.
        var injector = Task.Run(async () =>
        {
            var random = new Random();
            long lastArm = 0;
            var gap = 10;
            while (!done.IsCancellationRequested)
            {
                var calls = await run.TotalCallsAsync() - baseline;
                var pending = (await run.Sandbox.GetFromJsonAsync<JsonArray>("/_sandbox/faults"))?.Count ?? 0;
                if (pending == 0 && calls - lastArm >= gap)
                {
                    var n = (int)Math.Clamp((calls - lastArm + 5) / 10, 1, 8);
                    await run.InjectAsync(new { kind = "lost-response", count = n });
                    armed += n;
                    lastArm = calls;
                    gap = random.Next(5, 16);
                }
                try { await Task.Delay(10, done.Token); } catch (OperationCanceledException) { }
            }
        });
        var clock = Stopwatch.StartNew();
        await run.Broker.PublishManyAsync(deals.Select(d => (ChaosDeals.Json(ChaosDeals.Body(d)), d.DealId)).ToList());
        var complete = await run.WaitForIssuedAsync("S4", count, TimeSpan.FromSeconds(120));
        clock.Stop();
        done.Cancel();
        await injector;
        var pending = (await run.Sandbox.GetFromJsonAsync<JsonArray>("/_sandbox/faults"))?.Sum(f => f?["count"]?.GetValue<int>() ?? 1) ?? 0;
        await run.ClearFaultsAsync();
        var calls = await run.TotalCallsAsync() - baseline;
        var fired = armed - pending;
        return await FinishAsync(name, "S4", deals, clock, $"{fired} lost responses in {calls} Omie calls ({100.0 * fired / Math.Max(calls, 1):F1}%){(complete ? "" : "; timed out")}");
    }

    /// <summary>5. Every database connection of the ledger is cut and new ones refused, briefly, twice.</summary>
    public async Task<ScenarioResult> DatabaseDropAsync()
    {
        const string name = "5. database connection dropped";
        const int count = 200;
        Log($"{name}: {count} deals, ledger connections terminated and refused for 3 s, twice");
        var deals = Enumerable.Range(0, count).Select(i => ChaosDeals.New("S5", i)).ToList();
        var clock = Stopwatch.StartNew();
        var publishing = run.Broker.PublishManyAsync(deals.Select(d => (ChaosDeals.Json(ChaosDeals.Body(d)), d.DealId)).ToList());
        var cuts = new List<string>();
        for (var cut = 0; cut < 2; cut++)
        {
            await Task.Delay(cut == 0 ? 800 : 2500);
            var issued = await run.CountIssuedAsync("S5");
            await run.AdminAsync($"ALTER DATABASE {run.Database} ALLOW_CONNECTIONS false");
            await run.AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{run.Database}' AND pid <> pg_backend_pid()");
            Log($"  database cut off at {clock.Elapsed.TotalSeconds:F1} s ({(issued >= 0 ? $"{issued}/{count} issued" : "count unavailable")})");
            await Task.Delay(3000);
            await run.AdminAsync($"ALTER DATABASE {run.Database} ALLOW_CONNECTIONS true");
            Log($"  database back at {clock.Elapsed.TotalSeconds:F1} s");
            cuts.Add(issued >= 0 ? $"{issued} issued at cut {cut + 1}" : $"cut {cut + 1} while the ledger was still recovering");
        }
        await publishing;
        var complete = await run.WaitForIssuedAsync("S5", count, TimeSpan.FromSeconds(120));
        clock.Stop();
        var errors = await run.Broker.DepthAsync(ChaosRun.Queue + "_error");
        var alive = run.Instances.All(i => i.Running);
        return await FinishAsync(name, "S5", deals, clock, $"2 cuts of 3 s ({string.Join(", ", cuts)}); {errors} in _error{(complete ? "" : "; timed out")}", alive);
    }

    /// <summary>
    /// 7. Omie slower than the lease: every FaturarOS takes longer than a deal's lease, so a pass that does not
    /// renew and fence its lease is taken over by the other instance while its write is still being served.
    /// Passes when every deal is issued AND no order was sent IncluirOS or FaturarOS again after that write had
    /// succeeded (the simulator's call log, per cCodIntOS).
    /// </summary>
    public async Task<ScenarioResult> SlowerThanLeaseAsync()
    {
        const string name = "7. Omie slower than the lease";
        const int count = 200;
        // The shortest lease DealProcessingOptions accepts, and a FaturarOS well past it.
        var lease = TimeSpan.FromSeconds(5);
        var delay = TimeSpan.FromSeconds(8);
        Log($"{name}: {count} deals, FaturarOS answers after {delay.TotalSeconds:F0} s, lease {lease.TotalSeconds:F0} s");
        try
        {
            await run.ConfigureInstancesAsync(
            [
                $"--DealProcessing:Lease={lease:c}",
                // The client must not time out first: the point is a call that outlives the lease, not a lost answer.
                "--Omie:Timeout=00:00:30",
                // Enough consumers and Omie slots that 200 slow calls overlap instead of queueing for minutes.
                "--Messaging:ConcurrentMessageLimit=64",
                "--Messaging:PrefetchCount=128",
                "--Omie:MaxConcurrentPerMethod=128",
            ]);
            var deals = Enumerable.Range(0, count).Select(i => ChaosDeals.New("S7", i)).ToList();
            await run.InjectAsync(new { kind = "slow", method = "FaturarOS", milliseconds = (int)delay.TotalMilliseconds, count = 100_000 });
            var clock = Stopwatch.StartNew();
            await run.Broker.PublishManyAsync(deals.Select(d => (ChaosDeals.Json(ChaosDeals.Body(d)), d.DealId)).ToList());
            var complete = await run.WaitForIssuedAsync("S7", count, TimeSpan.FromSeconds(90));
            clock.Stop();
            await run.WaitForOrderWritesSettledAsync(TimeSpan.FromSeconds(30));
            var calls = (await run.Sandbox.GetFromJsonAsync<JsonObject>("/_sandbox/state"))?["orderCalls"];
            var result = await FinishAsync(name, "S7", deals, clock,
                $"FaturarOS delayed {delay.TotalSeconds:F0} s, lease {lease.TotalSeconds:F0} s; simulator totals: IncluirOS {calls?["IncluirOS"]?["calls"]}, FaturarOS {calls?["FaturarOS"]?["calls"]}" +
                $" (orders sent FaturarOS while one was in flight: {calls?["FaturarOS"]?["sentWhileInFlight"]}){(complete ? "" : "; timed out")}",
                resendsFail: true);
            return result;
        }
        finally
        {
            await run.ClearFaultsAsync();
            await run.ConfigureInstancesAsync([]);
        }
    }

    /// <summary>
    /// 9. Omie slower than every timeout: UpsertCliente, IncluirOS and FaturarOS answer after longer than both
    /// <c>Omie:Timeout</c> and the lease. The client gives up (an ambiguous outcome), the simulator still applies the
    /// call once its delay is over, and the deal's next attempt asks Omie first. Meanwhile the database is cut off for
    /// longer than the lease (heartbeats and proofs fail, then get through late). Passes when every deal is issued and
    /// no order was sent IncluirOS or FaturarOS again after that write had been applied.
    /// </summary>
    public async Task<ScenarioResult> SlowerThanEveryTimeoutAsync()
    {
        const string name = "9. Omie slower than every timeout";
        const int count = 60;
        var lease = TimeSpan.FromSeconds(5);
        var timeout = TimeSpan.FromSeconds(3);
        var delay = TimeSpan.FromSeconds(8);
        var cut = TimeSpan.FromSeconds(8);
        Log($"{name}: {count} deals, UpsertCliente/IncluirOS/FaturarOS answer after {delay.TotalSeconds:F0} s, Omie:Timeout {timeout.TotalSeconds:F0} s, lease {lease.TotalSeconds:F0} s, database cut {cut.TotalSeconds:F0} s");
        try
        {
            await run.ConfigureInstancesAsync(
            [
                $"--DealProcessing:Lease={lease:c}",
                $"--Omie:Timeout={timeout:c}",
                "--Messaging:ConcurrentMessageLimit=64",
                "--Messaging:PrefetchCount=128",
                "--Omie:MaxConcurrentPerMethod=128",
            ]);
            var deals = Enumerable.Range(0, count).Select(i => ChaosDeals.New("S9", i)).ToList();
            // One slow call per deal and method (a resend is then answered at once, as Omie answers a known record).
            foreach (var method in new[] { "UpsertCliente", "IncluirOS", "FaturarOS" })
                await run.InjectAsync(new { kind = "slow", method, milliseconds = (int)delay.TotalMilliseconds, count });
            var clock = Stopwatch.StartNew();
            await run.Broker.PublishManyAsync(deals.Select(d => (ChaosDeals.Json(ChaosDeals.Body(d)), d.DealId)).ToList());
            // Then the database goes away for longer than a lease while slow writes are in flight and passes prove
            // their leases: a renewal that gets through afterwards must not leave a lease that has already run out.
            await Task.Delay(TimeSpan.FromSeconds(4));
            var issuedAtCut = await run.CountIssuedAsync("S9");
            await run.AdminAsync($"ALTER DATABASE {run.Database} ALLOW_CONNECTIONS false");
            await run.AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{run.Database}' AND pid <> pg_backend_pid()");
            Log($"  database cut off at {clock.Elapsed.TotalSeconds:F1} s ({issuedAtCut}/{count} issued) for {cut.TotalSeconds:F0} s");
            await Task.Delay(cut);
            await run.AdminAsync($"ALTER DATABASE {run.Database} ALLOW_CONNECTIONS true");
            Log($"  database back at {clock.Elapsed.TotalSeconds:F1} s");
            var complete = await run.WaitForIssuedAsync("S9", count, TimeSpan.FromSeconds(90));
            clock.Stop();
            await run.WaitForOrderWritesSettledAsync(TimeSpan.FromSeconds(30));
            var calls = (await run.Sandbox.GetFromJsonAsync<JsonObject>("/_sandbox/state"))?["orderCalls"];
            string Totals(string method) =>
                $"{method} {calls?[method]?["calls"]} calls / {calls?[method]?["applied"]} applied / {calls?[method]?["refused"]} refused / {calls?[method]?["sentWhileInFlight"]} sent while in flight";
            return await FinishAsync(name, "S9", deals, clock,
                $"delay {delay.TotalSeconds:F0} s > Omie:Timeout {timeout.TotalSeconds:F0} s and lease {lease.TotalSeconds:F0} s; database cut {cut.TotalSeconds:F0} s with {issuedAtCut} issued; {Totals("IncluirOS")}; {Totals("FaturarOS")}{(complete ? "" : "; timed out")}",
                resendsFail: true);
        }
        finally
        {
            await run.ClearFaultsAsync();
            await run.ConfigureInstancesAsync([]);
        }
    }

    /// <summary>6. Bad input: each message is rejected or dead-lettered with a reason; good deals beside them are unaffected.</summary>
    public async Task<ScenarioResult> FuzzAsync()
    {
        const string name = "6. bad input fuzz";
        await using var rejected = await run.Broker.RecordAsync(ExchangeNames.DealRejected);
        var errorsBefore = await ErrorListAsync();
        var bad = FuzzCases();
        var deals = Enumerable.Range(0, 20).Select(i => ChaosDeals.New("S6", i)).ToList();
        Log($"{name}: {bad.Count} bad messages mixed with {deals.Count} good deals");
        var messages = new List<(byte[] Body, string MessageId)>();
        for (var i = 0; i < Math.Max(bad.Count, deals.Count); i++)
        {
            if (i < bad.Count) messages.Add((bad[i].Body, bad[i].MessageId));
            if (i < deals.Count) messages.Add((ChaosDeals.Json(ChaosDeals.Body(deals[i])), deals[i].DealId));
        }
        var clock = Stopwatch.StartNew();
        await run.Broker.PublishManyAsync(messages, channels: 4);
        await run.WaitForIssuedAsync("S6", deals.Count, TimeSpan.FromSeconds(60));

        // Every bad message must end somewhere visible: a DealRejected with its event id, or the error queue.
        var outcomes = new Dictionary<string, string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<JsonObject> errorItems = [];
        while (DateTime.UtcNow < deadline)
        {
            var rejectedEvents = rejected.Values("eventId").ToHashSet();
            errorItems = (await ErrorListAsync()).Where(e => !errorsBefore.Any(b => b["messageId"]?.ToString() == e["messageId"]?.ToString())).ToList();
            outcomes.Clear();
            var anonymousRejections = rejected.Messages.Count(m => !m.TryGetProperty("eventId", out var e) || e.ValueKind != JsonValueKind.String || e.GetString() is null or "");
            foreach (var c in bad)
            {
                var inError = errorItems.FirstOrDefault(e => e["messageId"]?.ToString() == c.MessageId || e["messageId"]?.ToString() == c.Fingerprint
                    || (c.EventId is not null && e["eventId"]?.ToString() == c.EventId));
                if (c.EventId is not null && rejectedEvents.Contains(c.EventId)) outcomes[c.Name] = "rejected";
                else if (inError is not null) outcomes[c.Name] = $"_error: {Short(inError["faultExceptionType"]?.ToString())} {Short(inError["faultMessage"]?.ToString(), 60)}";
                else if (c.EventId is null && anonymousRejections-- > 0) outcomes[c.Name] = "rejected (no event id in the body)";
                else if (c.DealId is not null && await run.LedgerStateAsync(c.DealId) is { } state) outcomes[c.Name] = state == "rejected" ? "rejected (ledger)" : $"ACCEPTED as a deal (ledger: {state})";
            }
            if (outcomes.Count == bad.Count) break;
            await Task.Delay(500);
        }
        clock.Stop();
        foreach (var c in bad)
            Log($"  {c.Name,-34} → {outcomes.GetValueOrDefault(c.Name, "NO OUTCOME")}");
        Log($"  queue depths: {ChaosRun.Queue} {await run.Broker.DepthAsync(ChaosRun.Queue)}, _error {await run.Broker.DepthAsync(ChaosRun.Queue + "_error")}, _skipped {await run.Broker.DepthAsync(ChaosRun.Queue + "_skipped")}");

        var replay = await ReplayCheckAsync(errorItems);
        var alive = run.Instances.All(i => i.Running);
        var rejectedCount = outcomes.Values.Count(v => v.StartsWith("rejected", StringComparison.Ordinal));
        var errorCount = outcomes.Values.Count(v => v.StartsWith("_error", StringComparison.Ordinal));
        var accepted = outcomes.Values.Count(v => v.StartsWith("ACCEPTED", StringComparison.Ordinal));
        var silent = bad.Count - outcomes.Count;
        return await FinishAsync(name, "S6", deals, clock,
            $"{bad.Count} bad messages: {rejectedCount} rejected, {errorCount} in _error with a reason, {accepted} accepted as deals, {silent} without outcome; consumers alive: {alive}; {replay}",
            alive && silent == 0 && accepted == 0 && replay.StartsWith("replay ok", StringComparison.Ordinal));
    }

    /// <summary>
    /// 8. kill -9 right after the 202s on the embedded default (SQLite ledger, in-memory bus: nothing but the ledger
    /// survives a crash). Every deal answered 202 must be found after the restart and issued exactly once.
    /// </summary>
    public async Task<ScenarioResult> KillAfterAcceptedAsync()
    {
        const string name = "8. kill -9 after 202 (embedded)";
        var database = Path.Combine(Path.GetFullPath(options.LogDirectory), $"embedded-{DateTime.UtcNow:yyyyMMddHHmmss}.db");
        var instance = run.EmbeddedInstance("embedded", database);
        var deals = Enumerable.Range(0, 120).Select(i => ChaosDeals.New("S8", i)).ToList();
        var accepted = new ConcurrentDictionary<string, ChaosDeals.Deal>();
        IReadOnlyDictionary<string, string> states = new Dictionary<string, string>();
        var clock = Stopwatch.StartNew();
        try
        {
            await instance.StartAsync();
            Log($"{name}: SQLite ledger {database}, in-memory bus");
            // Round 1: killed mid-stream, right after the 20th answer, while other POSTs are still in flight.
            await PostAndKillAsync(instance, deals[..60], killAfter: 20, accepted);
            await instance.StartAsync();
            // Round 2: killed right after the last answer, before the background passes can finish.
            await PostAndKillAsync(instance, deals[60..], killAfter: 60, accepted);
            await instance.StartAsync();
            Log($"  {accepted.Count} deals answered 202 before the kills; restarted on the same database");

            // After a restart the leased rows wait out their lease (5 s), then the sweeper takes them over.
            var deadline = DateTime.UtcNow.AddSeconds(40);
            while (DateTime.UtcNow < deadline)
            {
                states = await LedgerStatesAsync(instance);
                if (accepted.Keys.All(id => states.GetValueOrDefault(id) == "issued")) break;
                await Task.Delay(500);
            }
            clock.Stop();
            var unanswered = states.Keys.Count(id => !accepted.ContainsKey(id));
            var missing = accepted.Keys.Count(id => !states.ContainsKey(id));
            return await FinishAsync(name, "S8", [.. accepted.Values], clock,
                $"{accepted.Count} answered 202, {missing} of them not in the ledger after the restart; {unanswered} written without an answer (in flight at the kill); kills {instance.Kills}",
                extraOk: accepted.Count > 0 && missing == 0 && instance.Kills == 2, resendsFail: true,
                count: () => Tally.CountAsync(run.Sandbox, states, [.. accepted.Values]));
        }
        finally
        {
            instance.Stop();
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileNameWithoutExtension(database) + "*"))
                File.Delete(file);
        }
    }

    /// <summary>POSTs the deals 16 at a time and kills the instance (SIGKILL) as soon as <paramref name="killAfter"/> answers came back.</summary>
    private async Task PostAndKillAsync(ServiceInstance instance, IReadOnlyList<ChaosDeals.Deal> deals, int killAfter, ConcurrentDictionary<string, ChaosDeals.Deal> accepted)
    {
        using var api = run.Api(instance);
        using var slots = new SemaphoreSlim(16);
        var answers = 0;
        await Task.WhenAll(deals.Select(async deal =>
        {
            await slots.WaitAsync();
            try
            {
                using var content = new ByteArrayContent(ChaosDeals.Json(ChaosDeals.Body(deal)));
                content.Headers.ContentType = new("application/json");
                using var response = await api.PostAsync("/api/deals", content);
                if (response.StatusCode == System.Net.HttpStatusCode.Accepted) accepted[deal.DealId] = deal;
                if (Interlocked.Increment(ref answers) == killAfter) instance.Kill();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // The connection died with the process: no answer, so no promise was made.
            }
            finally
            {
                slots.Release();
            }
        }));
        instance.Kill();
    }

    /// <summary>Every deal's state, through the instance's API (its SQLite ledger is its own).</summary>
    private async Task<IReadOnlyDictionary<string, string>> LedgerStatesAsync(ServiceInstance instance)
    {
        try
        {
            using var api = run.Api(instance);
            var page = await api.GetFromJsonAsync<JsonObject>("/api/deals?pageSize=500");
            return page?["items"]?.AsArray().ToDictionary(i => i!["dealId"]!.GetValue<string>(), i => i!["state"]!.GetValue<string>()) ?? [];
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new Dictionary<string, string>();
        }
    }

    private async Task<string> ReplayCheckAsync(IReadOnlyList<JsonObject> errorItems)
    {
        var target = errorItems.FirstOrDefault();
        if (target is null) return "replay not checked (error queue empty)";
        using var api = run.Api(run.Instances[0]);
        var id = target["messageId"]!.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/errors/deal-won/replay")
        {
            Content = JsonContent.Create(new { messageIds = new[] { id }, reason = "chaos suite replay check" }),
        };
        request.Headers.Add("X-Operator", "chaos-suite");
        using var response = await api.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        var replayed = body?["replayed"]?.GetValue<int>() ?? 0;
        var audit = await api.GetFromJsonAsync<JsonObject>("/api/errors/deal-won/replays?limit=20");
        var audited = audit?["items"]?.AsArray().Any(a => a?["messageId"]?.ToString() == id && a?["operator"]?.ToString() is "chaos-operator" or "chaos-suite") == true;
        // The replayed message is still bad, so it must come back to the error queue: replay loses nothing.
        var back = false;
        for (var i = 0; i < 20 && !back; i++)
        {
            await Task.Delay(500);
            back = (await ErrorListAsync()).Any(e => e["messageId"]?.ToString() == id);
        }
        return response.IsSuccessStatusCode && replayed == 1 && audited && back
            ? "replay ok (listed, re-published, audited, failed again into _error)"
            : $"replay FAILED (HTTP {(int)response.StatusCode}, replayed {replayed}, audited {audited}, back in _error {back})";
    }

    private async Task<IReadOnlyList<JsonObject>> ErrorListAsync()
    {
        try
        {
            using var api = run.Api(run.Instances[0]);
            var list = await api.GetFromJsonAsync<JsonObject>("/api/errors/deal-won?limit=1000");
            return list?["items"]?.AsArray().Select(i => i!.AsObject()).ToList() ?? [];
        }
        catch (Exception ex)
        {
            Log($"  GET /api/errors/deal-won failed: {ex.Message}");
            return [];
        }
    }

    private async Task<string> ReadyAsync()
    {
        try
        {
            using var api = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var codes = new List<int>();
            foreach (var instance in run.Instances)
            {
                using var r = await api.GetAsync($"{instance.Url}/health/ready");
                codes.Add((int)r.StatusCode);
            }
            return string.Join("/", codes);
        }
        catch (Exception ex)
        {
            return ex.GetType().Name;
        }
    }

    private static string Short(string? s, int max = 40) => s is null ? "" : s.Length <= max ? s : s[..max] + "…";

    public sealed record FuzzCase(string Name, byte[] Body, string MessageId, string? EventId, string? DealId = null)
    {
        public string Fingerprint => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Body))[..32];
    }

    private static List<FuzzCase> FuzzCases()
    {
        var cases = new List<FuzzCase>();
        var n = 0;
        void Add(string name, string body, string? eventId) => cases.Add(new FuzzCase(name, Encoding.UTF8.GetBytes(body), $"fuzz-{++n}-{Guid.NewGuid():N}", eventId));
        void AddDeal(string name, Action<JsonObject> mutate)
        {
            var body = ChaosDeals.Body(ChaosDeals.New("F6", n + 1));
            mutate(body);
            cases.Add(new FuzzCase(name, ChaosDeals.Json(body), $"fuzz-{++n}-{Guid.NewGuid():N}",
                (string?)body["eventId"], (string?)body["dealId"]));
        }

        Add("malformed JSON (truncated)", """{"eventId":"x","dealId":"F6-trunc","customer":{"legalName":""", null);
        Add("not JSON at all", "this is not json", null);
        Add("empty body", "", null);
        Add("JSON null", "null", null);
        Add("JSON array", "[1,2,3]", null);
        Add("nesting 500 deep", new string('[', 500) + new string(']', 500), null);
        AddDeal("wrong type: total \"abc\"", d => d["total"] = "abc");
        AddDeal("wrong type: customer is a string", d => d["customer"] = "notAnObject");
        AddDeal("wrong type: services is an object", d => d["services"] = new JsonObject { ["a"] = 1 });
        AddDeal("number overflow: total 1e400", d => d["total"] = JsonNode.Parse("1e400"));
        AddDeal("missing fields (customer, services, total)", d => { d.Remove("customer"); d.Remove("services"); d.Remove("total"); });
        AddDeal("missing dealId", d => d.Remove("dealId"));
        AddDeal("1 MB+ service description", d => d["services"]![0]!["description"] = new string('x', 1_100_000));
        AddDeal("1 MB+ unknown field", d => d["notes"] = new string('y', 1_100_000));
        // Ids no CRM sends: each must end rejected (announced) or in _error with a reason, never as a key PostgreSQL
        // refuses on every redelivery (an index entry over ~2.7 KB, a NUL) or a row holding the oversized message.
        static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes / 2));
        AddDeal("dealId of 10 KB (random)", d => d["dealId"] = Hex(10_240));
        AddDeal("dealId with NUL and a line break", d => d["dealId"] = $"F6-{n}\0\nforged log line");
        AddDeal("eventId of 10 KB (random)", d => d["eventId"] = Hex(10_240));
        AddDeal("eventId with NUL and a line break", d => d["eventId"] = $"evt-{Guid.NewGuid():N}\0\r\nforged");
        AddDeal("oversized, with a 300 KB dealId", d => d["dealId"] = Hex(300_000));
        var numbered = ChaosDeals.Body(ChaosDeals.New("F6", 999));
        numbered["dealId"] = 12345;
        Add("dealId is a number", numbered.ToJsonString(), (string?)numbered["eventId"]);
        AddDeal("CNPJ in Arabic-Indic digits", d => d["customer"]!["document"] = "١١٢٢٢٣٣٣٠٠٠١٨١");
        AddDeal("CNPJ in full-width digits", d => d["customer"]!["document"] = "１１２２２３３３０００１８１");
        AddDeal("5,000 service lines", d =>
        {
            d["services"] = new JsonArray([.. Enumerable.Range(0, 5000).Select(_ => new JsonObject
            {
                ["municipalCode"] = "01015", ["lc116Code"] = "1.07", ["description"] = "Linha", ["quantity"] = 1, ["unitPrice"] = 1m,
            })]);
            d["total"] = 5000m;
        });
        return cases;
    }
}
