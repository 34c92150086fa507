using GoldenQuality.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Ministries;

/// <summary>
/// The Ministries module: the registers that other ministries own and run on their own nodes — the MOA's entry
/// quarantine permits, the MEP's waste import licences (both LPCOs that import declarations cite) and the central
/// bank's enterprise credit records — with the datasets other nodes check them through and the messages that keep
/// the copies in step.
/// </summary>
internal sealed class MinistriesModule : IGqModule
{
    public string Name => "Ministries";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddLpcoRegisters();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/ministries").WithTags("Ministries").MapLpcos();
    }
}
