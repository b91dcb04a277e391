using Microsoft.AspNetCore.Http.Features;

namespace ErpConnector.Service.Webhooks.Omie;

/// <summary>The Omie webhook's path token, taken out of the request's path (see <see cref="OmieWebhookTokenLifting"/>).</summary>
public sealed record OmieWebhookToken(string Value);

/// <summary>
/// Takes the Omie webhook's secret token out of the request path before ASP.NET Core's hosting layer sees the request.
/// The hosting layer logs every request's path ("Request starting …"), puts it in a scope on every log entry of the
/// request (<c>RequestPath</c>), and tracing records it as <c>url.path</c>: with the token in the path, every one of
/// those would carry the secret, whatever the log levels. So the path becomes <see cref="RedactedPath"/>, the query
/// (the token never belongs there) is dropped, and the token travels in <see cref="OmieWebhookToken"/> to the endpoint.
/// </summary>
/// <remarks>It wraps the <see cref="IHttpContextFactory"/> because that is the one hook that runs on the request's
/// features before the hosting diagnostics (HostingApplication.CreateContext creates the context, then logs).</remarks>
public sealed class OmieWebhookTokenLifting(IHttpContextFactory inner) : IHttpContextFactory
{
    /// <summary>The prefix of the webhook's path; what follows it is the token.</summary>
    public const string Prefix = "/webhooks/omie";

    /// <summary>The path every webhook request carries from the hosting layer on.</summary>
    public const string RedactedPath = Prefix + "/" + Redacted;

    /// <summary>The route value the webhook's path holds instead of the token.</summary>
    public const string Redacted = "redacted";

    public HttpContext Create(IFeatureCollection featureCollection)
    {
        Lift(featureCollection);
        return inner.Create(featureCollection);
    }

    public void Dispose(HttpContext httpContext) => inner.Dispose(httpContext);

    /// <summary>Moves the token of a webhook request from its path into <see cref="OmieWebhookToken"/>.</summary>
    public static void Lift(IFeatureCollection features)
    {
        if (features.Get<IHttpRequestFeature>() is not { } request) return;
        var path = request.Path ?? "";
        if (!path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return;
        var rest = path[Prefix.Length..];
        if (rest.Length > 0 && rest[0] != '/') return; // another route that merely starts alike, e.g. /webhooks/omiex
        request.QueryString = "";
        // The token is everything after the prefix: a path with more segments is a wrong token, not another route.
        // One trailing slash is tolerated, as routing tolerates it.
        var token = rest.Length > 1 ? rest[1..] : "";
        if (token.EndsWith('/')) token = token[..^1];
        if (token.Length == 0)
        {
            request.RawTarget = request.Path = Prefix + rest;
            return;
        }
        features.Set(new OmieWebhookToken(token));
        request.RawTarget = request.Path = RedactedPath;
    }
}
