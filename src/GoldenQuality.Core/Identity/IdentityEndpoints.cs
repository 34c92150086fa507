using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Identity;

/// <summary>Sign-in for people (cookie) and administration of users and API keys: each endpoint calls its use case in <c>Identity.Contracts</c>.</summary>
internal static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Identity");
        auth.MapPost("/sign-in", SignIn).AllowAnonymous().WithName("SignIn").WithMetadata(SignInLimited.Instance)
            .WithSummary("Signs a person in with user name and password and sets the session cookie.");
        auth.MapPost("/sign-out", (Delegate)SignOut).WithName("SignOut").RequireAuthorization(Policies.SignedIn);
        auth.MapGet("/me", Me).WithName("Me").RequireAuthorization(Policies.SignedIn).WithSummary("The signed-in user, office or enterprise, and roles.");

        var admin = app.MapGroup("/api/identity").WithTags("Identity").RequireAuthorization(Policies.Administrator);
        admin.MapGet("/users", ListUsers).WithName("ListUsers");
        admin.MapPost("/users", CreateUser).WithName("CreateUser").WithSummary("Creates a user. Administrators only.");
        admin.MapPatch("/users/{userName}", UpdateUser).WithName("UpdateUser")
            .WithSummary("Changes a user's roles or active flag; their sessions and API keys follow at the next request. Administrators only.");
        admin.MapPost("/users/{userName}/api-keys", IssueKey).WithName("IssueApiKey")
            .WithSummary("Issues an API key for a user; the key is shown once and stored only as a hash. Administrators only.");
        admin.MapGet("/users/{userName}/api-keys", ListKeys).WithName("ListApiKeys");
        admin.MapDelete("/api-keys/{id:guid}", RevokeKey).WithName("RevokeApiKey");
        return app;
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult, EmptyHttpResult>> SignIn(
        HttpContext http, SignInUser handler, SignInRequest request, CancellationToken ct)
    {
        var result = await handler.HandleAsync(http, request, ct);
        if (result.Invalid is { } invalid)
        {
            return invalid;
        }

        switch (result.Value!.Outcome)
        {
            case SignInOutcome.SignedIn:
                return TypedResults.NoContent();
            case SignInOutcome.Locked:
                await NodeSecurity.TooManyAsync(http, result.Value.RetryAfter, new Message("identity.sign-in.locked"));
                return TypedResults.Empty;
            case SignInOutcome.Throttled:
                await NodeSecurity.TooManyAsync(http, result.Value.RetryAfter, new Message("identity.sign-in.throttled"));
                return TypedResults.Empty;
            default:
                return Problems.Coded(StatusCodes.Status401Unauthorized, "Sign-in failed", new Message("identity.sign-in.wrong"));
        }
    }

    private static async Task<NoContent> SignOut(HttpContext http, SignOutUser handler, CancellationToken ct)
    {
        await handler.HandleAsync(http, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> UpdateUser(
        HttpContext http, UpdateUser handler, string userName, UserChange request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), userName, request, ct)).ToOk();

    private static async Task<Results<Ok<MeView>, ProblemHttpResult>> Me(HttpContext http, ReadMe handler, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), ct)).ToOkOrProblem();

    private static async Task<Results<Ok<UserView[]>, ProblemHttpResult>> ListUsers(HttpContext http, ListUsers handler, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), ct)).ToOkOrProblem();

    private static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> CreateUser(
        HttpContext http, CreateUser handler, NewUser request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(u => $"/api/identity/users/{u.UserName}");

    private static async Task<Results<Created<ApiKeyIssued>, ValidationProblem, ProblemHttpResult>> IssueKey(
        HttpContext http, IssueApiKey handler, string userName, ApiKeyRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), userName, request, ct)).ToCreated(_ => $"/api/identity/users/{userName}/api-keys");

    private static async Task<Results<Ok<ApiKeyView[]>, ProblemHttpResult>> ListKeys(HttpContext http, ListApiKeys handler, string userName, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), userName, ct)).ToOkOrProblem();

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(HttpContext http, RevokeApiKey handler, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), id, ct)).Problem is { } problem ? problem : TypedResults.NoContent();
}
