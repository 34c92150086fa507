using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace GoldenQuality.Hosting;

/// <summary>
/// Turns a request body that cannot be read (malformed JSON, an unknown property, a value of the wrong type)
/// into a 400 problem that names the field, instead of an empty 400.
/// </summary>
internal sealed partial class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (field, reason) = Describe(bad);
        var details = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
        {
            Status = bad.StatusCode,
            Title = "The request could not be read",
            Detail = $"{field}: {reason}",
        };
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    private static (string Field, string Reason) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var unmapped = UnmappedProperty().Match(json.Message);
            if (unmapped.Success)
            {
                return (unmapped.Groups[1].Value, "is not a known property of this request");
            }

            var path = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            return (path, json.Message.Split(" Path:", 2)[0]);
        }

        return ("body", bad.Message);
    }

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();
}
