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
        // --- Credit (PBC): the central bank's credit register, credit events and class changes ---
        services.AddSingleton<Exchange.Contracts.IDatasetProvider, CreditRecordDataset>();
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, CreditEventReportedHandler>();
        services.AddScoped<Contracts.ICreditRecords, CreditRecordFile>();
        services.AddScoped<Contracts.ListCreditRecords>();
        services.AddScoped<Contracts.GetCreditRecord>();
        services.AddScoped<Contracts.ChangeCreditClass>();
        services.AddScoped<Contracts.ReportCreditEvent>();
        services.AddScoped<Codes.Contracts.ILegacyFeedTarget, CreditFeedTarget>();
        // --- end Credit ---
        services.AddLpcoRegisters();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        // --- Credit (PBC) ---
        app.MapGroup("/api/ministries/credit").WithTags("Ministries: credit").MapCredit();
        // --- end Credit ---
        app.MapGroup("/api/ministries").WithTags("Ministries").MapLpcos();
    }
}
