using GoldenQuality.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace GoldenQuality.Hosting;

/// <summary>
/// A database out of disk space (SQLite's SQLITE_FULL, PostgreSQL's 53100 disk_full) refuses the request with 507 and
/// a message that says so, in the request's language, instead of an anonymous 500. Every save is one transaction, so
/// the refused request left nothing behind; reads go on (docs/operations.md, "Monitoring").
/// </summary>
internal sealed class StorageFullHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const int SqliteFull = 13;
    private const string PostgresDiskFull = "53100";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsStorageFull(exception) || Web.ErrorPages.IsPage(httpContext))
        {
            return false;
        }

        var culture = httpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? System.Globalization.CultureInfo.CurrentUICulture;
        var message = new Message("node.storage-full");
        var details = new ProblemDetails
        {
            Status = StatusCodes.Status507InsufficientStorage,
            Title = "Insufficient storage",
            Detail = message.Render(culture),
            Extensions = { ["message"] = message.Wire() },
        };
        httpContext.Response.StatusCode = StatusCodes.Status507InsufficientStorage;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    private static bool IsStorageFull(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: SqliteFull } || exception is Npgsql.PostgresException { SqlState: PostgresDiskFull })
            {
                return true;
            }
        }

        return false;
    }
}
