using GoldenQuality.Persistence;

namespace GoldenQuality.International.Contracts;

/// <summary>
/// Declarations tells International which risk decision a certificate check fed, so that the port's fast-track queue
/// shows both (<see cref="ListFastTrack"/>). Works on the caller's context; never saves.
/// </summary>
public interface ICertificateDecisions
{
    /// <summary>Records the decision on the declaration's latest certificate check: its office, outcome (wire name), score and reasons in one line.</summary>
    Task RecordDecisionAsync(GqDbContext db, string declarationNumber, string office, string outcome, int score, string reasons, CancellationToken ct);
}
