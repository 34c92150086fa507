using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Hosting;

/// <summary>
/// Request body limits per kind of endpoint (section <c>Limits</c>). Kestrel's one global limit (30 MB) is replaced
/// by the limit of the endpoint's kind, chosen from its route: a JSON body is small, a legacy file large.
/// A body over its limit is refused with a 413 problem naming the body and the limit (<see cref="BadRequestHandler"/>).
/// </summary>
public sealed class RequestLimitOptions
{
    public const string Section = "Limits";

    /// <summary>An ordinary JSON request (every endpoint not listed below).</summary>
    public long JsonBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>A file upload: declaration files, the standards catalogue CSV, bulk JSON (canonical records, bulk translation).</summary>
    public long UploadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>A legacy file for an adapter (import or export).</summary>
    public long AdapterFileBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>An SPS certificate (XML).</summary>
    public long SpsBytes { get; set; } = Codes.AdapterEndpoints.MaxSpsBytes;

    /// <summary>A batch of envelopes posted to the exchange inbox by a peer.</summary>
    public long InboxBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>How deeply a JSON request body may nest.</summary>
    public int JsonMaxDepth { get; set; } = 32;
}

internal static class RequestLimits
{
    private enum Kind
    {
        Json,
        Upload,
        AdapterFile,
        Sps,
        Inbox,
        Measurements,
        Stream,
        Attachment,
    }

    /// <summary>
    /// An attachment (and the page whose form posts one): the largest file accepted (<see cref="Common.UploadedFile.MaxBytes"/>)
    /// and room for the multipart headers and the form's other fields, so that a file just over 2 MB is answered by the
    /// handler's field message rather than a 413.
    /// </summary>
    private const long AttachmentBytes = Common.UploadedFile.MaxBytes + (64 * 1024);

    /// <summary>The routes (templates) whose bodies are not ordinary JSON requests.</summary>
    private static readonly Dictionary<string, Kind> Routes = new(StringComparer.Ordinal)
    {
        ["/api/declarations/files"] = Kind.Upload,
        ["/api/standards/import/{file}"] = Kind.Upload,
        ["/api/codes/records"] = Kind.Upload,
        ["/api/codes/translate/bulk"] = Kind.Upload,
        ["/api/codes/adapters/{name}/import"] = Kind.AdapterFile,
        ["/api/codes/adapters/{name}/export"] = Kind.AdapterFile,
        ["/api/codes/sps/import"] = Kind.Sps,
        ["/api/exchange/inbox"] = Kind.Inbox,
        ["/api/supervision/measurements"] = Kind.Measurements,
        ["/api/supervision/measurements/stream"] = Kind.Stream,
        ["/api/alerts/{number}/attachments"] = Kind.Attachment,
        ["/api/ministries/lpcos/{id:guid}/attachments"] = Kind.Attachment,
        ["/lpcos/{Id:guid}"] = Kind.Attachment,
    };

    /// <summary>The routes the table names (a test checks that each is mapped, so a renamed route cannot fall back to the JSON limit unnoticed).</summary>
    internal static IReadOnlyCollection<string> KindRoutes => Routes.Keys;

    /// <summary>A route template as this table keys it.</summary>
    internal static string Key(string rawRoute) => NormaliseRoute(rawRoute);

    public static void UseRequestLimits(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<RequestLimitOptions>>().Value;
        var supervision = app.Services.GetRequiredService<IOptions<Supervision.SupervisionOptions>>().Value;
        app.Use(async (context, next) =>
        {
            long? limit = null;
            var kind = Kind.Json;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
                kind = route is not null && Routes.TryGetValue(NormaliseRoute(route), out var k) ? k : Kind.Json;
                limit = kind switch
                {
                    Kind.Upload => options.UploadBytes,
                    Kind.AdapterFile => options.AdapterFileBytes,
                    Kind.Sps => options.SpsBytes + 1,
                    Kind.Inbox => options.InboxBytes,
                    Kind.Measurements => supervision.MaxBodyBytes + 1,
                    Kind.Attachment => AttachmentBytes,
                    Kind.Stream => null, // a long-lived stream: each line is bounded instead (Supervision:MaxLineBytes)
                    _ => options.JsonBodyBytes,
                };
                feature.MaxRequestBodySize = limit;
            }

            // The SPS importer and the measurement batches answer an oversized body themselves (naming their own field).
            var own = kind is Kind.Sps or Kind.Measurements;
            if (!own && limit is { } max && context.Request.ContentLength > max)
            {
                await TooLargeAsync(context, max);
                return;
            }

            await next(context);

            // A body that grew over the limit while it was read (no Content-Length): the endpoint stopped with a bare 413.
            if (!own && limit is { } read && context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            {
                await TooLargeAsync(context, read);
            }
        });
    }

    private static async Task TooLargeAsync(HttpContext context, long limit)
    {
        var reason = string.Create(CultureInfo.InvariantCulture, $"is larger than {limit} bytes, the most this endpoint accepts");
        var details = new ValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [reason] })
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The request body is too large",
            Detail = "body: " + reason,
        };
        details.Extensions["limit"] = limit;
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details });
    }

    /// <summary>Route templates as mapped by groups: "/api/codes/" + "/sps/import" and route constraints (<c>{id:guid}</c>) as plain parameters.</summary>
    private static string NormaliseRoute(string raw)
    {
        var route = raw.Replace("//", "/", StringComparison.Ordinal);
        return route.Length > 1 ? route.TrimEnd('/') : route;
    }
}
