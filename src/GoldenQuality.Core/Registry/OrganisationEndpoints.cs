using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Registry;

/// <summary>The organisation structure over HTTP (offices, typed links, areas, ports and responsibility): each endpoint calls <see cref="OrganisationStructure"/> or a use case.</summary>
internal static class OrganisationEndpoints
{
    public static RouteGroupBuilder MapOrganisations(this RouteGroupBuilder group)
    {
        group.MapGet("/organisations", ListOrganisations).WithName("ListOrganisations")
            .WithSummary("Lists organisations, filtered by agency, kind or province.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/organisations/{code}", GetOrganisation).WithName("GetOrganisation").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/organisations/{code}/links", GetLinks).WithName("GetOrganisationLinks")
            .WithSummary("Typed links from and to an organisation: vertical, non-vertical, provincial administration.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/organisations/{code}/chain", GetChain).WithName("GetChainOfCommand")
            .WithSummary("The chain of command: the office, then whom it reports to, up to the State Council.").RequireAuthorization(Policies.SignedIn);
        group.MapPut("/organisations/{code}/names", Rename).WithName("RenameOrganisation")
            .WithSummary("Changes an organisation's names. Supervisors and administrators of its own administrative line only.").RequireAuthorization(Policies.Official);
        group.MapGet("/provinces/{code}/offices", OfficesInProvince).WithName("OfficesInProvince")
            .WithSummary("The offices located in a province, optionally of one agency.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/responsible-office", ResponsibleOffice).WithName("ResponsibleOffice")
            .WithSummary("The office of an agency (default CIQ) responsible for an administrative area: the most specific jurisdiction wins.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/areas", ListAreas).WithName("ListAreas").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/areas/{code}", GetArea).WithName("GetArea").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/ports", ListPorts).WithName("ListPorts").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/ports/{locode}", GetPort).WithName("GetPort")
            .WithSummary("A port by UN/LOCODE with the CIQ port office responsible for it.").RequireAuthorization(Policies.SignedIn);
        return group;
    }

    private static async Task<Results<Ok<Paged<OrganisationView>>, ValidationProblem>> ListOrganisations(
        ListOrganisations handler, string? agency, string? kind, string? province, int? page, int? pageSize, CancellationToken ct) =>
        (await handler.HandleAsync(agency, kind, province, page, pageSize, ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<OrganisationView>, ProblemHttpResult>> GetOrganisation(OrganisationStructure structure, string code, CancellationToken ct) =>
        (await structure.GetOrganisationAsync(code, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<LinkView[]>, ProblemHttpResult>> GetLinks(OrganisationStructure structure, string code, CancellationToken ct) =>
        (await structure.GetLinksAsync(code, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<OrganisationView[]>, ProblemHttpResult>> GetChain(OrganisationStructure structure, string code, CancellationToken ct) =>
        (await structure.GetChainAsync(code, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<OrganisationView>, ValidationProblem, ProblemHttpResult>> Rename(
        HttpContext http, RenameOrganisation handler, string code, RenameOrganisationRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), code, request, ct)).ToOk();

    private static async Task<Results<Ok<OrganisationView[]>, ProblemHttpResult>> OfficesInProvince(
        OrganisationStructure structure, string code, string? agency, CancellationToken ct) =>
        (await structure.OfficesInProvinceAsync(code, agency, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<ResponsibleOfficeView>, ValidationProblem, ProblemHttpResult>> ResponsibleOffice(
        OrganisationStructure structure, string? area, string? agency, CancellationToken ct) =>
        (await structure.ResponsibleOfficeAsync(area, agency, ct)).ToOk();

    private static async Task<Results<Ok<Paged<AreaView>>, ValidationProblem>> ListAreas(
        OrganisationStructure structure, string? parent, string? level, int? page, int? pageSize, CancellationToken ct) =>
        (await structure.ListAreasAsync(parent, level, page, pageSize, ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<AreaView>, ProblemHttpResult>> GetArea(OrganisationStructure structure, string code, CancellationToken ct) =>
        (await structure.GetAreaAsync(code, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<Paged<PortView>>, ValidationProblem>> ListPorts(
        OrganisationStructure structure, string? kind, string? province, int? page, int? pageSize, CancellationToken ct) =>
        (await structure.ListPortsAsync(kind, province, page, pageSize, ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<PortView>, ProblemHttpResult>> GetPort(OrganisationStructure structure, string locode, CancellationToken ct) =>
        (await structure.GetPortAsync(locode, ct)).ToOkOrProblem();
}
