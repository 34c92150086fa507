using System.Text;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Codes;

/// <summary>The Codes module: code systems, mappings, translation, legacy adapters and SPS certificates.</summary>
internal sealed class CodesModule : IGqModule
{
    public string Name => "Codes";

    /// <summary>Registers the module's services (and the code pages that GB18030 legacy files need).</summary>
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        services.AddSingleton<CodeCatalog>();
        services.AddSingleton<PublishedLists>();
        services.AddScoped<CodeReferenceData>();
        services.AddSingleton<IStartupPreparation, ReferenceDataStartup<CodeReferenceData>>();
        services.AddScoped<Contracts.ICodeLists, CodeListsReader>();
        services.AddScoped(sp => new Contracts.CodeLookup(sp.GetRequiredService<PublishedLists>(), sp.GetRequiredService<Contracts.ICodeLists>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new Contracts.LegacyRecords(Path.Combine(sp.GetRequiredService<IOptions<ReferenceDataOptions>>().Value.ReferenceData, "adapters"),
            sp.GetRequiredService<RecordStore>()));
        services.AddScoped(sp => new Contracts.SpsCertificates(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<RecordStore>(), sp.GetRequiredService<CodeCatalog>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new Contracts.CodeTables(sp.GetRequiredService<GqDbContext>(), sp.GetRequiredService<CodeCatalog>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<RecordStore>();
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.Section);
        services.AddSingleton<FeedRuns>();
        services.AddSingleton<LegacyFeedProcessor>();
        services.AddLeaderOnlyService<LegacyFeedWorker>();
        services.AddScoped(sp => new Contracts.LegacyFeeds(sp.GetRequiredService<IOptions<FeedOptions>>().Value, sp.GetRequiredService<FeedRuns>()));
    }

    public void MapEndpoints(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/codes").WithTags("Codes").MapCodeTables().MapAdapters().MapSps();
}
