using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Common;

/// <summary>
/// Where the node's reference data files are and whether they are loaded at start-up (keys <c>Node:ReferenceData</c>
/// and <c>Node:SeedReferenceData</c>). Every module that reads a file under <c>data/</c> takes its folder from here.
/// </summary>
public sealed class ReferenceDataOptions
{
    public const string Section = "Node";

    /// <summary>Where the reference data files are; by default the <c>data</c> folder beside the executable.</summary>
    public string ReferenceData { get; set; } = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>Load the reference data idempotently at start-up, after the migrations.</summary>
    public bool SeedReferenceData { get; set; } = true;
}

/// <summary>A module's loader of its reference data files, run at start-up by <see cref="ReferenceDataStartup{TLoader}"/>.</summary>
public interface IReferenceDataLoader
{
    /// <summary>Loads idempotently from <paramref name="dataDirectory"/> (<paramref name="force"/>: reload what is already there); answers what was loaded.</summary>
    Task<object> LoadReferenceDataAsync(string dataDirectory, bool force, CancellationToken ct);
}

/// <summary>
/// Loads a module's reference data in the <see cref="StartupStage.ReferenceData"/> stage when the node is configured to
/// (<see cref="ReferenceDataOptions.SeedReferenceData"/>) or the start-up asks for a reload. The module registers
/// <typeparamref name="TLoader"/> and this preparation.
/// </summary>
public sealed class ReferenceDataStartup<TLoader>(IOptions<ReferenceDataOptions> options) : IStartupPreparation
    where TLoader : IReferenceDataLoader
{
    public StartupStage Stage => StartupStage.ReferenceData;

    public async Task<object?> PrepareAsync(IServiceProvider services, StartupRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(request);
        if (!options.Value.SeedReferenceData && !request.ReloadReferenceData)
        {
            return null;
        }

        return await services.GetRequiredService<TLoader>().LoadReferenceDataAsync(options.Value.ReferenceData, request.ReloadReferenceData, ct);
    }
}
