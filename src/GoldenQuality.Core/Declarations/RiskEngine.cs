using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Quality.Contracts;
using GoldenQuality.Supervision.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Declarations;

/// <summary>The risk rules' weights and thresholds (<c>Declarations:Risk</c>); docs/clearance.md explains each.</summary>
public sealed class RiskOptions
{
    public const string Section = "Declarations:Risk";

    /// <summary>Share of lots that would be released on a document check but are inspected at random (ports check 1-3%).</summary>
    public double RandomSampleRate { get; set; } = 0.02;

    /// <summary>A score below this is released on a document check.</summary>
    public int DocumentCheckBelow { get; set; } = 25;

    /// <summary>A score below this (and not below <see cref="DocumentCheckBelow"/>) gets a physical inspection; above, sampling with a lab test.</summary>
    public int PhysicalInspectionBelow { get; set; } = 50;

    public Dictionary<string, int> CreditPoints { get; set; } = new(StringComparer.Ordinal) { ["A"] = 0, ["B"] = 10, ["C"] = 30, ["D"] = 60, ["unknown"] = 20 };

    public Dictionary<string, int> ProductPoints { get; set; } = new(StringComparer.Ordinal) { ["low"] = 0, ["medium"] = 15, ["high"] = 35, ["unlisted"] = 15 };

    /// <summary>Points per failed inspection of the trader or manufacturer in the look-back window, up to <see cref="MaxFailurePoints"/>.</summary>
    public int PointsPerFailure { get; set; } = 15;

    public int MaxFailurePoints { get; set; } = 45;

    public int FailureLookBackDays { get; set; } = 365;

    /// <summary>Nonconformities in E-Supervision within this many days count as active alerts.</summary>
    public int AlertLookBackDays { get; set; } = 90;

    /// <summary>Points when a production licence of the manufacturer or trader is suspended or revoked by the provincial BQS (the two units, decision 0015).</summary>
    public int SuspendedLicencePoints { get; set; } = 30;

    /// <summary>Points per BQS market spot check of the manufacturer or trader found nonconforming within <see cref="DomesticLookBackDays"/>.</summary>
    public int PointsPerSpotCheckFailure { get; set; } = 15;

    /// <summary>The most the <c>domestic-supervision</c> reason adds, however many licences and spot checks count.</summary>
    public int MaxDomesticSupervisionPoints { get; set; } = 30;

    /// <summary>How far back a BQS spot-check failure counts.</summary>
    public int DomesticLookBackDays { get; set; } = 365;

    /// <summary>How long a credit class from the central bank's node is reused.</summary>
    public TimeSpan CreditCacheFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Points (negative: a reduction) of an import whose cited foreign SPS certificate arrived through the hub, is in force
    /// and agrees with the declaration on every field, when the history is clean (no recent failure of the importer, no
    /// border rejection of the exporter): the fast track to a document check (docs/clearance.md).
    /// </summary>
    public int MatchedCertificatePoints { get; set; } = -50;

    /// <summary>Points per border rejection of the certificate's consignor (the exporter) in the International look-back, up to <see cref="MaxExporterRejectionPoints"/>.</summary>
    public int PointsPerExporterRejection { get; set; } = 15;

    public int MaxExporterRejectionPoints { get; set; } = 45;
}

/// <summary>The product risk classes by HS prefix (data/declarations/product-risk.csv); the longest prefix wins.</summary>
internal sealed class ProductRiskTable(IOptions<ReferenceDataOptions> node)
{
    private readonly Lazy<(string Prefix, string Class, Message Basis)[]> rows = new(() =>
        [.. CsvData.Read(Path.Combine(node.Value.ReferenceData, "declarations", "product-risk.csv"), "hs_prefix", "risk_class", "basis", "basis_zh")
            .Select(x => (x.Values["hs_prefix"], x.Values["risk_class"], Message.Bilingual(x.Values["basis"], x.Values["basis_zh"])))
            .OrderByDescending(x => x.Item1.Length)]);

    public (string Class, Message Basis, string? Prefix) Of(string hs)
    {
        foreach (var (prefix, cls, basis) in rows.Value)
        {
            if (hs.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (cls, basis, prefix);
            }
        }

        return ("unlisted", new Message("risk.product.unlisted"), null);
    }
}

/// <summary>
/// The credit class of an enterprise, asked of the central bank's node with a signed dataset query under the
/// agreement that covers <c>credit-record</c>, and reused for <see cref="RiskOptions.CreditCacheFor"/>. Runs in
/// its own scope, so the caller's unit of work is not saved by the query's own bookkeeping.
/// </summary>
internal sealed class CreditLookup(IServiceScopeFactory scopes, ExchangeNode node, IMemoryCache cache, IOptions<RiskOptions> options, TimeProvider clock)
{
    /// <summary>The question in flight per enterprise (its factory runs once, for the entry that stays in the map).</summary>
    private readonly ConcurrentDictionary<string, Lazy<Task<(string Class, Message Source, string? Provider)>>> asking = new(StringComparer.Ordinal);

    /// <summary>
    /// The class, its source, and the provider node that answered it (null when no provider's record decided the class).
    /// One question per enterprise is in flight at a time: decisions that need the same class meanwhile wait for its
    /// answer. Under load, each asking again would multiply the queries that slow the answer down.
    /// </summary>
    public async Task<(string Class, Message Source, string? Provider)> AnswerOfAsync(string uscc, CancellationToken ct)
    {
        if (cache.TryGetValue<(string, Message, string?)>("credit:" + uscc, out var hit))
        {
            return hit;
        }

        return await asking.GetOrAdd(uscc, u => new(() => AskOnceAsync(u))).Value.WaitAsync(ct);
    }

    /// <summary>Asks, keeps the answer, and leaves the map; not cancelled with one waiting decision, since others may wait too.</summary>
    private async Task<(string Class, Message Source, string? Provider)> AskOnceAsync(string uscc)
    {
        try
        {
            var result = await AskAsync(uscc, CancellationToken.None);
            cache.Set("credit:" + uscc, result, options.Value.CreditCacheFor);
            return result;
        }
        finally
        {
            asking.TryRemove(uscc, out _);
        }
    }

    /// <summary>Forgets the cached class of an enterprise (the central bank announced a change), so the next decision asks again.</summary>
    public void Forget(string uscc) => cache.Remove("credit:" + uscc);

    private async Task<(string, Message, string?)> AskAsync(string uscc, CancellationToken ct)
    {
        if (!node.Enabled || node.Directory.Current is not { } directory)
        {
            return ("unknown", new Message("risk.credit.no-exchange"), null);
        }

        var now = clock.GetUtcNow();
        // The central bank's own node (the one hosting office PBC) first, when an agreement lets this node ask it.
        var bank = node.PartyOf(ReportCreditEvent.CentralBankOffice) is { } party ? Parties.NodeOf(party) : null;
        var provider = directory.Document.Agreements
            .Where(a => a.IsValidAt(now) && a.Datasets.Contains(MinistriesWire.CreditRecordDataset, StringComparer.Ordinal) && a.Consumers.Any(c => Parties.Matches(c, node.Id)))
            .SelectMany(a => directory.Document.Nodes.Where(n => Parties.Matches(a.Provider, n.Id)))
            .Select(n => n.Id)
            .OrderBy(id => id == bank ? 0 : 1)
            .FirstOrDefault();
        if (provider is null)
        {
            return ("unknown", new Message("risk.credit.no-agreement"), null);
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var queries = scope.ServiceProvider.GetRequiredService<ExchangeQueries>();
            var outcome = await queries.QueryAsync(provider, MinistriesWire.CreditRecordDataset, new { uscc }, ct);
            if (!outcome.Answered || outcome.Answer is not { } answer)
            {
                return ("unknown", new Message("risk.credit.no-answer", provider, outcome.Reason ?? ""), null);
            }

            return answer.TryGetProperty("creditClass", out var c) && c.ValueKind == JsonValueKind.String
                ? (c.GetString()!, new Message("risk.credit.answered", provider, outcome.ResponseId), provider)
                : ("unknown", new Message("risk.credit.no-record", provider, uscc), null);
        }
        catch (HttpRequestException e)
        {
            return ("unknown", new Message("risk.credit.unreachable", provider, e.Message), null);
        }
    }
}

/// <summary>
/// The risk decision: deterministic for its inputs and its recorded seed, and explained reason by reason.
/// Holds and active alerts force sampling with a lab test; a declaration whose every lot has a conforming
/// supervision record needs a document check only; otherwise the points decide. Lots released on a document
/// check are still inspected at random at <see cref="RiskOptions.RandomSampleRate"/>.
/// </summary>
internal sealed class RiskEngine(GqDbContext db, CreditLookup credit, ProductRiskTable products, IDomesticSupervisionSignals domestic, IForeignCertificates foreign, Alerts.Contracts.IOpenAlerts openAlerts,
    IOptions<RiskOptions> options, TimeProvider clock)
{
    /// <summary>The provider node whose credit record decided the class in the last decision (null when none did): its use is reported back.</summary>
    public string? CreditProvider { get; private set; }

    /// <summary>The provincial BQS signals (suspended licences, spot-check failures) that raised the last decision's score: each use is reported back.</summary>
    public IReadOnlyList<(string DataKind, DomesticSignalView Signal)> DomesticSignalsUsed { get; private set; } = [];

    public async Task<RiskDecision> DecideAsync(DeclarationData data, CancellationToken ct, string? declarationNumber = null)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var reasons = new List<RiskReason>();
        var trader = data.TraderUscc;

        var (creditClass, creditSource, creditProvider) = await credit.AnswerOfAsync(trader, ct);
        CreditProvider = creditProvider;
        DomesticSignalsUsed = [];
        reasons.Add(new RiskReason("credit-class", creditClass, o.CreditPoints.GetValueOrDefault(creditClass, o.CreditPoints["unknown"]), Explain(new Message("risk.credit", trader, creditSource))));

        var worst = data.Lines
            .Select(l => (Line: l, Risk: products.Of(l.HsCode)))
            .MaxBy(x => o.ProductPoints.GetValueOrDefault(x.Risk.Class));
        reasons.Add(new RiskReason("product-risk", worst.Risk.Class, o.ProductPoints.GetValueOrDefault(worst.Risk.Class),
            Explain(worst.Risk.Prefix is { } p ? new Message("risk.product.listed", worst.Line.Sequence, worst.Line.HsCode, p, worst.Risk.Basis)
                : new Message("risk.product", worst.Line.Sequence, worst.Line.HsCode, worst.Risk.Basis))));

        var parties = new[] { trader, data.ManufacturerUscc }.OfType<string>().Distinct().ToArray();
        var since = now.AddDays(-o.FailureLookBackDays);

        // Two counts, each a range of one index ((trader or manufacturer, status, updated)), rather than one OR over
        // both: the OR made SQLite read every declaration of the trader, a cost that grew with the table.
        var recent = db.Set<Declaration>().AsNoTracking().Where(d => d.Status == DeclarationStatus.Failed && d.UpdatedAt >= since);
        var failures = await recent.CountAsync(d => parties.Contains(d.TraderUscc), ct) +
            await recent.CountAsync(d => d.ManufacturerUscc != null && parties.Contains(d.ManufacturerUscc) && !parties.Contains(d.TraderUscc), ct);
        reasons.Add(new RiskReason("recent-failures", failures.ToString(CultureInfo.InvariantCulture), Math.Min(o.MaxFailurePoints, failures * o.PointsPerFailure),
            Explain(new Message("risk.recent-failures", string.Join(", ", parties), o.FailureLookBackDays))));

        if (data.Kind == DeclarationKind.Export)
        {
            reasons.Add(await DomesticSupervisionAsync(o, parties, now, ct));
        }

        var inspect = new List<Message>();
        if (data.Kind == DeclarationKind.Import)
        {
            await ForeignCertificateAsync(o, data, declarationNumber ?? "", failures, reasons, inspect, ct);
        }

        var producer = data.ManufacturerUscc ?? trader;
        var lots = data.Lines.SelectMany(l => l.Lots).Distinct(StringComparer.Ordinal).ToArray();
        var statuses = await SupervisionStatus.LotsAsync(db, producer, lots, ct);
        var alerts = await SupervisionStatus.NonconformitiesSinceAsync(db, producer, now.AddDays(-o.AlertLookBackDays), ct);
        var seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;
        return RiskScoring.Decide(o, reasons, new SupervisionFacts(producer, lots, data.Lines.All(l => l.Lots.Length > 0), statuses, alerts), seed, now, inspect);
    }

    /// <summary>
    /// The fast track of an import (docs/clearance.md): the foreign SPS certificate it cites, checked field by field by
    /// International (<c>foreign-certificate</c>), the border rejections of its exporter (<c>exporter-history</c>) and the
    /// open rapid alerts on its goods, its country or its importer (<c>open-alerts</c>). A matched certificate with a
    /// clean history takes <see cref="RiskOptions.MatchedCertificatePoints"/>; a mismatch, a withdrawn certificate or an
    /// open alert asks for an inspection (named in <paramref name="inspect"/>).
    /// </summary>
    private async Task ForeignCertificateAsync(RiskOptions o, DeclarationData data, string number, int failures, List<RiskReason> reasons, List<Message> inspect, CancellationToken ct)
    {
        var alerts = await openAlerts.MatchingAsync(db, [.. data.Lines.Select(l => l.HsCode)], data.Country, data.TraderUscc, ct);
        var cited = data.Documents.Select((d, i) => (Document: d, Index: i))
            .FirstOrDefault(x => string.Equals(x.Document.Type, InternationalWire.CertificateDocumentType, StringComparison.OrdinalIgnoreCase));
        if (cited.Document is null)
        {
            reasons.Add(new RiskReason("foreign-certificate", "none cited", 0, Explain(new Message("risk.no-certificate"))));
        }
        else
        {
            var consignment = new ImportConsignment(number, cited.Index, cited.Document.Number, cited.Document.Issuer, data.ConsignorName, data.ConsigneeUscc, data.Country,
                data.TransportMode, data.TransportMeans, data.PortOfEntry,
                [.. data.Lines.Select((l, i) => new ConsignmentLine(i, l.Sequence, l.HsCode, l.Description, l.Quantity, l.Unit, l.NetWeightKg, l.PlaceOfOrigin))]);
            var check = await foreign.CheckAsync(db, consignment, ct);
            var clean = failures == 0 && check.ExporterRejections == 0;
            var points = check.Outcome == CertificateCheckOutcome.Matched && clean && alerts.Count == 0 ? o.MatchedCertificatePoints : 0;
            var explained = Message.FromStored(check.Explanation)!;
            var explanation = check.Outcome == CertificateCheckOutcome.Matched && !clean
                ? Message.List([explained, new Message("risk.certificate.not-clean", failures, check.ExporterRejections)])
                : check.Outcome == CertificateCheckOutcome.Matched && alerts.Count > 0 ? Message.List([explained, new Message("risk.certificate.alert-open")]) : explained;
            reasons.Add(new RiskReason("foreign-certificate", WireNames.Of(check.Outcome), points, Explain(explanation)));
            reasons.Add(new RiskReason("exporter-history", check.ExporterRejections.ToString(CultureInfo.InvariantCulture),
                Math.Min(o.MaxExporterRejectionPoints, check.ExporterRejections * o.PointsPerExporterRejection),
                Explain(check.FromCountry is null ? new Message("risk.exporter.unknown") : new Message("risk.exporter.rejections", check.ExporterRejections))));
            if (check.Outcome == CertificateCheckOutcome.Mismatched)
            {
                inspect.AddRange(check.Mismatches.Select(m => new Message("risk.certificate.mismatch", check.CertificateNumber, m.Field, m.DeclaredValue, m.CertificateField, m.CertificateValue,
                    Message.FromStored(m.Reason))));
            }
            else if (check.Outcome == CertificateCheckOutcome.Withdrawn)
            {
                inspect.Add(new Message("risk.certificate.withdrawn", check.CertificateNumber));
            }
        }

        reasons.Add(new RiskReason("open-alerts", alerts.Count.ToString(CultureInfo.InvariantCulture), 0, Explain(alerts.Count == 0
            ? new Message("risk.alerts.none-open", string.Join(", ", data.Lines.Select(l => l.HsCode[..Math.Min(4, l.HsCode.Length)]).Distinct()), data.Country, data.TraderUscc)
            : Message.List(alerts.Select(a => new Message("risk.alerts.open", a.Number, a.MatchedOn, a.Title))))));
        inspect.AddRange(alerts.Select(a => new Message("risk.alerts.open-inspect", a.Number, a.MatchedOn)));
    }

    /// <summary>A reason's explanation as it is kept in the decision: a coded message, shown in the reader's language.</summary>
    internal static string Explain(Message explanation) => explanation.Store(2000);

    /// <summary>
    /// What the provincial BQS told this node about the exporter's manufacturer or trader (signals kept in Quality's copy,
    /// decision 0015): a suspended or revoked production licence, spot-check failures in the look-back; each named with
    /// the BQS office, the number and the reason.
    /// </summary>
    private async Task<RiskReason> DomesticSupervisionAsync(RiskOptions o, string[] parties, DateTimeOffset now, CancellationToken ct)
    {
        var licences = new List<DomesticSignalView>();
        var spotChecks = new List<DomesticSignalView>();
        foreach (var uscc in parties)
        {
            var active = await domestic.ActiveAsync(uscc, now.AddDays(-o.DomesticLookBackDays), ct);
            licences.AddRange(active.Licences);
            spotChecks.AddRange(active.SpotChecks);
        }

        if (licences.Count == 0 && spotChecks.Count == 0)
        {
            return new RiskReason("domestic-supervision", "none", 0, Explain(new Message("risk.domestic.none", string.Join(", ", parties), o.DomesticLookBackDays)));
        }

        var points = Math.Min(o.MaxDomesticSupervisionPoints, (licences.Count > 0 ? o.SuspendedLicencePoints : 0) + spotChecks.Count * o.PointsPerSpotCheckFailure);
        DomesticSignalsUsed = points > 0 ? [.. licences.Select(l => ("production-licence", l)), .. spotChecks.Select(c => ("spot-check", c))] : [];
        var details = licences.Select(l => new Message("risk.domestic.licence", l.Reference, l.Uscc, Message.Term("licence.status.", l.Status), l.Office,
                ChinaTime.Of(l.At).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Message.FromStored(l.Reason)))
            .Concat(spotChecks.Select(s => new Message("risk.domestic.spot-check", s.Reference, s.Uscc, s.Office,
                ChinaTime.Of(s.At).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Failed)));
        var value = string.Create(CultureInfo.InvariantCulture, $"{licences.Count} licences suspended or revoked, {spotChecks.Count} spot-check failures");
        return new RiskReason("domestic-supervision", value, points, Explain(Message.List(details)));
    }

    /// <summary>The random draw of a seed, in [0, 1): SplitMix64, so that anyone can repeat it (docs/clearance.md).</summary>
    public static double Draw(long seed)
    {
        unchecked
        {
            var z = (ulong)seed + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
