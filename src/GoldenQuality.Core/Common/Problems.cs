using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoldenQuality.Common;

/// <summary>RFC 9457 problem responses that name the field and the reason.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what, string key) =>
        TypedResults.Problem(detail: $"No {what} '{key}' exists.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Forbidden(string reason) =>
        TypedResults.Problem(detail: reason, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult Conflict(string field, string reason, IDictionary<string, object?>? extensions = null)
    {
        var ext = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["field"] = field };
        return TypedResults.Problem(detail: $"{field}: {reason}", statusCode: StatusCodes.Status409Conflict, title: "Conflict", extensions: ext);
    }

    /// <summary>The 409 for an update based on a version that is no longer current.</summary>
    public static ProblemHttpResult StaleVersion(long sent, long current) =>
        Conflict("version", string.Create(CultureInfo.InvariantCulture, $"the record has changed since version {sent}; the current version is {current}. Read it again and reapply the change."),
            new Dictionary<string, object?> { ["currentVersion"] = current });
}

/// <summary>Collects field errors, so that a request is answered with all its problems at once.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    /// <summary>The errors so far, field by field.</summary>
    public IEnumerable<(string Field, IReadOnlyList<string> Reasons)> Errors => errors.Select(e => (e.Key, (IReadOnlyList<string>)e.Value));

    public void Add(string field, string reason)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(reason);
    }

    /// <summary>Checks a required text field and returns it trimmed.</summary>
    public string Required(string field, string? value, int maxLength)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            Add(field, "is required");
        }
        else if (text.Length > maxLength)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be at most {maxLength} characters"));
        }

        return text;
    }

    /// <summary>Checks an optional text field and returns it trimmed, or null when empty.</summary>
    public string? Optional(string field, string? value, int maxLength)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be at most {maxLength} characters"));
        }

        return text;
    }

    /// <summary>Parses a required enum given by its wire name.</summary>
    public TEnum Enum<TEnum>(string field, string? value)
        where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
            return default;
        }

        if (!WireNames.TryParse<TEnum>(value, out var parsed))
        {
            Add(field, $"'{value}' is not one of: {string.Join(", ", WireNames.All<TEnum>())}");
        }

        return parsed;
    }

    public ValidationProblem Result() =>
        TypedResults.ValidationProblem(
            errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
            detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
            title: "The request has invalid fields");
}

/// <summary>One page of a list.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>Paging parameters, checked: page from 1, page size from 1 to 500 (default 50).</summary>
public static class Paging
{
    public const int MaxPageSize = 500;

    public static (int Page, int Size) Read(Validation validation, int? page, int? pageSize)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var p = page ?? 1;
        var s = pageSize ?? 50;
        if (p < 1)
        {
            validation.Add("page", "must be 1 or more");
        }

        if (s is < 1 or > MaxPageSize)
        {
            validation.Add("pageSize", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {MaxPageSize}"));
        }

        return (Math.Max(p, 1), Math.Clamp(s, 1, MaxPageSize));
    }

    /// <summary>The paging parameters of a list that has no other parameter to check: the refusal naming them, or null and the page and size.</summary>
    public static ValidationProblem? Invalid(int? page, int? pageSize, out int p, out int size)
    {
        var v = new Validation();
        (p, size) = Read(v, page, pageSize);
        return v.IsValid ? null : v.Result();
    }
}
