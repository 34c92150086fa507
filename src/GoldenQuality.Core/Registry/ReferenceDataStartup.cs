using GoldenQuality.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Registry;

/// <summary>Loads the Registry's reference data (areas, organisations, links, ports) at start-up when configured.</summary>
internal sealed class ReferenceDataStartup(IOptions<ReferenceDataOptions> options) : IStartupPreparation
{
    public StartupStage Stage => StartupStage.ReferenceData;

    public async Task<object?> PrepareAsync(IServiceProvider services, StartupRequest request, CancellationToken ct)
    {
        if (!options.Value.SeedReferenceData && !request.ReloadReferenceData)
        {
            return null;
        }

        return await services.GetRequiredService<ReferenceData>().LoadAsync(options.Value.ReferenceData, ct, request.ReloadReferenceData);
    }
}
