using System.Diagnostics;
using System.Text.Json.Nodes;
using ErpConnector.Sandbox.FaultInjection;
using ErpConnector.Sandbox.Inspection;
using ErpConnector.Sandbox.Omie.Limits;
using ErpConnector.Sandbox.Omie.OrderCalls;
using Microsoft.Extensions.Options;

namespace ErpConnector.Sandbox.Omie;

/// <summary>
/// <c>POST /api/v1/{module}/{service}/</c>: one Omie call, in the order Omie appears to check things —
/// envelope, quota, credentials, block, method, in-flight limits, 60-second rule — with the injected
/// misbehaviours slotted in where the real ones would occur.
/// </summary>
public sealed partial class OmieEndpoint(
    OmieMethods methods,
    OmieAccount account,
    IOptions<SandboxOptions> options,
    InjectionBoard injections,
    AppBlocks blocks,
    RateLimits rateLimits,
    ConcurrencyLimits concurrency,
    RedundancyRule redundancy,
    CallLog log,
    OrderCallLog orderCalls,
    TimeProvider clock,
    ILogger<OmieEndpoint> logger)
{
    public async Task Handle(HttpContext http, string module, string service)
    {
        var path = http.Request.Path.Value ?? "";
        if (!path.EndsWith('/'))
        {
            // Omie's real behaviour, and a real trap: HTTP clients follow a 301 on POST by switching to GET.
            http.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            http.Response.Headers.Location = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{path}/{http.Request.QueryString}";
            LogRedirect(path);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var call = "(unparsed)";
        string? appKey = null;
        OrderCall? orderCall = null;
        try
        {
            var envelope = await Envelope.ReadAsync(http.Request, http.RequestAborted);
            call = envelope.Call;
            appKey = envelope.AppKey;
            var method = methods.Find($"{module}/{service}", call);
            log.Called(call, method?.RecordKey(envelope.Param));
            orderCall = orderCalls.Arrived(method, envelope.Param);
            var outcome = await Serve(http, $"{module}/{service}", envelope, orderCall);
            LogServed(call, module, service, outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OmieFault fault)
        {
            orderCalls.Refused(orderCall, fault.FaultString);
            if (fault.Throttle) Throttled(appKey);
            await WriteJson(http, fault.HttpStatus, new JsonObject { ["faultstring"] = fault.FaultString, ["faultcode"] = fault.FaultCode });
            LogFault(call, module, service, fault.HttpStatus, fault.FaultCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            orderCalls.NotApplied(orderCall, "client went away");
            LogFault(call, module, service, 499, "client went away", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (TooManyRequests tooMany)
        {
            orderCalls.Refused(orderCall, $"HTTP 429 {tooMany.Message}");
            Throttled(appKey);
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = tooMany.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(tooMany.Message);
            LogFault(call, module, service, 429, "HTTP 429", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private async Task<string> Serve(HttpContext http, string service, Envelope envelope, OrderCall? orderCall)
    {
        var now = clock.GetUtcNow();
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var call = envelope.Call;

        rateLimits.AdmitIp(ip, now);
        CheckCredentials(envelope);
        blocks.ThrowIfBlocked(envelope.AppKey, now);
        rateLimits.AdmitMethod(ip, envelope.AppKey, call, now);
        var method = methods.Find(service, call) ?? throw Faults.UnknownMethod(call);
        ThrowInjectedThrottle(envelope, method.Call, now);

        using var slot = concurrency.Enter(ip, envelope.AppKey, method, envelope.Param, now);
        redundancy.ThrowIfRedundant(envelope.AppKey, method, envelope.Param, now);

        if (injections.Take(InjectionKinds.Slow, method.Call) is { } slow)
        {
            // Not cancelled when the client gives up: a real server finishes the work of a request whose
            // caller timed out or died, and that applied-but-unseen write is what the connector must survive.
            using (log.Held(call))
                await Task.Delay(TimeSpan.FromMilliseconds(slow.Milliseconds), clock);
        }
        if (injections.Take(InjectionKinds.Http500, method.Call) is not null)
        {
            orderCalls.NotApplied(orderCall, "injected HTTP 500");
            // Instability, not a refusal: nothing applied, and no fault body a client could mistake for a verdict.
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync("<html><head><title>500 Internal Server Error</title></head><body><h1>Falha durante o processamento</h1></body></html>");
            return "injected http-500";
        }

        var served = clock.GetUtcNow();
        // The request is read outside the lock; only the record work runs under it.
        var omieCall = new OmieCall(envelope.Param, account, served);
        Func<JsonNode> work;
        try
        {
            work = method.Prepare(omieCall);
        }
        catch (Exception e)
        {
            // As before the split: the city still settles first, then the call fails inside the transaction.
            var failed = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            work = () => { failed.Throw(); return null!; };
        }
        var reply = account.Transact(served, work);
        orderCalls.Applied(orderCall);
        redundancy.Served(envelope.AppKey, method, envelope.Param, served);

        if (injections.Take(InjectionKinds.LostResponse, method.Call) is not null)
        {
            // Applied but never answered: the ambiguous case the connector must resolve by querying first.
            http.Abort();
            return "injected lost-response (applied, connection aborted)";
        }
        if (http.RequestAborted.IsCancellationRequested) return "applied; the client had gone away";
        await WriteJson(http, StatusCodes.Status200OK, reply);
        return "ok";
    }

    private void Throttled(string? appKey)
    {
        log.ThrottleFault();
        if (appKey is not null) blocks.Strike(appKey, clock.GetUtcNow());
    }

    private void CheckCredentials(Envelope envelope)
    {
        var o = options.Value;
        if (injections.Take(InjectionKinds.InvalidCredentials, envelope.Call) is not null) throw Faults.InvalidCredentials();
        if (!FixedTimeEquals(envelope.AppKey, o.AppKey) || !FixedTimeEquals(envelope.AppSecret, o.AppSecret)) throw Faults.InvalidCredentials();
    }

    private void ThrowInjectedThrottle(Envelope envelope, string call, DateTimeOffset now)
    {
        if (injections.Take(InjectionKinds.Throttle, call) is not { } throttle) return;
        var seconds = Math.Max(1, throttle.Seconds);
        throw throttle.Fault switch
        {
            "redundant" => Faults.Redundant(seconds),
            "misuse" => blocks.Block(envelope.AppKey, now, seconds),
            "client-1100" => Faults.AlreadyProcessing(now.AddSeconds(seconds)),
            "client-1880" => Faults.MethodBusy(),
            _ => new TooManyRequests(seconds),
        };
    }

    private static bool FixedTimeEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

    private static async Task WriteJson(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    // Only the call name and outcome: app_secret and request bodies (customer data) never reach the log.
    [LoggerMessage(Level = LogLevel.Information, Message = "Omie {Call} on {Module}/{Service}: {Outcome} in {ElapsedMs:0} ms")]
    private partial void LogServed(string call, string module, string service, string outcome, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Omie {Call} on {Module}/{Service}: HTTP {Status} {FaultCode} in {ElapsedMs:0} ms")]
    private partial void LogFault(string call, string module, string service, int status, string faultCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Omie path {Path} lacks the trailing slash: HTTP 301")]
    private partial void LogRedirect(string path);
}
