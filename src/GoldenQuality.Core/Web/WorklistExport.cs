using System.Globalization;
using System.Text;
using GoldenQuality.Common;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.International.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Quality.Contracts;
using GoldenQuality.Registry.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using nietras.SeparatedValues;

namespace GoldenQuality.Web;

/// <summary>
/// <c>GET /declarations/export.csv</c>, <c>/holds/export.csv</c>, <c>/licences/export.csv</c>,
/// <c>/foreign-certificates/export.csv</c>, <c>/alerts/export.csv</c>, <c>/lpcos/export.csv</c>, <c>/enterprises/export.csv</c>
/// and <c>/ministries/credit/export.csv</c>: a list with the filters and order of its page, every match (not only one page), as
/// UTF-8 CSV with a byte-order mark (so that spreadsheet programs read the Chinese names), its column names and coded
/// values in the interface language. Each list's own handler decides who may read what, as for the page.
/// </summary>
internal static class WorklistExport
{
    /// <summary>More matches than this are refused: the filter should be narrowed.</summary>
    public const int MaxRows = 50_000;

    public static IEndpointRouteBuilder MapWorklistExports(this IEndpointRouteBuilder app)
    {
        // Named (ExportX), so that the access table walks them with the API's operations.
        app.MapGet("/declarations/export.csv", DeclarationsAsync).Download("ExportDeclarations");
        app.MapGet("/holds/export.csv", HoldsAsync).Download("ExportHolds");
        app.MapGet("/licences/export.csv", LicencesAsync).Download("ExportProductionLicences");
        app.MapGet("/foreign-certificates/export.csv", ForeignCertificatesAsync).Download("ExportForeignCertificates");
        app.MapGet("/alerts/export.csv", AlertsAsync).Download("ExportAlerts");
        app.MapGet("/lpcos/export.csv", LpcosAsync).Download("ExportLpcos");
        app.MapGet("/enterprises/export.csv", EnterprisesAsync).Download("ExportEnterprises");
        app.MapGet("/ministries/credit/export.csv", CreditRecordsAsync).Download("ExportCreditRecords");
        return app;
    }

    private static void Download(this RouteHandlerBuilder endpoint, string name) =>
        endpoint.WithName(name).RequireAuthorization(Policies.SignedIn).ExcludeFromDescription();

    private static async Task<IResult> DeclarationsAsync(
        HttpContext http, ListDeclarations list, IRegistryDirectory directory, IStringLocalizer<Text> text, TimeProvider clock,
        string? q, string? kind, string? status, string? risk, string? sort, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var filter = new DeclarationQuery(status, risk, kind, q, sort, 1, Paging.MaxPageSize);
        var (rows, refusal) = await AllAsync(page => list.HandleAsync(actor, filter with { Page = page }, ct), text);
        if (refusal is not null)
        {
            return refusal;
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var uscc in rows!.Select(r => r.TraderUscc).Distinct(StringComparer.Ordinal))
        {
            if (await directory.FindEnterpriseAsync(uscc, ct) is { } e)
            {
                names[uscc] = Ui.Chinese || e.NameEn is null ? e.NameZh : e.NameEn;
            }
        }

        string[] columns = ["Number", "Kind", "DeclTraderUscc", "DeclTrader", "DeclDeclarantUscc", "Field-hsCode", "Field-description", "DeclLineCount",
            "Status", "Office", "DeclPort", "Risk", "DeclRiskScore", "Permit", "UpdatedAt"];
        return File("declarations", clock, text, columns, rows!.Select(d => new[]
        {
            d.Number, text["DeclKind-" + d.Kind].Value, d.TraderUscc, names.GetValueOrDefault(d.TraderUscc), d.DeclarantUscc, d.FirstLine?.HsCode,
            d.FirstLine?.Description, d.Lines.ToString(CultureInfo.InvariantCulture), text["DeclStatus-" + d.Status].Value, d.Office, d.Port,
            d.Risk is null ? null : text["RiskOutcome-" + d.Risk].Value, d.RiskScore?.ToString(CultureInfo.InvariantCulture), d.PermitNumber, Ui.Time(d.UpdatedAt),
        }));
    }

    private static async Task<IResult> HoldsAsync(
        HttpContext http, ListHolds list, IStringLocalizer<Text> text, TimeProvider clock, string? status, string? kind, string? alert, string? sort, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var (rows, refusal) = await AllAsync(page => list.HandleAsync(actor, status, kind, alert, sort, page, Paging.MaxPageSize, ct), text);
        return refusal ?? File("holds", clock, text, ["HoldSubjectKind", "HoldSubject", "Office", "HoldOrigin", "HoldReason", "HoldAlert", "HoldPlacedAt", "Status", "HoldDecidedAt"],
            rows!.Select(h => new[]
            {
                Ui.Name(text, "HoldKind-", h.Kind), h.Key, h.Office, Ui.Name(text, "HoldOrigin-", h.Origin), h.Reason, h.AlertNumber, Ui.Time(h.PlacedAt),
                Ui.Name(text, "HoldStatus-", h.Status), h.DecidedAt is { } decided ? Ui.Time(decided) : null,
            }));
    }

    private static async Task<IResult> LicencesAsync(
        HttpContext http, ListProductionLicences list, IStringLocalizer<Text> text, TimeProvider clock, string? status, string? holder, string? q, string? sort, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var (rows, refusal) = await AllAsync(page => list.HandleAsync(actor, actor.IsOfficial ? holder : null, status, q, sort, page, Paging.MaxPageSize, ct), text);
        return refusal ?? File("licences", clock, text, ["Number", "LicenceApplication", "LicenceKind", "LicenceHolderUscc", "LicenceHolder", "LicenceCategories", "LicenceValidFrom", "LicenceValidTo", "Status", "Office", "UpdatedAt"],
            rows!.Select(l => new[]
            {
                l.Number, l.ApplicationNumber, Ui.Name(text, "LicenceKind-", l.Kind), l.HolderUscc, l.HolderName, string.Join(", ", l.Categories), Day(l.ValidFrom), Day(l.ValidTo),
                Ui.Name(text, "LicenceStatus-", l.Status), l.Office, Ui.Time(l.UpdatedAt),
            }));
    }

    private static async Task<IResult> ForeignCertificatesAsync(
        HttpContext http, ListForeignCertificates list, IStringLocalizer<Text> text, TimeProvider clock, string? state, string? country, string? number, string? sort, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        if (!Pages.ForeignCertificates.MaySee(actor))
        {
            return Problems.Forbidden(new Message("foreign.list.forbidden"));
        }

        var (rows, refusal) = await AllAsync(page => list.HandleAsync(actor, state, country, number, sort, page, Paging.MaxPageSize, ct), text);
        return refusal ?? File("foreign-certificates", clock, text, ["ForeignNumber", "ForeignFrom", "ForeignType", "ForeignState", "ForeignIssuer", "ForeignConsignor", "ForeignIssuedAt", "ForeignReceivedAt", "ForeignHubNumber", "ForeignAcknowledged"],
            rows!.Select(c => new[]
            {
                c.Number, c.FromCountry, Ui.Name(text, "ForeignType-", c.CertificateType), Ui.Name(text, "ForeignState-", c.State), c.Issuer, c.ConsignorName,
                c.IssuedAt is { } issued ? Ui.Time(issued) : null, Ui.Time(c.ReceivedAt), c.HubDeliveryNumber, Ui.Name(text, "ForeignAck-", c.Acknowledged),
            }));
    }

    private static async Task<IResult> AlertsAsync(
        HttpContext http, ListAlerts list, IStringLocalizer<Text> text, TimeProvider clock, string? status, string? type, string? q, string? sort, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var (rows, refusal) = await AllAsync(page => list.HandleAsync(actor, status, type, q, sort, page, Paging.MaxPageSize, ct), text);
        return refusal ?? File("alerts", clock, text, ["Number", "AlertField-type", "AlertField-risk", "AlertField-title", "Field-hsCode", "Status", "AlertRaisedByOffice", "AlertRaisedAt", "AlertDeadline", "AlertRecipientCount", "AlertAnswered"],
            rows!.Select(a => new[]
            {
                a.Number, Ui.Name(text, "AlertType-", a.Type), Ui.Name(text, "AlertRisk-", a.Risk), a.Title, a.HsCode, Ui.Name(text, "AlertStatus-", a.Status), a.RaisedByOffice,
                Ui.Time(a.RaisedAt), Ui.Name(text, "AlertDeadline-", a.Deadline), Count(a.Recipients), Count(a.Answered),
            }));
    }

    private static async Task<IResult> LpcosAsync(
        HttpContext http, ListLpcos list, IStringLocalizer<Text> text, TimeProvider clock, string? kind, string? status, string? holder, string? q, string? sort, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var (rows, refusal) = await AllAsync(page => list.HandleAsync(actor, kind, status, actor.IsOfficial ? holder : null, q, sort, page, Paging.MaxPageSize, ct), text);
        return refusal ?? File("lpcos", clock, text, ["Number", "LpcoField-kind", "Status", "LpcoHolder", "Field-hsCode", "LpcoField-productDescription", "LpcoQuantityIssued", "LpcoQuantityRemaining", "LpcoField-unit", "LpcoField-validFrom", "LpcoField-validTo", "UpdatedAt"],
            rows!.Select(l => new[]
            {
                l.Number ?? text["LpcoApplication"].Value, Ui.Name(text, "LpcoKind-", l.Kind), Ui.Name(text, "LpcoStatus-", l.Status), l.HolderUscc, l.HsCode, l.ProductDescription,
                Quantity(l.QuantityIssued), Quantity(l.Remaining), l.Unit, Day(l.ValidFrom), Day(l.ValidTo), Ui.Time(l.UpdatedAt),
            }));
    }

    private static async Task<IResult> EnterprisesAsync(
        HttpContext http, ListEnterprises list, IStringLocalizer<Text> text, TimeProvider clock, string? q, string? area, string? role, string? sort, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var (rows, refusal) = await AllAsync(page => list.HandleAsync(actor, q, area, role, sort, page, Paging.MaxPageSize, ct), text);
        var separator = Ui.Chinese ? "、" : ", ";
        return refusal ?? File("enterprises", clock, text, ["Uscc", "Field-nameZh", "Field-nameEn", "Field-areaCode", "Field-roles"],
            rows!.Select(e => new[] { e.Uscc, e.NameZh, e.NameEn, e.AreaCode, string.Join(separator, e.Roles.Select(r => Ui.Name(text, "EnterpriseRole-", r))) }));
    }

    private static async Task<IResult> CreditRecordsAsync(
        HttpContext http, ListCreditRecords list, IStringLocalizer<Text> text, TimeProvider clock, string? creditClass, string? q, string? sort, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var (rows, refusal) = await AllAsync(page => list.HandleAsync(actor, creditClass, q, sort, page, Paging.MaxPageSize, ct), text);
        return refusal ?? File("credit-register", clock, text, ["Uscc", "CreditClass", "CreditRatedOn", "CreditNote", "UpdatedAt"],
            rows!.Select(r => new[] { r.Uscc, r.CreditClass, Day(r.RatedOn), r.Note, Ui.Time(r.UpdatedAt) }));
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A quantity without the trailing zeros of the scale a database keeps it at (PostgreSQL: 1000.000, SQLite: 1000.0).</summary>
    private static string Quantity(decimal q) => q.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Every row matching the filter, page by page; or the refusal of a bad filter, of a reader who may not see the list, or of too many matches.</summary>
    private static async Task<(List<T>? Rows, IResult? Refusal)> AllAsync<T>(Func<int, Task<HandlerResult<Paged<T>>>> list, IStringLocalizer<Text> text)
    {
        var first = await list(1);
        if (!first.Succeeded)
        {
            return (null, (IResult?)first.Invalid ?? first.Problem);
        }

        if (first.Value!.Total > MaxRows)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: text["ExportTooMany", first.Value.Total, MaxRows]));
        }

        var rows = new List<T>(first.Value.Items);
        for (var page = 2; rows.Count < first.Value.Total; page++)
        {
            var next = (await list(page)).Value!;
            if (next.Items.Count == 0)
            {
                break;
            }

            rows.AddRange(next.Items);
        }

        return (rows, null);
    }

    /// <summary>The CSV file named <paramref name="name"/> and the time in China, with the columns' names (resource keys) in the interface language.</summary>
    private static FileContentHttpResult File(string name, TimeProvider clock, IStringLocalizer<Text> text, string[] columns, IEnumerable<string?[]> rows)
    {
        var headers = columns.Select(c => text[c].Value).ToArray();
        var builder = new StringBuilder();
        var any = false;
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(new StringWriter(builder, CultureInfo.InvariantCulture)))
        {
            foreach (var values in rows)
            {
                any = true;
                using var row = writer.NewRow();
                for (var i = 0; i < headers.Length; i++)
                {
                    row[headers[i]].Set(values[i] ?? "");
                }
            }
        }

        // With no row, Sep writes no header either: the file still names its columns.
        var csv = any ? builder.ToString() : string.Join(',', headers) + "\n";
        var file = name + "-" + ChinaTime.Of(clock.GetUtcNow()).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture) + ".csv";
        return TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", file);
    }
}
