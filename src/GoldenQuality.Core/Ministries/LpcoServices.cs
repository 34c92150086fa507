using GoldenQuality.Persistence;
using GoldenQuality.Ministries.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Ministries;

/// <summary>The LPCO registers' services: the register, the use cases, the register file loader, the exchange parts and the expiry sweep.</summary>
internal static class LpcoServices
{
    public static void AddLpcoRegisters(this IServiceCollection services)
    {
        services.AddOptions<MinistriesOptions>().BindConfiguration(MinistriesOptions.Section);
        services.AddScoped<LpcoRegister>();
        services.AddScoped(sp => new ApplyForLpco(sp.GetRequiredService<LpcoRegister>()));
        services.AddScoped(sp => new RegisterLpco(sp.GetRequiredService<LpcoRegister>()));
        services.AddScoped(sp => new StartLpcoReview(sp.GetRequiredService<LpcoRegister>()));
        services.AddScoped(sp => new IssueLpco(sp.GetRequiredService<LpcoRegister>()));
        services.AddScoped(sp => new RefuseLpco(sp.GetRequiredService<LpcoRegister>()));
        services.AddScoped(sp => new AmendLpco(sp.GetRequiredService<LpcoRegister>()));
        services.AddScoped(sp => new SuspendLpco(sp.GetRequiredService<LpcoRegister>()));
        services.AddScoped(sp => new ReinstateLpco(sp.GetRequiredService<LpcoRegister>()));
        services.AddScoped(sp => new RevokeLpco(sp.GetRequiredService<LpcoRegister>()));
        services.AddScoped(sp => new ExpireLpcos(sp.GetRequiredService<LpcoRegister>()));
        services.AddScoped(sp => new AttachLpcoDocument(sp.GetRequiredService<LpcoRegister>()));
        services.AddScoped(sp => new GetLpcoAttachment(sp.GetRequiredService<LpcoRegister>(), sp.GetRequiredService<Audit.Contracts.IReadAudit>()));
        services.AddScoped(sp => new ListLpcos(sp.GetRequiredService<LpcoRegister>()));
        services.AddScoped(sp => new GetLpco(sp.GetRequiredService<LpcoRegister>(), sp.GetRequiredService<Audit.Contracts.IReadAudit>()));
        services.AddScoped(sp => new ReviewInspectionResult(sp.GetRequiredService<LpcoRegister>(), sp.GetRequiredService<Accountability.Contracts.IDataUseFeedback>()));
        services.AddScoped<Exchange.Contracts.IEnvelopeHandler, ImportInspectionCompletedHandler>();
        services.AddScoped<ILpcoRegisterFile, LpcoRegisterFile>();
        services.AddScoped<Codes.Contracts.ILegacyFeedTarget, LpcoFeedTarget>();
        services.AddLpcoExchange();
        services.AddLeaderOnlyService<LpcoExpirySweep>();
    }
}
