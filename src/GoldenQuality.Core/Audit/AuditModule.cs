using GoldenQuality.Common;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Audit;

/// <summary>
/// The Audit module: the append-only, hash-chained log of who read protected data, on behalf of which office, under
/// which agreement or purpose, which record and fields (decision 0018). An entry is written before the data is served;
/// when it cannot be, the read is refused. The exchange signs checkpoints of this log and has its peers witness them.
/// </summary>
internal sealed class AuditModule : IGqModule
{
    public string Name => "Audit";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditWriter>();
        services.AddSingleton<Contracts.IReadAudit>(sp => sp.GetRequiredService<AuditWriter>());
        services.AddScoped<AuditLog>();
        services.AddScoped<Contracts.IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddScoped<Contracts.IAuditQueries>(sp => sp.GetRequiredService<AuditLog>());
        services.AddScoped<Contracts.SearchAuditLog>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapAudit();
}
