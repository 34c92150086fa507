using GoldenQuality.Common;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Persistence;

/// <summary>Applies every pending migration before anything else prepares the node.</summary>
internal sealed class MigrationStartup : IStartupPreparation
{
    public StartupStage Stage => StartupStage.Schema;

    public async Task<object?> PrepareAsync(IServiceProvider services, StartupRequest request, CancellationToken ct)
    {
        await Database.MigrateAsync(services.GetRequiredService<GqDbContext>(), ct);
        return null;
    }
}
