using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoldenQuality.Common;

/// <summary>
/// What a use-case handler returns: its value, or the problem to answer with — invalid fields (400, every field at
/// once) or another problem (403, 404, 409, 413, …). Endpoints map it to their typed results; Razor pages read
/// <see cref="Succeeded"/>, <see cref="Value"/> and <see cref="StatusCode"/>, never an <c>IResult</c>.
/// </summary>
public sealed class HandlerResult<T>
{
    private HandlerResult(T? value, ValidationProblem? invalid, ProblemHttpResult? problem)
    {
        Value = value;
        Invalid = invalid;
        Problem = problem;
    }

    /// <summary>The value; set only when the use case succeeded.</summary>
    public T? Value { get; }

    /// <summary>The fields that were invalid (a 400 validation problem), if any.</summary>
    public ValidationProblem? Invalid { get; }

    /// <summary>Any other problem (403, 404, 409, …), if any.</summary>
    public ProblemHttpResult? Problem { get; }

    public bool Succeeded => Invalid is null && Problem is null;

    /// <summary>The status code the outcome answers with (200 on success).</summary>
    public int StatusCode => Invalid?.StatusCode ?? Problem?.StatusCode ?? StatusCodes.Status200OK;

    public static HandlerResult<T> Success(T value) => new(value, null, null);

    public static HandlerResult<T> Failure(ValidationProblem invalid) => new(default, invalid, null);

    public static HandlerResult<T> Failure(ProblemHttpResult problem) => new(default, null, problem);

#pragma warning disable CA2225 // The named alternatives are Success and Failure.
    public static implicit operator HandlerResult<T>(T value) => Success(value);

    public static implicit operator HandlerResult<T>(ValidationProblem invalid) => Failure(invalid);

    public static implicit operator HandlerResult<T>(ProblemHttpResult problem) => Failure(problem);
#pragma warning restore CA2225
}

/// <summary>Maps a handler's outcome to an endpoint's typed results (the same status codes and problem details the handler chose).</summary>
public static class HandlerResults
{
    public static Results<Ok<T>, ValidationProblem, ProblemHttpResult> ToOk<T>(this HandlerResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Invalid is { } invalid ? invalid : result.Problem is { } problem ? problem : TypedResults.Ok(result.Value);
    }

    /// <summary>For a use case that has no invalid fields to report.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOkOrProblem<T>(this HandlerResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Problem is { } problem ? problem
            : result.Invalid is null ? TypedResults.Ok(result.Value) : throw new InvalidOperationException("This use case reports no invalid fields.");
    }

    /// <summary>For a query whose only failure is invalid fields.</summary>
    public static Results<Ok<T>, ValidationProblem> ToOkOrInvalid<T>(this HandlerResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Invalid is { } invalid ? invalid
            : result.Problem is null ? TypedResults.Ok(result.Value) : throw new InvalidOperationException("This query reports only invalid fields.");
    }

    /// <summary>201 with the location of the created resource, or the problem.</summary>
    public static Results<Created<T>, ValidationProblem, ProblemHttpResult> ToCreated<T>(this HandlerResult<T> result, Func<T, string> location)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(location);
        return result.Invalid is { } invalid ? invalid : result.Problem is { } problem ? problem : TypedResults.Created(location(result.Value!), result.Value);
    }

    /// <summary>201 with the location of the created resource, or a problem (a use case with no invalid fields to report).</summary>
    public static Results<Created<T>, ProblemHttpResult> ToCreatedOrProblem<T>(this HandlerResult<T> result, Func<T, string> location)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(location);
        return result.Problem is { } problem ? problem
            : result.Invalid is null ? TypedResults.Created(location(result.Value!), result.Value) : throw new InvalidOperationException("This use case reports no invalid fields.");
    }
}
