using System.Globalization;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Standards.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Declarations;

/// <summary>
/// Records stages on a declaration held by this node, from whichever module reaches them (the port's release,
/// Customs' decision coming back over the exchange). A declaration another node holds is left alone.
/// </summary>
internal static class DeclarationStages
{
    public static async Task<bool> RecordAsync(GqDbContext db, TimeProvider clock, string declarationNumber, string stage, DeclarationStatus? to, string actor, Message detail, CancellationToken ct,
        Action<Declaration>? change = null)
    {
        var d = db.Set<Declaration>().Local.FirstOrDefault(x => x.Number == declarationNumber)
            ?? await db.Set<Declaration>().FirstOrDefaultAsync(x => x.Number == declarationNumber, ct);
        if (d is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (to is { } status && d.Status != status && d.CanMove(status))
        {
            d.Move(status, now);
        }

        change?.Invoke(d);
        db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, stage, actor, detail));
        DeclarationForwarding.Report(db, d);
        return true;
    }
}

/// <summary>
/// The E-Declaration lifecycle: create, change, submit (formal check, routing, risk decision), return, amend,
/// withdraw, inspection results and the inspection permit. Each step checks the transition, writes the history and
/// saves once, so a refused step leaves nothing behind.
/// </summary>
internal sealed class DeclarationFlow(GqDbContext db, DeclarationValidator validator, RiskEngine risk, IPermitIssuer permits, IStandardsLimits limits, IRegistryDirectory directory,
    LpcoChecks lpcos, DeclarationForwarding forwarding, ExportNonconformityReport nonconformities, DeclarationHolds holds, ICertificateDecisions certificates,
    Accountability.Contracts.IDataUseFeedback feedback, ImportInspectionResults inspectionResults, TimeProvider clock)
{
    /// <summary>The first active hold on the declaration (hold register), if any: no permit while it lasts.</summary>
    public Task<Alerts.Contracts.ActiveHold?> HoldOnAsync(Declaration d, CancellationToken ct) => holds.HoldOnAsync(db, d.Number, ct);

    public async Task<Declaration?> CreateAsync(DeclarationRequest request, Actor actor, Validation v, CancellationToken ct)
    {
        var data = await validator.ValidateAsync(request, actor, v, ct);
        if (data is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var d = Declaration.Create(Ids.New(clock), data, now);
        db.Add(d);
        db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "created", actor.UserName, new Message("decl.event.created", d.Number, actor.OnBehalfOf), withData: true));
        return d;
    }

    public async Task<bool> UpdateAsync(Declaration d, DeclarationRequest request, Actor actor, Validation v, CancellationToken ct)
    {
        var data = await validator.ValidateAsync(request, actor, v, ct);
        if (data is null)
        {
            return false;
        }

        if (data.Kind != d.Kind)
        {
            v.Add("kind", new Message("decl.kind-stays", Message.Term("decl.kind.", WireNames.Of(d.Kind))));
            return false;
        }

        var now = clock.GetUtcNow();
        d.SetData(data, now);
        db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "changed", actor.UserName, new Message("decl.event.changed", actor.OnBehalfOf), withData: true));
        return true;
    }

    /// <summary>
    /// Submits: the data is checked again (codes and registrations may have changed), the formal check may return the
    /// declaration with reasons, otherwise it is routed and accepted, and the risk decision taken. A document check
    /// passes at once and the permit is issued (PREDICT's "may proceed"); otherwise the goods await inspection.
    /// </summary>
    public async Task<bool> SubmitAsync(Declaration d, Actor actor, Validation v, CancellationToken ct)
    {
        var data = d.Data;
        var request = ToRequest(data);
        if (await validator.ValidateAsync(request, actor, v, ct) is null)
        {
            return false;
        }

        var (office, routing) = await RouteAsync(data, ct);
        var routedBy = data.Kind == DeclarationKind.Export ? "manufacturerUscc" : "portOfEntry";
        if (office is null)
        {
            v.Add(routedBy, routing);
            return false;
        }

        // The office may be hosted by another node (decision 0014): then the declaration is forwarded there.
        var (host, refused) = forwarding.Target(office, d.ForwardedFrom is not null);
        if (refused is not null)
        {
            v.Add(routedBy, refused);
            return false;
        }

        var now = clock.GetUtcNow();
        d.Move(DeclarationStatus.Submitted, now);
        d.Route(office, routing.Store(Declaration.RoutingReasonLength));
        db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "submitted", actor.UserName, new Message("decl.event.submitted", office, routing)));
        if (host is not null)
        {
            return forwarding.Forward(db, d, host, actor.UserName, now, v);
        }

        var missing = LpcoChecks.FormalCheck(data);
        if (missing.Count > 0)
        {
            var formal = Message.List(missing);
            d.Return(formal);
            d.Move(DeclarationStatus.Returned, now);
            db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "returned", "formal check", formal));
            return true;
        }

        var check = await lpcos.CheckAsync(data, d.Number, ct);
        await ApplyIssuerCheckAsync(d, data, check, ct);
        return true;
    }

    /// <summary>
    /// Applies the check of the LPCOs at their issuers to a submitted (or waiting) declaration: a refusal returns it
    /// with each reason naming its field; an issuer that did not answer leaves it waiting (status awaiting-issuer,
    /// the reason in its history and view; <see cref="IssuerRetryWorker"/> asks again); otherwise it is accepted and
    /// the risk decision taken. It is never accepted without the issuers' answer.
    /// </summary>
    public async Task ApplyIssuerCheckAsync(Declaration d, DeclarationData data, LpcoCheckResult check, CancellationToken ct)
    {
        const string Checker = "check at the issuer";
        var now = clock.GetUtcNow();
        if (check.Refusals.Count > 0)
        {
            var reasons = Message.List(check.Refusals);
            d.Return(reasons);
            d.AwaitIssuer(null);
            d.Move(DeclarationStatus.Returned, now);
            db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "returned", Checker, reasons));
            foreach (var r in check.Refused ?? [])
            {
                feedback.Report(db, d.Office ?? "", new Accountability.Contracts.DataUse(r.IssuerNode, null, r.Type, r.Number, d.Number, "refused", r.Reasons));
            }

            return;
        }

        if (check.Waiting is { } waiting)
        {
            // The view shows the latest reason; the history records the start of the wait only, not every retry's
            // wording of it (a refused connection, then an open circuit).
            d.AwaitIssuer(waiting);
            if (d.Status != DeclarationStatus.AwaitingIssuer)
            {
                d.Move(DeclarationStatus.AwaitingIssuer, now);
                db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "awaiting-issuer", Checker, waiting));
            }

            return;
        }

        d.AwaitIssuer(null);
        d.Covered(check.Covers);
        foreach (var cover in check.Covers)
        {
            // Feedback details are coded messages: the provider reads them in its officer's language.
            feedback.Report(db, d.Office ?? "", new Accountability.Contracts.DataUse(cover.IssuerNode, null, cover.Kind, cover.Number, d.Number, "accepted",
                new Message("use.lpco-accepted", string.Join(", ", cover.Lines.Select(l => l.Sequence))).Store(FeedbackLimits.Detail)));
            db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "lpco-checked", Checker, new Message("decl.event.lpco-checked",
                cover.Kind, cover.Number, cover.Issuer, string.Join(", ", cover.Lines.Select(l => l.Sequence)), cover.Lines.Sum(l => l.Quantity), cover.Unit,
                cover.RemainingAtCheck?.ToString("0.###", CultureInfo.InvariantCulture) ?? "?", cover.IssuerNode)));
        }

        d.Move(DeclarationStatus.Accepted, now);
        db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "accepted", "formal check", new Message("decl.event.accepted")));
        var decision = await risk.DecideAsync(data, ct, d.Number);
        d.Decide(decision);
        if (decision.Reasons.Any(r => r.Input == "foreign-certificate" && r.Value != "none cited"))
        {
            await certificates.RecordDecisionAsync(db, d.Number, d.Office!, WireNames.Of(decision.Outcome), decision.Score,
                string.Join("; ", decision.Reasons.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Input}={r.Value} ({r.Points:+0;-0;0})"))), ct);
        }

        db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "risk-decided", "risk engine",
            new Message("decl.event.risk-decided", Message.Term("risk.outcome.", WireNames.Of(decision.Outcome)), decision.Score, decision.Seed)));
        var withheld = false;
        if (decision.Outcome == RiskOutcome.DocumentCheck)
        {
            d.Move(DeclarationStatus.Passed, now);
            db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "passed", "risk engine", new Message("decl.event.passed")));
            await inspectionResults.PublishAsync(db, d, conforming: true, new Message("insp.document-check"), "risk engine", ct);
            if (permits.CanSign && await HoldOnAsync(d, ct) is { } hold)
            {
                db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "permit-withheld", "hold register", DeclarationHolds.Describe(d.Number, hold)));
                withheld = true;
            }
            else if (permits.CanSign)
            {
                await IssuePermitAsync(d, "risk engine", ct);
            }
        }
        else
        {
            d.Move(DeclarationStatus.Inspection, now);
            db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "inspection-ordered", "risk engine", Message.Term("risk.outcome.", WireNames.Of(decision.Outcome))));
        }

        ReportCreditUse(d, decision, withheld);
    }

    /// <summary>
    /// Feedback on the use of the central bank's credit record (docs/accountability.md): when a provider's record decided
    /// the credit class, the provider hears what the decision was, in this transaction. A class nobody answered is no use.
    /// </summary>
    private void ReportCreditUse(Declaration d, RiskDecision decision, bool withheld)
    {
        var decided = new Message("use.risk-decided", decision.Score, Message.Term("risk.outcome.", WireNames.Of(decision.Outcome)));
        foreach (var (kind, signal) in risk.DomesticSignalsUsed)
        {
            // A BQS signal that raised the score: the BQS hears which decision it led to.
            feedback.Report(db, d.Office ?? "", new Accountability.Contracts.DataUse(signal.SenderNode, signal.AgreementId, kind, signal.Reference, d.Number, "risk-raised",
                new Message("use.risk-raised", kind, signal.Reference, signal.Uscc, d.Number, decided).Store(FeedbackLimits.Detail)));
        }

        if (risk.CreditProvider is not { } provider || decision.Reasons.FirstOrDefault(r => r.Input == "credit-class") is not { } credit)
        {
            return;
        }

        var outcome = decision.Outcome switch
        {
            RiskOutcome.PhysicalInspection => "inspection-ordered",
            RiskOutcome.SamplingLabTest => "sampling-ordered",
            _ when withheld => "hold",
            _ => "released",
        };
        feedback.Report(db, d.Office ?? "", new Accountability.Contracts.DataUse(provider, null, "credit-record", d.TraderUscc, d.Number, outcome,
            new Message("use.credit-decided", credit.Value, credit.Points, decision.Score, Message.Term("risk.outcome.", WireNames.Of(decision.Outcome))).Store(FeedbackLimits.Detail)));
    }

    public void Move(Declaration d, DeclarationStatus to, string stage, Actor actor, Message detail)
    {
        var now = clock.GetUtcNow();
        d.Move(to, now);
        db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, stage, actor.UserName, detail));
    }

    /// <summary>Records the inspection per line; limits come from the standards in force. Passed only when every line passes.</summary>
    public async Task<bool> InspectAsync(Declaration d, InspectionRequest request, Actor actor, Validation v, CancellationToken ct)
    {
        var data = d.Data;
        if (request.Lines is not { Length: > 0 })
        {
            v.Add("lines", new Message("insp.lines-required"));
            return false;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var market = data.Kind == DeclarationKind.Export ? "export" : "domestic";
        var results = new List<LineInspection>();
        foreach (var (r, i) in request.Lines.Select((r, i) => (r, i)))
        {
            var f = string.Create(CultureInfo.InvariantCulture, $"lines[{i}]");
            var line = data.Lines.FirstOrDefault(l => l.Sequence == r.Sequence);
            if (line is null)
            {
                v.Add(f + ".sequence", r.Sequence is { } sequence ? new Message("insp.no-line", sequence) : new Message("insp.no-line-given"));
                continue;
            }

            if (r.QuantityInspected is not { } inspected || inspected <= 0 || inspected > line.Quantity)
            {
                v.Add(f + ".quantityInspected", new Message("insp.quantity", line.Quantity, line.Unit));
            }

            var category = r.Category?.Trim() is { Length: > 0 } c ? c : await limits.CategoryForHsAsync(line.HsCode, ct);
            var labs = new List<LabResult>();
            foreach (var (lab, j) in (r.LabResults ?? []).Select((x, j) => (x, j)))
            {
                var g = string.Create(CultureInfo.InvariantCulture, $"{f}.labResults[{j}]");
                var parameter = v.Required(g + ".parameter", lab.Parameter, 64);
                var unit = v.Required(g + ".unit", lab.Unit, 32);
                if (lab.Value is not { } value || !double.IsFinite(value) || value < 0)
                {
                    v.Add(g + ".value", new Message("insp.lab-value"));
                    continue;
                }

                if (category is null)
                {
                    v.Add(f + ".category", new Message("insp.no-category", line.HsCode));
                    continue;
                }

                if (parameter.Length == 0 || unit.Length == 0)
                {
                    continue;
                }

                var check = await limits.CheckAsync(category, parameter, market, today, r.ProcessingState?.Trim() ?? "", value, unit, ct);
                if (check.Problem is not null)
                {
                    v.Add(g + ".parameter", check.Problem);
                    continue;
                }

                labs.Add(new LabResult(parameter, value, unit, check.Limit, check.Standard, check.Clause, check.Pass));
            }

            var conform = r.FindingsConform ?? true;
            results.Add(new LineInspection(line.Sequence, r.QuantityInspected ?? 0, v.Optional(f + ".findings", r.Findings, 2000), conform, category ?? "", [.. labs],
                conform && labs.All(x => x.Pass)));
        }

        var missing = data.Lines.Select(l => l.Sequence).Except(results.Select(x => x.Sequence)).ToArray();
        if (missing.Length > 0)
        {
            v.Add("lines", new Message("insp.missing-lines", string.Join(", ", missing)));
        }

        if (d.Risk == RiskOutcome.SamplingLabTest && results.Any(x => x.LabResults.Length == 0))
        {
            v.Add("lines", new Message("insp.lab-required"));
        }

        if (!v.IsValid)
        {
            return false;
        }

        d.Inspected([.. results]);
        var pass = results.All(x => x.Pass);
        var failed = results.Where(x => !x.Pass).Select(x => x.Sequence.ToString(CultureInfo.InvariantCulture)).ToArray();
        Move(d, pass ? DeclarationStatus.Passed : DeclarationStatus.Failed, pass ? "passed" : "failed", actor,
            pass ? new Message("decl.event.inspection-passed") : new Message("decl.event.inspection-failed", string.Join(", ", failed)));
        await inspectionResults.PublishAsync(db, d, pass, ImportInspectionResults.Reasons(data, results), actor.UserName, ct);
        if (!pass)
        {
            // The BQS of the manufacturer's area hears of it as a lead, in the same save (decision 0015).
            await nonconformities.SendAsync(db, d, results, actor.UserName, ct);

            // An import that cited a foreign certificate is rejected at the border: International tells the exporting
            // country through the hub and records it against the exporter, in the same save.
            if (data.Kind == DeclarationKind.Import &&
                data.Documents.FirstOrDefault(x => string.Equals(x.Type, InternationalWire.CertificateDocumentType, StringComparison.OrdinalIgnoreCase)) is { } certificate)
            {
                var nature = string.Join("; ", results.Where(x => !x.Pass).Select(x => string.Create(CultureInfo.InvariantCulture,
                    $"line {x.Sequence} (HS {data.Lines.First(l => l.Sequence == x.Sequence).HsCode}): {(x.FindingsConform ? "" : $"findings: {x.Findings ?? "not conforming"}; ")}{string.Join(", ", x.LabResults.Where(r => !r.Pass).Select(r => $"{r.Parameter} {r.Value} {r.Unit} above the limit {r.Limit} ({r.Standard} {r.Clause})"))}")));
                db.Raise(new ForeignConsignmentRejected(d.Number, certificate.Number, d.Office ?? "", nature, clock.GetUtcNow()));
                db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, clock.GetUtcNow(), "border-rejection", actor.UserName,
                    new Message("decl.event.border-rejection", certificate.Number, certificate.Issuer, d.Number)));
            }
        }

        return true;
    }

    /// <summary>
    /// Issues the inspection permit. An export's electronic copy goes to the port office of the port of exit; an
    /// import's goes to the inland CIQ office of the consignee's area, and its customs clearance permit to Customs.
    /// </summary>
    public async Task<IssuedPermits> IssuePermitAsync(Declaration d, string actor, CancellationToken ct)
    {
        var data = d.Data;
        var port = await directory.FindPortAsync(d.Port!, ct) ?? throw new InvalidOperationException($"port {d.Port} of a validated declaration is not in the registry");
        var trader = await directory.FindEnterpriseAsync(d.TraderUscc, ct) ?? throw new InvalidOperationException($"trader {d.TraderUscc} of a validated declaration is not in the registry");
        var lines = data.Lines.Select(l => new PermitLine(l.Sequence, l.HsCode, l.Description, l.Quantity, l.Unit)).ToArray();
        var draft = new PermitDocumentDraft(d.Number, d.Kind, d.Office!, port.Locode, port.Office.Code, trader.Uscc, trader.NameZh, d.ManufacturerUscc, data.Country, lines, null);
        var now = clock.GetUtcNow();
        string[] copiesFor = d.Kind == DeclarationKind.Export
            ? [port.Office.Code]
            : await directory.ResponsibleOfficeAsync(trader.AreaCode, "CIQ", ct) is { } inland ? [inland.Office.Code] : [];
        var issued = permits.IssueInspection(draft, copiesFor, withClearance: d.Kind != DeclarationKind.Export);
        if (issued.Clearance is { } clearance)
        {
            db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "clearance-permit-issued", actor, SentTo("decl.event.clearance-permit-issued", clearance)));
        }

        var result = issued.Inspection;
        d.PermitIssued(result.Number);
        d.Move(DeclarationStatus.PermitIssued, now);
        db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "permit-issued", actor, SentTo("decl.event.permit-issued", result)));
        lpcos.DrawDown(db, d, actor, now);
        return issued;
    }

    private static Message SentTo(string code, IssuedPermit r)
    {
        var sent = new Message(code, r.Number, r.SentTo.Length == 0 ? new Message("decl.nobody") : string.Join(", ", r.SentTo));
        return r.NotSent.Length == 0 ? sent : Message.List([sent, new Message("decl.not-sent", string.Join("; ", r.NotSent))]);
    }

    private async Task<(string? Office, Message Reason)> RouteAsync(DeclarationData data, CancellationToken ct)
    {
        if (data.Kind == DeclarationKind.Export)
        {
            var manufacturer = await directory.FindEnterpriseAsync(data.ManufacturerUscc!, ct) ?? throw new InvalidOperationException($"manufacturer {data.ManufacturerUscc} of a validated declaration is not in the registry");
            var found = await directory.ResponsibleOfficeAsync(manufacturer.AreaCode, "CIQ", ct);
            return found is { } f
                ? (f.Office.Code, new Message("decl.routing.export", manufacturer.AreaCode, manufacturer.Uscc, f.Prefix))
                : (null, new Message("decl.routing.no-office", manufacturer.AreaCode));
        }

        var port = await directory.FindPortAsync(data.PortOfEntry!, ct) ?? throw new InvalidOperationException($"port {data.PortOfEntry} of a validated declaration is not in the registry");
        return (port.Office.Code, new Message("decl.routing.import", port.Locode, port.NameEn));
    }

    internal static DeclarationRequest ToRequest(DeclarationData data) => new(
        WireNames.Of(data.Kind), data.DeclarantUscc, data.ConsignorUscc, data.ConsigneeUscc, data.ManufacturerUscc, data.TransportMode, data.TransportMeans,
        data.PortOfLoading, data.PortOfExit, data.PortOfEntry, data.Country, data.ContractReference, data.InvoiceReference,
        [.. data.Documents.Select(x => new DocumentRequest(x.Type, x.Number, x.Issuer))],
        [.. data.Lines.Select(l => new GoodsLineRequest(l.Sequence, l.HsCode, l.CiqCode, l.Description, l.Quantity, l.Unit, l.NetWeightKg, l.GrossWeightKg, l.Value,
            l.Currency, l.PlaceOfOrigin, l.Lots, l.Packaging))], data.ConsignorName);
}
