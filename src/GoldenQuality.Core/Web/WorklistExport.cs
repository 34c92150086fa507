using System.Globalization;
using System.Text;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using nietras.SeparatedValues;

namespace GoldenQuality.Web;

/// <summary>
/// <c>GET /declarations/export.csv</c>: the declaration worklist with the filters of the page, every match (not only
/// one page), as UTF-8 CSV with a byte-order mark (so that spreadsheet programs read the Chinese names), its column
/// names in the interface language.
/// </summary>
internal static class WorklistExport
{
    /// <summary>More matches than this are refused: the filter should be narrowed.</summary>
    public const int MaxRows = 50_000;

    public static IEndpointRouteBuilder MapWorklistExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/declarations/export.csv", ExportAsync).RequireAuthorization(Policies.SignedIn).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExportAsync(
        HttpContext http, ListDeclarations list, IRegistryDirectory directory, IStringLocalizer<Text> text, TimeProvider clock,
        string? q, string? kind, string? status, string? risk, string? sort, CancellationToken ct)
    {
        var filter = new DeclarationQuery(status, risk, kind, q, sort, 1, Paging.MaxPageSize);
        var (rows, refusal) = await AllAsync(list, Actor.From(http.User), filter, text, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var csv = await CsvAsync(rows!, directory, text, ct);
        var file = "declarations-" + ChinaTime.Of(clock.GetUtcNow()).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture) + ".csv";
        return TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", file);
    }

    /// <summary>Every declaration matching the filter, page by page; or the refusal of a bad filter or of too many matches.</summary>
    private static async Task<(List<DeclarationSummary>? Rows, IResult? Refusal)> AllAsync(
        ListDeclarations list, Actor actor, DeclarationQuery filter, IStringLocalizer<Text> text, CancellationToken ct)
    {
        var first = await list.HandleAsync(actor, filter, ct);
        if (first.Invalid is { } invalid)
        {
            return (null, invalid);
        }

        if (first.Value!.Total > MaxRows)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: text["ExportTooMany", first.Value.Total, MaxRows]));
        }

        var rows = new List<DeclarationSummary>(first.Value.Items);
        for (var page = 2; rows.Count < first.Value.Total; page++)
        {
            var next = (await list.HandleAsync(actor, filter with { Page = page }, ct)).Value!;
            if (next.Items.Count == 0)
            {
                break;
            }

            rows.AddRange(next.Items);
        }

        return (rows, null);
    }

    private static async Task<string> CsvAsync(List<DeclarationSummary> rows, IRegistryDirectory directory, IStringLocalizer<Text> text, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var uscc in rows.Select(r => r.TraderUscc).Distinct(StringComparer.Ordinal))
        {
            if (await directory.FindEnterpriseAsync(uscc, ct) is { } e)
            {
                names[uscc] = Ui.Chinese || e.NameEn is null ? e.NameZh : e.NameEn;
            }
        }

        string[] columns = ["Number", "Kind", "DeclTraderUscc", "DeclTrader", "DeclDeclarantUscc", "Field-hsCode", "Field-description", "DeclLineCount",
            "Status", "Office", "DeclPort", "Risk", "DeclRiskScore", "Permit", "UpdatedAt"];
        var headers = columns.Select(c => text[c].Value).ToArray();
        var builder = new StringBuilder();
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(new StringWriter(builder, CultureInfo.InvariantCulture)))
        {
            foreach (var d in rows)
            {
                using var row = writer.NewRow();
                string?[] values =
                [
                    d.Number, text["DeclKind-" + d.Kind].Value, d.TraderUscc, names.GetValueOrDefault(d.TraderUscc), d.DeclarantUscc, d.FirstLine?.HsCode,
                    d.FirstLine?.Description, d.Lines.ToString(CultureInfo.InvariantCulture), text["DeclStatus-" + d.Status].Value, d.Office, d.Port,
                    d.Risk is null ? null : text["RiskOutcome-" + d.Risk].Value, d.RiskScore?.ToString(CultureInfo.InvariantCulture), d.PermitNumber, Ui.Time(d.UpdatedAt),
                ];
                for (var i = 0; i < headers.Length; i++)
                {
                    row[headers[i]].Set(values[i] ?? "");
                }
            }
        }

        // With no row, Sep writes no header either: the file still names its columns.
        return rows.Count == 0 ? string.Join(',', headers) + "\n" : builder.ToString();
    }
}
