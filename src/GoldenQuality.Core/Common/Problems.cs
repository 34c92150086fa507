using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoldenQuality.Common;

/// <summary>RFC 9457 problem responses that name the field and the reason.</summary>
public static class Problems
{
    /// <summary>The 404 for <paramref name="what"/> (a noun message, e.g. <c>noun.declaration</c>) named <paramref name="key"/>, in the reader's language.</summary>
    public static ProblemHttpResult NotFound(Message what, string key) =>
        Coded(StatusCodes.Status404NotFound, "Not found", new Message("not-found", what, key));

    /// <summary>The 403 with its reason in the reader's language.</summary>
    public static ProblemHttpResult Forbidden(Message reason) => Coded(StatusCodes.Status403Forbidden, "Forbidden", reason);

    /// <summary>
    /// The 409 naming <paramref name="field"/> (extension <c>field</c>), with its reason in the reader's language as the
    /// detail and as code and arguments (extension <c>message</c>), so that a page shows the reason alone.
    /// </summary>
    public static ProblemHttpResult Conflict(string field, Message reason, IDictionary<string, object?>? extensions = null) =>
        Coded(StatusCodes.Status409Conflict, "Conflict", reason, new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["field"] = field });

    /// <summary>A problem whose detail is <paramref name="reason"/> in the current UI language (the API's: Accept-Language), with its code and arguments in extension <c>message</c>.</summary>
    public static ProblemHttpResult Coded(int status, string title, Message reason, IDictionary<string, object?>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var ext = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["message"] = reason.Wire() };
        return TypedResults.Problem(detail: reason.ToString(), statusCode: status, title: title, extensions: ext);
    }

    /// <summary>The 409 for an update based on a version that is no longer current.</summary>
    public static ProblemHttpResult StaleVersion(long sent, long current) =>
        Conflict("version", new Message("record.stale", sent, current), new Dictionary<string, object?> { ["currentVersion"] = current });
}

/// <summary>
/// Collects field errors, so that a request is answered with all its problems at once. A reason is a <see cref="Message"/>
/// (a stable code rendered in the reader's language) or, where no code exists yet, a sentence in English.
/// </summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<Message>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    /// <summary>The errors so far, field by field, as messages.</summary>
    public IEnumerable<(string Field, IReadOnlyList<Message> Reasons)> Messages => errors.Select(e => (e.Key, (IReadOnlyList<Message>)e.Value));

    /// <summary>The errors so far, field by field, in the current UI language.</summary>
    public IEnumerable<(string Field, IReadOnlyList<string> Reasons)> Errors =>
        errors.Select(e => (e.Key, (IReadOnlyList<string>)[.. e.Value.Select(m => m.ToString())]));

    public void Add(string field, Message reason)
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
            Add(field, Message.Required);
        }
        else if (text.Length > maxLength)
        {
            Add(field, Message.TooLong(maxLength));
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
            Add(field, Message.TooLong(maxLength));
        }

        return text;
    }

    /// <summary>Parses a required enum given by its wire name.</summary>
    public TEnum Enum<TEnum>(string field, string? value)
        where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, Message.Required);
            return default;
        }

        if (!WireNames.TryParse<TEnum>(value, out var parsed))
        {
            Add(field, Message.NotOneOf(value, string.Join(", ", WireNames.All<TEnum>())));
        }

        return parsed;
    }

    /// <summary>
    /// The 400 naming every field: <c>errors</c> in the current UI language (the API's is the request's Accept-Language,
    /// English by default) and <c>messages</c>, the same reasons as codes and arguments.
    /// </summary>
    public ValidationProblem Result() =>
        TypedResults.ValidationProblem(
            errors.ToDictionary(e => e.Key, e => e.Value.Select(m => m.ToString()).ToArray(), StringComparer.Ordinal),
            detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
            title: "The request has invalid fields",
            extensions: new Dictionary<string, object?> { ["messages"] = errors.ToDictionary(e => e.Key, e => e.Value.Select(m => m.Wire()).ToArray(), StringComparer.Ordinal) });
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
            validation.Add("page", new Message("page-min"));
        }

        if (s is < 1 or > MaxPageSize)
        {
            validation.Add("pageSize", new Message("page-size", MaxPageSize));
        }

        return (Math.Max(p, 1), Math.Clamp(s, 1, MaxPageSize));
    }

    /// <summary>
    /// The order a list is asked for: one of <paramref name="sorts"/> (their first when none is named), or that first
    /// with the field message naming the allowed orders.
    /// </summary>
    public static string Sort(Validation validation, string? sort, IReadOnlyList<string> sorts)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(sorts);
        if (string.IsNullOrWhiteSpace(sort))
        {
            return sorts[0];
        }

        var s = sort.Trim();
        if (sorts.Contains(s, StringComparer.Ordinal))
        {
            return s;
        }

        validation.Add("sort", Message.NotOneOf(s.Length > 32 ? s[..32] + "…" : s, string.Join(", ", sorts)));
        return sorts[0];
    }

    /// <summary>The paging parameters of a list that has no other parameter to check: the refusal naming them, or null and the page and size.</summary>
    public static ValidationProblem? Invalid(int? page, int? pageSize, out int p, out int size)
    {
        var v = new Validation();
        (p, size) = Read(v, page, pageSize);
        return v.IsValid ? null : v.Result();
    }
}
