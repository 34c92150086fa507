using GoldenQuality.Common;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.International;

/// <summary>
/// The International module: SPS certificates exchanged with foreign authorities through a hub modelled on the IPPC
/// ePhyto Hub (docs/international.md, decision 0017). On the node that hosts the hub's office (<c>IPPC-HUB</c>) it is the
/// hub: members deliver envelopes, pull and acknowledge them, and follow their tracking. On a member country's node
/// (AQSIQ for China) it pulls what was sent to the country, links each certificate to the import declaration that cites
/// it, checks it field by field, and delivers the SPS certificates of export permits and border-rejection notices.
/// </summary>
internal sealed class InternationalModule : IGqModule
{
    public string Name => "International";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InternationalOptions>().Bind(configuration.GetSection(InternationalOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // --- Hub: envelopes, pull, acknowledge, tracking, retries ---
        // --- end Hub ---
        // --- Member: pull, certificates, matching, fast track, outgoing ---
        // --- end Member ---
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // --- Hub ---
        // --- end Hub ---
        // --- Member ---
        // --- end Member ---
    }
}
