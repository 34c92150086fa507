using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Declarations;

/// <summary>
/// The outcome of checking an import's LPCOs at their issuers: refusals (each <c>field: reason</c>, the declaration is
/// returned), or why an issuer did not answer (the declaration waits), or what each LPCO covers (it proceeds).
/// </summary>
internal sealed record LpcoCheckResult(IReadOnlyList<Message> Refusals, Message? Waiting, LpcoCover[] Covers, IReadOnlyList<LpcoRefusal>? Refused = null)
{
    public static readonly LpcoCheckResult None = new([], null, []);
}

/// <summary>An LPCO its issuer refused for the declaration's goods: its type, number, the issuer's node and the reasons.</summary>
internal sealed record LpcoRefusal(string Type, string Number, string IssuerNode, string Reasons);

/// <summary>
/// The LPCOs (licences, permits, certificates) an import needs and their check at the source: each quarantine permit
/// or waste import licence attached to an import is checked by a signed dataset query at the node that hosts its
/// issuing ministry (MOA, MEP), under the agreement that covers the dataset. The issuer's register is the truth; this
/// node keeps only what the answer said the LPCO covers, for the draw-down at release (<see cref="DrawDown"/>).
/// </summary>
internal sealed class LpcoChecks(IServiceScopeFactory scopes, ExchangeNode node, ExchangeSender sender, TimeProvider clock)
{
    /// <summary>The document type of the pre-shipment inspection certificate a waste raw material import needs.</summary>
    public const string PreShipmentCertificate = "pre-shipment-inspection-certificate";

    /// <summary>The LPCO kinds a goods line of an import needs, by HS code: animal and plant products (chapters 01-14, 16) and waste raw material (3915, 4707, 7204).</summary>
    public static IEnumerable<LpcoKind> KindsFor(string hs)
    {
        if (hs.Length >= 2 && int.TryParse(hs.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var chapter) && chapter is <= 14 or 16)
        {
            yield return LpcoKind.QuarantinePermit;
        }

        if (IsWaste(hs))
        {
            yield return LpcoKind.WasteImportLicence;
        }
    }

    public static bool IsWaste(string hs) =>
        hs.StartsWith("4707", StringComparison.Ordinal) || hs.StartsWith("7204", StringComparison.Ordinal) || hs.StartsWith("3915", StringComparison.Ordinal);

    /// <summary>True when the document type names an LPCO kind a ministry issues (<c>quarantine-permit</c>, <c>waste-import-licence</c>).</summary>
    public static bool IsLpco(string type, out LpcoKind kind)
    {
        foreach (var k in Enum.GetValues<LpcoKind>())
        {
            if (string.Equals(MinistriesWire.DocumentTypeOf(k), type, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>
    /// Whether the issuer named for a foreign SPS certificate is the exporting country: its ISO 3166-1 code, or the code
    /// of its SPS authority as the registry names foreign authorities (<c>NPPO-{country}</c> or <c>NPPO-{country}-…</c>).
    /// </summary>
    public static bool IsExportingAuthority(string issuer, string country) =>
        string.Equals(issuer, country, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(issuer, "NPPO-" + country, StringComparison.OrdinalIgnoreCase) ||
        issuer.StartsWith("NPPO-" + country + "-", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The formal check of an import's documents: the LPCOs its goods need are attached (quarantine permit, waste import
    /// licence and, for waste, the pre-shipment inspection certificate), and each attached LPCO names its issuing agency.
    /// </summary>
    public static List<Message> FormalCheck(DeclarationData data)
    {
        var missing = new List<Message>();
        if (data.Kind != DeclarationKind.Import)
        {
            return missing;
        }

        bool Has(string type) => data.Documents.Any(x => string.Equals(x.Type, type, StringComparison.OrdinalIgnoreCase));
        foreach (var line in data.Lines)
        {
            var chapter = int.Parse(line.HsCode[..2], CultureInfo.InvariantCulture);
            var kinds = KindsFor(line.HsCode).ToArray();
            if (kinds.Contains(LpcoKind.QuarantinePermit) && !Has("quarantine-permit"))
            {
                missing.Add(new Message("lpco.needs-quarantine-permit", line.Sequence - 1, line.HsCode, chapter.ToString("00", CultureInfo.InvariantCulture)));
            }

            if (kinds.Contains(LpcoKind.WasteImportLicence) && !Has("waste-import-licence"))
            {
                missing.Add(new Message("lpco.needs-waste-licence", line.Sequence - 1, line.HsCode));
            }

            if (kinds.Contains(LpcoKind.WasteImportLicence) && !Has(PreShipmentCertificate))
            {
                missing.Add(new Message("lpco.needs-pre-shipment-certificate", line.Sequence - 1, line.HsCode, PreShipmentCertificate));
            }
        }

        foreach (var (document, i) in data.Documents.Select((x, i) => (x, i)))
        {
            if (IsLpco(document.Type, out var kind) && !string.Equals(document.Issuer, MinistriesWire.IssuerOf(kind), StringComparison.Ordinal))
            {
                missing.Add(new Message("lpco.wrong-issuer", i, MinistriesWire.DocumentTypeOf(kind), MinistriesWire.IssuerOf(kind), document.Issuer));
            }

            if (string.Equals(document.Type, International.Contracts.InternationalWire.CertificateDocumentType, StringComparison.OrdinalIgnoreCase) &&
                !IsExportingAuthority(document.Issuer, data.Country))
            {
                missing.Add(new Message("lpco.wrong-certificate-issuer", i, data.Country, document.Issuer));
            }
        }

        return missing;
    }

    /// <summary>
    /// Checks every LPCO attached to an import at its issuer, with the goods lines it must cover, the consignee, the port
    /// of entry, the country and today's date in China. Call after <see cref="FormalCheck"/> passed.
    /// </summary>
    public async Task<LpcoCheckResult> CheckAsync(DeclarationData data, string declarationNumber, CancellationToken ct)
    {
        if (data.Kind != DeclarationKind.Import)
        {
            return LpcoCheckResult.None;
        }

        var refusals = new List<Message>();
        var waiting = new List<Message>();
        var covers = new List<LpcoCover>();
        var refused = new List<LpcoRefusal>();
        var today = DateOnly.FromDateTime(ChinaTime.Of(clock.GetUtcNow()).DateTime);
        foreach (var (document, i) in data.Documents.Select((x, i) => (x, i)))
        {
            if (!IsLpco(document.Type, out var kind))
            {
                continue;
            }

            var lines = data.Lines.Where(l => KindsFor(l.HsCode).Contains(kind)).ToArray();
            if (lines.Length == 0)
            {
                continue;
            }

            var issuer = MinistriesWire.IssuerOf(kind);
            var type = MinistriesWire.DocumentTypeOf(kind);
            var issuerNode = IssuerNode(issuer);
            if (issuerNode is null)
            {
                waiting.Add(new Message("lpco.no-issuer-node", i, issuer, type, document.Number));
                continue;
            }

            var request = new LpcoCheckRequest(type, document.Number, data.TraderUscc, data.PortOfEntry, data.Country, today,
                [.. lines.Select(l => new LpcoLine(l.Sequence, l.HsCode, l.Quantity, l.Unit, l.NetWeightKg))], declarationNumber);
            var outcome = await QueryAsync(issuerNode, MinistriesWire.DatasetOf(kind), request, ct);
            var answer = outcome.Answered ? Read(outcome.Answer) : null;
            if (answer is null)
            {
                // The exchange's reason is a code (unreachable, bad-signature…); its technical detail (an exception text) is not shown.
                var why = outcome.Answered ? new Message("lpco.answer-unreadable") : Message.Term("exchange.reason.", outcome.Reason ?? "unreachable");
                waiting.Add(new Message("lpco.issuer-not-answered", i, issuer, issuerNode, type, document.Number, why));
                continue;
            }

            if (answer.Covers)
            {
                var unit = answer.Unit is { Length: > 0 } u ? u : lines[0].Unit;
                covers.Add(new LpcoCover(i, type, document.Number, issuer, issuerNode, unit, [.. lines.Select(l => new LpcoCoverLine(l.Sequence, QuantityIn(l, unit)))],
                    answer.Remaining, outcome.ResponseId));
            }
            else
            {
                var reasons = Reasons(answer, i, type, issuer, data, lines).ToList();
                refusals.AddRange(reasons);
                refused.Add(new LpcoRefusal(type, document.Number, issuerNode, Message.List(reasons).Store(Accountability.Contracts.FeedbackLimits.Detail)));
            }
        }

        return new LpcoCheckResult(refusals, waiting.Count == 0 ? null : Message.List(waiting), [.. covers], refused);
    }

    /// <summary>Each reason of the issuer's refusal as <c>field: reason</c>, naming the declaration's field.</summary>
    internal static IEnumerable<Message> Reasons(LpcoCheckAnswer answer, int document, string type, string issuer, DeclarationData data, GoodsLine[] covered)
    {
        if (answer.Problems is not { Length: > 0 } problems)
        {
            yield return new Message(answer.Found ? "lpco.issuer-does-not-accept" : "lpco.issuer-has-none", document, issuer, type, answer.Number);
            yield break;
        }

        foreach (var p in problems)
        {
            yield return new Message("lpco.issuer-problem", FieldOf(p, document, data, covered), Message.FromStored(p.Reason), issuer, type, answer.Number);
        }
    }

    /// <summary>The declaration field an issuer's problem is about (<see cref="LpcoProblem.Field"/> names the check request's field).</summary>
    internal static string FieldOf(LpcoProblem problem, int document, DeclarationData data, GoodsLine[] covered)
    {
        var doc = string.Create(CultureInfo.InvariantCulture, $"documents[{document}]");
        switch (problem.Field)
        {
            case "holderUscc":
                return "consigneeUscc";
            case "portOfEntry":
                return "portOfEntry";
            case "originCountry":
                return "country";
            case "hsCode" or "quantity" or "unit":
                var lines = problem.Sequence is { } s ? data.Lines.Where(l => l.Sequence == s).ToArray() : covered;
                var names = lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"lines[{Array.IndexOf(data.Lines, l)}].{problem.Field}")).ToArray();
                return names.Length == 0 ? "lines" : string.Join(", ", names);
            default:
                // number, kind, status, on (not valid on the date): the document itself does not cover the goods.
                return doc + ".number";
        }
    }

    /// <summary>
    /// A goods line's quantity in an LPCO's unit, as the issuer's check counts it: a mass from the line's net weight in kg
    /// (or its quantity in KGM or TNE), a count in the same unit only (otherwise the issuer refused the line's unit).
    /// </summary>
    internal static decimal QuantityIn(GoodsLine line, string unit)
    {
        if (unit is not ("KGM" or "TNE"))
        {
            return line.Quantity;
        }

        decimal? kg = line.NetWeightKg ?? line.Unit switch
        {
            "KGM" => line.Quantity,
            "TNE" => line.Quantity * 1000m,
            _ => null,
        };
        return kg is not { } k ? line.Quantity : unit == "KGM" ? k : k / 1000m;
    }

    /// <summary>
    /// At release: sends the quantity each LPCO covers to its issuer (<see cref="MinistriesWire.LpcoDrawnType"/>) in the
    /// caller's save, once per declaration; the issuer draws once per (LPCO, declaration) however often it arrives.
    /// </summary>
    public void DrawDown(GqDbContext db, Declaration d, string actor, DateTimeOffset now)
    {
        var covers = d.Lpcos;
        if (covers.Length == 0 || d.LpcoDrawnAt is not null || !node.Enabled)
        {
            return;
        }

        foreach (var cover in covers)
        {
            var drawn = new LpcoDrawn(cover.Kind, cover.Number, d.Number, d.TraderUscc, [.. cover.Lines.Select(l => new LpcoDraw(l.Sequence, l.Quantity, cover.Unit))], now);
            var sent = sender.As(SendingModule.Declarations).Send(db, MinistriesWire.LpcoDrawnType, drawn, [cover.IssuerNode], d.Office, d.Id);
            var total = cover.Lines.Sum(l => l.Quantity);
            var detail = new Message(sent.Denied.Count == 0 ? "decl.event.lpco-drawn" : "decl.event.lpco-drawn-not-sent", cover.Kind, cover.Number, total, cover.Unit,
                string.Join(", ", cover.Lines.Select(l => l.Sequence)),
                sent.Denied.Count == 0 ? cover.IssuerNode : string.Join("; ", sent.Denied.Select(x => $"{x.Party} {x.Reason}")));
            db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "lpco-drawn", actor, detail));
        }

        d.LpcosDrawn(now);
    }

    /// <summary>The node the directory lists as hosting the issuing office.</summary>
    private string? IssuerNode(string issuer) =>
        node.Enabled ? node.Directory.Current?.HostOf(issuer)?.Id : null;

    /// <summary>The query runs in its own scope: its bookkeeping (the request and its signed response) is saved there, not with the declaration.</summary>
    private async Task<QueryOutcome> QueryAsync(string provider, string dataset, LpcoCheckRequest request, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var queries = scope.ServiceProvider.GetRequiredService<ExchangeQueries>();
            return await queries.QueryAsync(provider, dataset, request, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Refused connections, an open circuit to the peer, time-outs, unreadable replies: the issuer has not answered.
            return new QueryOutcome(false, null, "unreachable", e.Message, Guid.Empty, null);
        }
    }

    private static LpcoCheckAnswer? Read(JsonElement? answer)
    {
        try
        {
            return answer?.Deserialize<LpcoCheckAnswer>(Envelopes.Json) is { Number: not null, Problems: not null } a ? a : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
