using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;

namespace GoldenQuality.Web;

/// <summary>
/// Error pages for people: a browser asking for a page that does not exist, is refused or fails gets a page in the
/// language the user chose (<see cref="ErrorDocument"/>), with a way back. API clients keep RFC 9457 problem details.
/// </summary>
public static class ErrorPages
{
    private static readonly string[] MachinePaths = ["/api", "/health", "/metrics", "/openapi", "/docs", "/_framework", "/_content"];

    /// <summary>Whether the request is a person's browser asking for a page (HTML, not the API or the machine endpoints).</summary>
    public static bool IsPage(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return !MachinePaths.Any(p => http.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            && http.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>Pages get <see cref="ErrorDocument"/> for errors without a body; everything else the problem details.</summary>
    public static void UseErrorPages(this IApplicationBuilder app)
    {
        app.UseWhen(IsPage, page =>
        {
            page.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteAsync });
            page.UseStatusCodePages(context => WriteAsync(context.HttpContext));
        });
        app.UseWhen(http => !IsPage(http), machine =>
        {
            machine.UseExceptionHandler();
            machine.UseStatusCodePages();
        });
    }

    private static async Task WriteAsync(HttpContext http)
    {
        // Read the user's language here: the request localization that set it has unwound with the exception.
        var chosen = CookieRequestCultureProvider.ParseCookieValue(http.Request.Cookies[CookieRequestCultureProvider.DefaultCookieName] ?? "")?.UICultures.FirstOrDefault().Value;
        var chinese = chosen is null || chosen.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = WebModule.Cultures[chinese ? 0 : 1];
        var status = http.Response.StatusCode;
        var reference = status >= 500 ? Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier : null;
        var page = new RazorComponentResult<ErrorDocument>(new { Status = status, Chinese = chinese, Reference = reference }) { StatusCode = status };
        await page.ExecuteAsync(http);
    }
}
