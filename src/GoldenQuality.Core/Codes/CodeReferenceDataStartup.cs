using GoldenQuality.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Codes;

/// <summary>Loads the code systems, versions, codes and mappings at start-up when configured.</summary>
internal sealed class CodeReferenceDataStartup(IOptions<ReferenceDataOptions> options) : IStartupPreparation
{
    public StartupStage Stage => StartupStage.ReferenceData;

    public async Task<object?> PrepareAsync(IServiceProvider services, StartupRequest request, CancellationToken ct)
    {
        if (!options.Value.SeedReferenceData && !request.ReloadReferenceData)
        {
            return null;
        }

        return await services.GetRequiredService<CodeReferenceData>().LoadAsync(options.Value.ReferenceData, ct, request.ReloadReferenceData);
    }
}
