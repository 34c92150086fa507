using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Codes;

/// <summary>The Codes module: code systems, mappings, translation, legacy adapters and SPS certificates.</summary>
internal static class CodesModule
{
    /// <summary>Registers the module's services (and the code pages that GB18030 legacy files need).</summary>
    public static IServiceCollection AddCodes(this IServiceCollection services)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        services.AddSingleton<CodeCatalog>();
        services.AddScoped<CodeReferenceData>();
        services.AddScoped<RecordStore>();
        return services;
    }

    public static RouteGroupBuilder MapCodes(this RouteGroupBuilder group) =>
        group.MapCodeTables().MapAdapters().MapSps();
}
