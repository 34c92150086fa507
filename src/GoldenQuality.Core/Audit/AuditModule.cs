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
        services.AddScoped<Contracts.IAuditLog, AuditLog>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
    }
}
