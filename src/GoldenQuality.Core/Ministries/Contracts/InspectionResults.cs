using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Ministries.Contracts;

/// <summary>What the MEP officer decides about a licence on an import-inspection result.</summary>
public enum InspectionReviewOutcome
{
    LicenceKept,
    LicenceSuspended,
    LicenceRevoked,
}

/// <summary>
/// The review of an import-inspection result: the licence's <c>version</c> as read, the <c>outcome</c>
/// (<c>licence-kept</c>, <c>licence-suspended</c>, <c>licence-revoked</c>) and a <c>note</c> (required to suspend or revoke; it is
/// the suspension's or revocation's reason).
/// </summary>
public sealed record InspectionResultReview(long? Version, string? Outcome, string? Note);

/// <summary>
/// An import-inspection result received for a licence (from AQSIQ, under an agreement), with the MEP's review once made.
/// <c>From</c> is the party that sent it; <c>Agreement</c> the agreement it came under.
/// </summary>
public sealed record InspectionResultView(
    string DeclarationNumber, string Decision, bool Conforming, string Reasons, DateTimeOffset InspectedAt, string From, string? Agreement,
    string HsCode, string GoodsDescription, decimal Quantity, string Unit, string PortOfEntry, DateTimeOffset ReceivedAt,
    string? ReviewOutcome, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewNote);

/// <summary>
/// The issuing ministry's officer reviews an import-inspection result of one of its waste import licences: keeps,
/// suspends or revokes the licence (suspension and revocation are the register's own steps, with the note as the reason,
/// and tell every node holding a copy), and the use goes back to the provider as feedback
/// (<see cref="IDataUseFeedback"/>), all in one save. A result is reviewed once.
/// </summary>
public sealed class ReviewInspectionResult
{
    private readonly LpcoRegister register;
    private readonly IDataUseFeedback feedback;

    internal ReviewInspectionResult(LpcoRegister register, IDataUseFeedback feedback) => (this.register, this.feedback) = (register, feedback);

    public async Task<HandlerResult<LpcoView>> HandleAsync(Actor actor, Guid id, string declarationNumber, InspectionResultReview request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (l, problem) = await LpcoSteps.FindForOfficerAsync(register, actor, id, null, ct);
        if (l is null)
        {
            return problem!;
        }

        var v = new Validation();
        var outcome = v.Enum<InspectionReviewOutcome>("outcome", request.Outcome);
        var note = outcome == InspectionReviewOutcome.LicenceKept || !v.IsValid
            ? v.Optional("note", request.Note, LpcoRules.MaxReason)
            : v.Required("note", request.Note, LpcoRules.MaxReason);
        if (request.Version is null)
        {
            v.Add("version", new Message("lpco.result.version-required"));
        }

        var number = (declarationNumber ?? "").Trim();
        var result = number.Length is > 0 and <= InspectionResultRules.MaxDeclaration
            ? await register.Db.Set<InspectionResult>().FirstOrDefaultAsync(r => r.DeclarationNumber == number && r.LpcoId == l.Id, ct)
            : null;
        if (result is null)
        {
            var elsewhere = number.Length is > 0 and <= InspectionResultRules.MaxDeclaration
                ? await register.Db.Set<InspectionResult>().Where(r => r.DeclarationNumber == number).Select(r => r.LicenceNumber).FirstOrDefaultAsync(ct)
                : null;
            v.Add("declarationNumber", elsewhere is null
                ? new Message("lpco.result.not-received", Cut(number), l.Number)
                : new Message("lpco.result.other-licence", number, elsewhere, l.Number));
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        if (request.Version != l.Version)
        {
            return Problems.StaleVersion(request.Version!.Value, l.Version);
        }

        if (result!.ReviewOutcome is { } done)
        {
            return Problems.Conflict("declarationNumber", new Message("lpco.result.already-reviewed", number, Message.Term("lpco.review-outcome.", done), result.ReviewedBy, result.ReviewedAt?.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        }

        var refused = outcome switch
        {
            InspectionReviewOutcome.LicenceSuspended => await SuspendLpco.ApplyAsync(register, l, actor, $"{note} (import-inspection result of {number})", ct),
            InspectionReviewOutcome.LicenceRevoked => await RevokeLpco.ApplyAsync(register, l, actor, $"{note} (import-inspection result of {number})", ct),
            _ => null,
        };
        if (refused is not null)
        {
            return refused;
        }

        var wire = WireNames.Of(outcome);
        var now = register.Clock.GetUtcNow();
        l.Reviewed(now);
        result.Review(wire, actor.UserName, now, note);
        register.Record(l, actor, "inspection-reviewed", l.Status, l.Status, note is null
            ? new Message("lpco.reason.inspection-reviewed", number, result.Decision, wire)
            : new Message("lpco.reason.inspection-reviewed-note", number, result.Decision, wire, note));
        feedback.Report(register.Db, actor.OnBehalfOf, new DataUse(result.FromParty, result.AgreementId, InspectionResultRules.DataKind, number, l.Number ?? l.Id.ToString(),
            wire, note, result.CorrelationId));
        return await register.SaveViewAsync(l, ct);
    }

    private static string Cut(string text) => text.Length <= 64 ? text : text[..61] + "...";
}
