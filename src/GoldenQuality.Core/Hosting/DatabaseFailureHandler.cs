using GoldenQuality.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace GoldenQuality.Hosting;

/// <summary>
/// Two failures of the database that the person asking should hear about in words, in the request's language, instead of
/// an anonymous 500.
/// <list type="bullet">
/// <item>Out of disk space (SQLite's SQLITE_FULL, PostgreSQL's 53100 disk_full): 507. Every save is one transaction, so
/// the refused request left nothing behind; reads go on (docs/operations.md, "Monitoring").</item>
/// <item>Unreachable or not taking work for a moment (PostgreSQL down, no primary until a standby is promoted, a
/// connection lost, a transient server error): 503 with <c>Retry-After</c>. A connection lost during a commit leaves its outcome unknown,
/// so the message asks to check before repeating (docs/operations.md, "A standby and failover").</item>
/// </list>
/// </summary>
internal sealed class DatabaseFailureHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const int SqliteFull = 13;
    private const string PostgresDiskFull = "53100";
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, code) = Classify(exception) switch
        {
            Failure.StorageFull => (StatusCodes.Status507InsufficientStorage, "Insufficient storage", "node.storage-full"),
            Failure.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", "node.database-unavailable"),
            _ => (0, "", ""),
        };
        if (status == 0 || Web.ErrorPages.IsPage(httpContext))
        {
            return false;
        }

        var culture = httpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? System.Globalization.CultureInfo.CurrentUICulture;
        var message = new Message(code);
        var details = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = message.Render(culture),
            Extensions = { ["message"] = message.Wire() },
        };
        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    private enum Failure
    {
        None,
        StorageFull,
        Unavailable,
    }

    private static Failure Classify(Exception? exception)
    {
        var unavailable = false;
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: SqliteFull } || exception is Npgsql.PostgresException { SqlState: PostgresDiskFull })
            {
                return Failure.StorageFull;
            }

            // A transient error, or any failure on the client's side of the connection (not an error the server
            // answered): Npgsql's "No suitable host was found" when the primary is gone and the standby not yet
            // promoted is neither transient nor a server error, and it is the very moment of a failover.
            unavailable |= exception is Npgsql.NpgsqlException { IsTransient: true } or Npgsql.NpgsqlException and not Npgsql.PostgresException;
        }

        return unavailable ? Failure.Unavailable : Failure.None;
    }
}
