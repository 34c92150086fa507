using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Accountability;

/// <summary>Information needs (<c>/api/accountability/needs</c>): requester files, provider comments, coordinator decides.</summary>
internal static class NeedEndpoints
{
    public static void AddNeeds(this IServiceCollection services)
    {
        services.AddScoped<NeedDesk>();
        services.AddScoped<INeedDesk>(sp => sp.GetRequiredService<NeedDesk>());
        services.AddScoped<FileNeed>();
        services.AddScoped<CommentNeed>();
        services.AddScoped<DecideNeed>();
        services.AddScoped<WithdrawNeed>();
        services.AddScoped<GetNeed>();
        services.AddScoped<ListNeeds>();
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, NeedMessageHandler>();
    }

    public static void MapNeeds(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accountability/needs").WithTags("Accountability: information needs");
        group.MapPost("", File).WithName("FileNeed").RequireAuthorization(Policies.Official)
            .WithSummary("Files an information need of the official's agency with a provider agency; sent to the provider's and the coordinating body's nodes.");
        group.MapGet("", List).WithName("ListNeeds").RequireAuthorization(Policies.Official)
            .WithSummary("The needs of the official's agency (as requester or provider), all for the coordinator and the leadership; state=filed|commented|approved|refused.");
        group.MapGet("/{number}", Get).WithName("GetNeed").RequireAuthorization(Policies.Official)
            .WithSummary("One need: its timeline, comments, decision, the agreement an approval produced and whether the directory in force has it.");
        group.MapPost("/{number}/comments", Comment).WithName("CommentNeed").RequireAuthorization(Policies.Official)
            .WithSummary("The provider agency's official comments on the version read (409 when stale).");
        group.MapPost("/{number}/withdrawal", Withdraw).WithName("WithdrawNeed").RequireAuthorization(Policies.Official)
            .WithSummary("An official of the requesting agency, on its node, withdraws the need before the decision ({version}; 409 when stale or decided).");
        group.MapPost("/{number}/decision", Decide).WithName("DecideNeed").RequireAuthorization(Policies.Coordinator)
            .WithSummary("The coordinator approves (the agreement: consumers, types, fields, validity, steps with ISO 8601 deadlines) or refuses with reasons.");
    }

    private static string Url(NeedView v) => "/api/accountability/needs/" + Uri.EscapeDataString(v.Need.Number);

    private static async Task<Results<Created<NeedView>, ValidationProblem, ProblemHttpResult>> File(HttpContext http, FileNeed handler, FileNeedRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(Url);

    private static async Task<Results<Ok<Paged<NeedSummary>>, ValidationProblem, ProblemHttpResult>> List(
        HttpContext http, ListNeeds handler, string? state, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), state, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<NeedView>, ValidationProblem, ProblemHttpResult>> Get(HttpContext http, GetNeed handler, string number, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, ct)).ToOk();

    private static async Task<Results<Ok<NeedView>, ValidationProblem, ProblemHttpResult>> Comment(
        HttpContext http, CommentNeed handler, string number, CommentNeedRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<NeedView>, ValidationProblem, ProblemHttpResult>> Withdraw(
        HttpContext http, WithdrawNeed handler, string number, WithdrawNeedRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();

    private static async Task<Results<Ok<NeedView>, ValidationProblem, ProblemHttpResult>> Decide(
        HttpContext http, DecideNeed handler, string number, DecideNeedRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), number, request, ct)).ToOk();
}
