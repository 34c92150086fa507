using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Common;

/// <summary>
/// One module of the node: a folder with one public seam. The host (<c>Hosting/GqHost.cs</c>) lists the modules
/// in order; each registers its own services, options, message handlers and endpoints here, and nowhere else.
/// </summary>
public interface IGqModule
{
    /// <summary>The module's name, as its folder and namespace are named (e.g. <c>Registry</c>).</summary>
    string Name { get; }

    /// <summary>Registers the module's services, options and exchange message handlers.</summary>
    void AddServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Maps the module's HTTP endpoints.</summary>
    void MapEndpoints(IEndpointRouteBuilder app);
}
