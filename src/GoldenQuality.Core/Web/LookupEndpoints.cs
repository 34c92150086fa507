using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Standards.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Web;

/// <summary>
/// <c>GET /api/lookup/{list}</c>: the look-up behind every code field of the forms, and the same for API clients. Names
/// come in the language of Accept-Language where the source has them (the forms send the interface's).
/// </summary>
internal static class LookupEndpoints
{
    /// <summary>Every list the look-up answers: the code lists, the registry's ports and the catalogue's lab parameters.</summary>
    public static readonly string[] Lists = [.. CodeLookup.Lists, "port", "lab-parameter"];

    public static IEndpointRouteBuilder MapLookups(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/lookup/{list}", Find).WithTags("Look-ups").WithName("LookUpCodes")
            .WithSummary("Codes found by code or by name: hs (HS 2022), tariff (China's 10-digit tariff: HS subheadings and the national codes known), country (ISO 3166-1, official Chinese names), currency (ISO 4217), unit (UN/ECE Rec 20), transport (Rec 19), port (UN/LOCODE ports of the registry), lab-parameter (the parameters the standards catalogue sets limits for on the product of hs=).")
            .RequireAuthorization(Policies.SignedIn);
        return app;
    }

    private static async Task<Results<Ok<LookupView>, ValidationProblem>> Find(
        string list, string? q, int? limit, string? hs, CodeLookup codes, OrganisationStructure organisation, IStandardsLimits limits, StandardsQueries standards,
        CancellationToken ct)
    {
        if (list is not ("port" or "lab-parameter"))
        {
            return (await codes.FindAsync(list, q, limit, Ui.Chinese, ct)).ToOkOrInvalid();
        }

        var v = new Validation();
        var query = v.Optional("q", q, CodeLookup.MaxQueryLength) ?? "";
        var max = limit ?? 10;
        if (max is < 1 or > CodeLookup.MaxLimit)
        {
            v.Add("limit", new Message("page-size", CodeLookup.MaxLimit));
        }

        var product = v.Optional("hs", hs, 13);
        if (list == "lab-parameter" && product is null)
        {
            v.Add("hs", Message.Required);
        }

        return !v.IsValid ? v.Result()
            : TypedResults.Ok(list == "port" ? await PortsAsync(organisation, query, max, ct) : await ParametersAsync(limits, standards, product!, query, max, ct));
    }

    private static async Task<LookupView> PortsAsync(OrganisationStructure organisation, string query, int max, CancellationToken ct)
    {
        var ports = (await organisation.ListPortsAsync(null, null, 1, Paging.MaxPageSize, ct)).Value!.Items;
        return CodeLookup.Answer("port", ports.Select(p => new LookupEntry(p.Locode, p.NameEn, p.NameZh, p.Kind)), query, max, Ui.Chinese,
            "UN/LOCODE ports on the registry (data/registry/ports.csv)");
    }

    /// <summary>The parameters the catalogue sets limits for on the product's category and the categories above it.</summary>
    private static async Task<LookupView> ParametersAsync(IStandardsLimits limits, StandardsQueries standards, string hs, string query, int max, CancellationToken ct)
    {
        var category = await limits.CategoryForHsAsync(hs, ct);
        var path = category is null ? [] : (await standards.CategoryAsync(category, ct)).Value?.Path ?? [];
        var parameters = category is null ? [] : await standards.ParametersOfAsync([category, .. path], ct);
        return CodeLookup.Answer("lab-parameter", parameters.Select(p => new LookupEntry(p.Code, p.NameEn, p.NameZh, p.Unit)), query, max, Ui.Chinese,
            category is null ? "the standards catalogue: no category lists this HS code" : $"the standards catalogue, category {category}");
    }
}
