using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Web;

/// <summary>The web interface: server-rendered Razor components (static SSR) in the node's own host.</summary>
internal static class WebModule
{
    public static readonly CultureInfo[] Cultures = [CultureInfo.GetCultureInfo("zh-CN"), CultureInfo.GetCultureInfo("en")];

    public static void AddWeb(IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddLocalization();
        services.AddAntiforgery();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
    }

    public static void MapWeb(WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>();
    }
}
