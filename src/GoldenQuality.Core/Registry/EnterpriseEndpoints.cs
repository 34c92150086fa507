using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Registry;

/// <summary>
/// The enterprise master record over HTTP: one per USCC, every change kept with who, which agency, when, old and new.
/// Each endpoint binds the request, builds the <see cref="Actor"/> and calls the use case of <c>Registry.Contracts</c>.
/// </summary>
internal static class EnterpriseEndpoints
{
    public static RouteGroupBuilder MapEnterprises(this RouteGroupBuilder group)
    {
        group.MapGet("/enterprises", List).WithName("ListEnterprises")
            .WithSummary("Lists enterprises (an enterprise user sees only its own), by name, area or role, sorted (sort=uscc|name).").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/enterprises/{uscc}", Get).WithName("GetEnterprise")
            .Produces<EnterpriseView>(StatusCodes.Status200OK, "application/json")
            .WithSummary("The master record of an enterprise, by Unified Social Credit Code.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/enterprises", Create).WithName("CreateEnterprise")
            .WithSummary("Creates the master record. A second record with the same USCC is a conflict; a near-duplicate name in the same area is a warning.").RequireAuthorization(Policies.Official);
        group.MapPut("/enterprises/{uscc}", Update).WithName("UpdateEnterprise")
            .WithSummary("Replaces the editable fields. Send the version you read; a stale version is a 409.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/enterprises/{uscc}/publish", PublishRecord).WithName("PublishEnterprise").RequireAuthorization(Policies.Official)
            .WithSummary("Publishes the record again (registry.enterprise.published) to every agency an agreement covers. The line that owns the record.");
        group.MapGet("/enterprises/{uscc}/history", History).WithName("EnterpriseHistory").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/enterprises/{uscc}/registrations", AddRegistration).WithName("AddEnterpriseRegistration")
            .WithSummary("Records a registration the enterprise holds with an agency. Only that agency's administrative line may.").RequireAuthorization(Policies.Official);
        group.MapDelete("/enterprises/{uscc}/registrations/{id:guid}", RemoveRegistration).WithName("RemoveEnterpriseRegistration").RequireAuthorization(Policies.Official);
        group.MapGet("/uscc/{code}", CheckUscc).WithName("CheckUscc")
            .WithSummary("Checks a USCC: length, characters, check character, and the pilot-era allow-list.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/uscc-allow-list", ListAllowList).WithName("ListUsccAllowList").RequireAuthorization(Policies.Official);
        group.MapPost("/uscc-allow-list", AddToAllowList).WithName("AddToUsccAllowList")
            .WithSummary("Admits a legally valid pilot-era code whose check character does not match. Administrators only.").RequireAuthorization(Policies.Administrator);
        return group;
    }

    private static async Task<Results<Ok<Paged<EnterpriseSummary>>, ValidationProblem>> List(
        HttpContext http, ListEnterprises handler, string? q, string? area, string? role, string? sort, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), q, area, role, sort, page, pageSize, ct)).ToOkOrInvalid();

    /// <summary>The stored view as it is (one indexed read, no entity materialised: decision 0003).</summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Get(HttpContext http, GetEnterprise handler, string uscc, CancellationToken ct)
    {
        var result = await handler.HandleAsync(Actor.From(http.User), uscc, ct);
        return result.Problem is { } problem ? problem : TypedResults.Text(result.Value!.Json, "application/json", System.Text.Encoding.UTF8);
    }

    private static async Task<Results<Created<EnterpriseCreated>, ValidationProblem, ProblemHttpResult>> Create(
        HttpContext http, CreateEnterprise handler, EnterpriseRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToCreated(c => $"/api/registry/enterprises/{c.Enterprise.Uscc}");

    private static async Task<Results<Ok<EnterpriseView>, ValidationProblem, ProblemHttpResult>> Update(
        HttpContext http, UpdateEnterprise handler, string uscc, EnterpriseRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), uscc, request, ct)).ToOk();

    private static async Task<Results<Ok<PublishResponse>, ProblemHttpResult>> PublishRecord(HttpContext http, PublishEnterprise handler, string uscc, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), uscc, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<Paged<ChangeView>>, ValidationProblem, ProblemHttpResult>> History(
        HttpContext http, EnterpriseHistory handler, string uscc, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), uscc, page, pageSize, ct)).ToOk();

    private static async Task<Results<Created<EnterpriseView>, ValidationProblem, ProblemHttpResult>> AddRegistration(
        HttpContext http, AddEnterpriseRegistration handler, string uscc, RegistrationRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), uscc, request, ct)).ToCreated(e => $"/api/registry/enterprises/{e.Uscc}");

    private static async Task<Results<Ok<EnterpriseView>, ProblemHttpResult>> RemoveRegistration(
        HttpContext http, RemoveEnterpriseRegistration handler, string uscc, Guid id, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), uscc, id, ct)).ToOkOrProblem();

    private static async Task<Ok<UsccCheckView>> CheckUscc(UsccAllowList handler, string code, CancellationToken ct) =>
        TypedResults.Ok(await handler.CheckAsync(code, ct));

    private static async Task<Ok<AllowListView[]>> ListAllowList(UsccAllowList handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.ListAsync(ct));

    private static async Task<Results<Created<AllowListView>, ValidationProblem, ProblemHttpResult>> AddToAllowList(
        HttpContext http, UsccAllowList handler, AllowListRequest request, CancellationToken ct) =>
        (await handler.AddAsync(Actor.From(http.User), request, ct)).ToCreated(e => $"/api/registry/uscc/{e.Uscc}");
}
