using GoldenQuality.Common;

namespace GoldenQuality.Standards.Contracts;

/// <summary>
/// The compiled standards the conformity engine checks against (E-Supervision's ingestion, the lot charts). A batch
/// keeps the index it started with; a reload swaps in a new one.
/// </summary>
internal interface IStandardsCatalogue
{
    /// <summary>The current index, loading it first when none is loaded yet.</summary>
    ValueTask<StandardsIndex> IndexAsync(CancellationToken ct);

    /// <summary>The current index and its generation (which counts reloads), loading it first when none is loaded yet.</summary>
    ValueTask<(StandardsIndex Index, long Generation)> LoadedAsync(CancellationToken ct);
}

/// <summary>The limit that applied to one lab result, and the verdict; <see cref="Problem"/> says why none could be applied.</summary>
public sealed record LimitCheck(Message? Problem, string Limit, string Standard, string Clause, bool Pass);


/// <summary>The small read interface the clearance flow uses to judge lab results against the standards in force.</summary>
public interface IStandardsLimits
{
    /// <summary>The category whose HS codes have the longest prefix of <paramref name="hs"/>; null when none lists it.</summary>
    Task<string?> CategoryForHsAsync(string hs, CancellationToken ct);

    /// <summary>Judges a value against the governing requirement for the category, parameter, market (<c>export</c>, <c>domestic</c>), date and processing state.</summary>
    Task<LimitCheck> CheckAsync(string category, string parameter, string market, DateOnly on, string state, double value, string unit, CancellationToken ct);
}
