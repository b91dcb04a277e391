using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;

namespace ErpConnector.Chaos;

public sealed partial class Scenarios
{
    /// <summary>
    /// 11. kill -9 on the embedded SQLite ledger while its group commit is busy: one instance on SQLite (the embedded
    /// default) consuming deal.won from RabbitMQ and answering POST /api/deals, a few hundred deals through both doors
    /// (some the same deal.won through both at once), SIGKILLed at random moments and once right after a 202, then
    /// restarted on the same file; finally the file is held locked by a second connection (BEGIN IMMEDIATE) while
    /// deals still arrive. Every deal must end issued, with one order and one NFS-e per cCodIntOS.
    /// </summary>
    public async Task<ScenarioResult> SqliteKillNineAsync()
    {
        const string name = "11. kill -9 on SQLite (group commit)";
        if (!run.Broker.Local)
        {
            Log($"{name}: SKIPPED — {run.Broker.Note}");
            return new ScenarioResult(name, 0, 0, 0, 0, TimeSpan.Zero, "skipped: needs a vhost of its own (rabbitmqctl unavailable)", true, Skipped: true);
        }
        // A vhost of its own: on the shared one the deal.won fanout would hand every deal to the PostgreSQL instances too.
        await using var broker = await Broker.PrepareAsync(options.RabbitMqUri, Broker.Vhost + "-sqlite");
        await broker.DeleteQueueAsync(ChaosRun.Queue);
        var database = Path.Combine(Path.GetFullPath(options.LogDirectory), $"sqlite-kill-{DateTime.UtcNow:yyyyMMddHHmmss}.db");
        var instance = run.EmbeddedInstance("embedded-sqlite", database, broker.Uri);
        var deals = Enumerable.Range(0, options.SqliteDeals).Select(i => ChaosDeals.New("S11", i)).ToList();
        // 60% by bus, 30% by POST, ~7% the same deal.won (same event id) through both doors at once, the last 10 sent
        // (half each way) while the file is locked.
        var bus = deals.Take(deals.Count * 6 / 10).ToList();
        var api = deals.Skip(bus.Count).Take(deals.Count * 3 / 10).ToList();
        var whileLocked = deals.TakeLast(Math.Min(10, deals.Count - bus.Count - api.Count)).ToList();
        var both = deals.Skip(bus.Count + api.Count).SkipLast(whileLocked.Count).ToList();
        var answers = new ConcurrentDictionary<string, string>();
        var kills = new List<string>();
        IReadOnlyDictionary<string, string> states = new Dictionary<string, string>();
        var lockNote = "";
        var clock = Stopwatch.StartNew();
        try
        {
            await instance.StartAsync();
            Log($"{name}: {deals.Count} deals ({bus.Count} bus, {api.Count} POST, {both.Count} both at once), SQLite ledger {database}, vhost {broker.Uri}");

            // The poster kills the instance itself on the first 202 after it is armed: nothing runs between the answer and the SIGKILL.
            var armed = 0;
            var killedAfterAccepted = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Accepted(string dealId)
            {
                if (Interlocked.Exchange(ref armed, 0) != 1) return;
                instance.Kill();
                killedAfterAccepted.TrySetResult(dealId);
            }

            var sending = Task.Run(async () =>
            {
                // Waves over ~8 s, so the kills find deals at every step: queued for the writer, mid-commit, at Omie.
                var waves = 12;
                for (var w = 0; w < waves; w++)
                {
                    var wave = new List<Task>
                    {
                        broker.PublishManyAsync(Slice(bus, w, waves).Select(d => (ChaosDeals.Json(ChaosDeals.Body(d)), d.DealId)).ToList(), channels: 4),
                    };
                    wave.AddRange(Slice(api, w, waves).Select(d => PostUntilAnsweredAsync(instance, ChaosDeals.Json(ChaosDeals.Body(d)), d.DealId, answers, Accepted)));
                    wave.AddRange(Slice(both, w, waves).Select(async d =>
                    {
                        var body = ChaosDeals.Json(ChaosDeals.Body(d));
                        await Task.WhenAll(broker.PublishAsync(body, d.DealId), PostUntilAnsweredAsync(instance, body, d.DealId, answers, Accepted));
                    }));
                    await Task.WhenAll(wave);
                    await Task.Delay(700);
                }
            });

            var random = new Random();
            for (var k = 0; k < options.MaxKills; k++)
            {
                await Task.Delay(random.Next(600, 1800));
                var issued = await IssuedInFileAsync(database);
                string? after = null;
                if (k == 1 && !sending.IsCompleted)
                {
                    Interlocked.Exchange(ref armed, 1);
                    after = await Task.WhenAny(killedAfterAccepted.Task, sending) == killedAfterAccepted.Task ? killedAfterAccepted.Task.Result : null;
                    Interlocked.Exchange(ref armed, 0);
                }
                if (after is null) instance.Kill();
                kills.Add($"{clock.Elapsed.TotalSeconds:F1}s({issued} issued{(after is null ? "" : $", right after the 202 for {after}")})");
                Log($"  killed at {clock.Elapsed.TotalSeconds:F1} s with {issued} issued{(after is null ? "" : $", right after the 202 for {after}")}");
                await Task.Delay(random.Next(100, 600));
                await instance.StartAsync();
            }

            // Another process holds the file's write lock (a backup, sqlite3 at a prompt) while deals are in flight.
            lockNote = await HoldWriteLockAsync(database, TimeSpan.FromSeconds(options.SqliteLockSeconds),
                () => SendWhileLockedAsync(instance, broker, whileLocked, answers));
            await sending;

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                states = await LedgerStatesAsync(instance);
                if (deals.All(d => states.GetValueOrDefault(d.DealId) is "issued" or "failed" or "rejected")) break;
                await Task.Delay(500);
            }
            clock.Stop();
            var running = instance.Running;
            var accepted = answers.Count(a => a.Value == "202");
            var queueLeft = await broker.DepthAsync(ChaosRun.Queue);
            var errors = await broker.DepthAsync(ChaosRun.Queue + "_error");
            return await FinishAsync(name, "S11", deals, clock,
                $"{instance.Kills} kills: {string.Join(", ", kills)}; POST answers: {accepted}× 202, {answers.Count - accepted}× 200 already-known; {lockNote}; queue left {queueLeft}, _error {errors}; alive {running}",
                extraOk: running && instance.Kills == options.MaxKills && errors == 0,
                count: () => Tally.CountAsync(run.Sandbox, states, deals));
        }
        finally
        {
            instance.Stop();
            await broker.DeleteQueueAsync(ChaosRun.Queue);
            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileNameWithoutExtension(database) + "*"))
                File.Delete(file);
        }
    }

    private static IEnumerable<ChaosDeals.Deal> Slice(List<ChaosDeals.Deal> deals, int wave, int waves) =>
        deals.Skip(deals.Count * wave / waves).Take(deals.Count * (wave + 1) / waves - deals.Count * wave / waves);

    /// <summary>POSTs one deal.won as a CRM does: repeated through refused connections, resets and 5xx until the service answers 202 or 200.</summary>
    private async Task PostUntilAnsweredAsync(ServiceInstance instance, byte[] body, string dealId, ConcurrentDictionary<string, string> answers, Action<string> accepted)
    {
        using var api = run.Api(instance);
        for (var attempt = 0; attempt < 400; attempt++)
        {
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await api.PostAsync("/api/deals", content);
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                {
                    answers[dealId] = ((int)response.StatusCode).ToString();
                    if (response.StatusCode == HttpStatusCode.Accepted) accepted(dealId);
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Killed or restarting: no answer, no promise; the CRM sends it again.
            }
            await Task.Delay(250);
        }
        Log($"  {dealId}: no answer to POST /api/deals after 400 attempts");
    }

    /// <summary>
    /// Takes the file's write lock from a second connection (BEGIN IMMEDIATE) and holds it; counts what the instance
    /// issued meanwhile and whether it carried on afterwards.
    /// </summary>
    private static async Task<string> HoldWriteLockAsync(string database, TimeSpan hold, Func<Task<string>> whileLocked)
    {
        if (hold <= TimeSpan.Zero) return $"no lock held; {await whileLocked()}";
        await using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false, DefaultTimeout = 60 }.ToString());
        await db.OpenAsync();
        SqliteTransaction tx;
        try
        {
            tx = db.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock, held until the rollback
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            // The service never let go of the file for a minute: a finding for the report, not a crash of the suite.
            Log("  could not take the file's write lock within 60 s: the instance held it the whole time");
            return $"the file's write lock could NOT be taken within 60 s (the instance never let go); {await whileLocked()}";
        }
        await using var locked = tx;
        var before = await IssuedInFileAsync(database);
        Log($"  file write-locked by a second connection for {hold.TotalSeconds:F0} s ({before} issued)");
        var sending = whileLocked();
        await Task.Delay(hold);
        var during = await IssuedInFileAsync(database);
        tx.Rollback();
        Log($"  lock released ({during} issued at the end of it)");
        return $"file locked {hold.TotalSeconds:F0} s by a second connection ({before}→{during} issued meanwhile; {await sending})";
    }

    /// <summary>
    /// Sends deals while the file is locked: half published (the consumer cannot record them until the lock goes),
    /// half POSTed; reports each POST's first answer and how long it took, then repeats it as a CRM would until answered.
    /// </summary>
    private async Task<string> SendWhileLockedAsync(ServiceInstance instance, Broker broker, IReadOnlyList<ChaosDeals.Deal> deals, ConcurrentDictionary<string, string> answers)
    {
        var half = deals.Count / 2;
        await broker.PublishManyAsync(deals.Take(half).Select(d => (ChaosDeals.Json(ChaosDeals.Body(d)), d.DealId)).ToList(), channels: 2);
        var first = await Task.WhenAll(deals.Skip(half).Select(async d =>
        {
            var body = ChaosDeals.Json(ChaosDeals.Body(d));
            var clock = Stopwatch.StartNew();
            string answer;
            try
            {
                using var api = run.Api(instance);
                // Patient enough to see what the service itself answers once busy_timeout (30 s) has passed.
                api.Timeout = TimeSpan.FromSeconds(90);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await api.PostAsync("/api/deals", content);
                answer = ((int)response.StatusCode).ToString();
                if (!response.IsSuccessStatusCode)
                    answer += $" {(await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())?["code"]}";
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK) answers[d.DealId] = answer;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                answer = "no answer";
            }
            var took = clock.Elapsed;
            if (!answers.ContainsKey(d.DealId)) await PostUntilAnsweredAsync(instance, body, d.DealId, answers, _ => { });
            return $"{answer} after {took.TotalSeconds:F0} s";
        }));
        return $"{half} published and {deals.Count - half} POSTed meanwhile, first answers: {string.Join(", ", first.GroupBy(a => a).Select(g => $"{g.Count()}× {g.Key}"))}";
    }

    /// <summary>Issued deals, read from the file itself (a WAL reader is never blocked), so the count does not depend on the instance answering.</summary>
    private static async Task<int> IssuedInFileAsync(string database)
    {
        try
        {
            await using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await db.OpenAsync();
            await using var count = db.CreateCommand();
            count.CommandText = "SELECT count(*) FROM deals WHERE state = 'issued'";
            return Convert.ToInt32(await count.ExecuteScalarAsync());
        }
        catch (SqliteException)
        {
            return -1; // not created yet
        }
    }
}
