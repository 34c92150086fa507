using GoldenQuality.Common;

namespace GoldenQuality.Exchange;

/// <summary>Loads the signed federation directory (from its file or the authority) before the node serves.</summary>
internal sealed class DirectoryStartup(DirectoryService directory) : IStartupPreparation
{
    public StartupStage Stage => StartupStage.Services;

    public async Task<object?> PrepareAsync(IServiceProvider services, StartupRequest request, CancellationToken ct)
    {
        await directory.LoadAsync(ct);
        return null;
    }
}
