namespace GoldenQuality.Common;

/// <summary>When a start-up preparation runs: every preparation of a stage runs before any of the next.</summary>
public enum StartupStage
{
    /// <summary>The database schema (the migrations).</summary>
    Schema = 0,

    /// <summary>Reference data loaded into the migrated database.</summary>
    ReferenceData = 1,

    /// <summary>Services that read the prepared database or files before the node serves.</summary>
    Services = 2,
}

/// <summary>What the host asks of the preparations.</summary>
/// <param name="ReloadReferenceData">Load the reference data even when <c>Node:SeedReferenceData</c> is off, and re-read every file (<c>gq seed</c>).</param>
public sealed record StartupRequest(bool ReloadReferenceData);

/// <summary>
/// A module's part of preparing the node before it serves (<c>GqHost.PrepareAsync</c>): a module registers its
/// preparations as services of this type, so the host names none of them. Preparations run one after the other,
/// by <see cref="Stage"/> and, within a stage, in the order the modules registered them, in one service scope.
/// </summary>
public interface IStartupPreparation
{
    StartupStage Stage { get; }

    /// <summary>Prepares; returns what it did when there is something to tell (e.g. what was loaded), otherwise null.</summary>
    Task<object?> PrepareAsync(IServiceProvider services, StartupRequest request, CancellationToken ct);
}

/// <summary>What the preparations told, in the order they ran.</summary>
public sealed class StartupReport(IReadOnlyList<object> results)
{
    public IReadOnlyList<object> Results { get; } = results;

    /// <summary>The first result of the given type, or null when no preparation returned one.</summary>
    public T? Get<T>()
        where T : class => Results.OfType<T>().FirstOrDefault();
}
