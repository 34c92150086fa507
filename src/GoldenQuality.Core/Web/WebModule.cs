using System.Globalization;
using GoldenQuality.Common;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Web;

/// <summary>The web interface: server-rendered Razor components (static SSR) in the node's own host (decision 0004).</summary>
internal sealed class WebModule : IGqModule
{
    /// <summary>Chinese first: most users are Chinese officers and declarants; English is one click away.</summary>
    public static readonly CultureInfo[] Cultures = [CultureInfo.GetCultureInfo("zh-CN"), CultureInfo.GetCultureInfo("en")];

    public string Name => "Web";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents();
        services.AddLocalization();
        // The cookie's name is the node's own (Identity's node security names it, as it names the session cookie).
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddHttpContextAccessor();
        services.AddScoped<WebSession>();
        services.Configure<DemoModeOptions>(configuration.GetSection(DemoModeOptions.Section));
        services.AddSingleton<DemoAccounts>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Pages: only the user's explicit choice counts, so the interface does not change language behind their back.
            // The API answers in the language its client asks for (Accept-Language), English unless it asks for Chinese.
            o.RequestCultureProviders = [new CustomRequestCultureProvider(ApiCulture), new CookieRequestCultureProvider()];
        });
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapGet("/culture/{name}", SetCulture).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/sign-out", (Delegate)SignOut).AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        app.MapLookups();
        app.MapWorklistExports();
        // Pages need sign-in (the start and sign-in pages say [AllowAnonymous]); each page shows only what the user may see.
        app.MapRazorComponents<App>().RequireAuthorization(Identity.Contracts.Policies.SignedIn);
    }

    private static Task<ProviderCultureResult?> ApiCulture(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult<ProviderCultureResult?>(null);
        }

        var chinese = http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1)
            .FirstOrDefault(l => l.Quality is not 0)?.Value.Value?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true;
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(chinese ? "zh-CN" : "en"));
    }

    /// <summary>A path on this site, or <c>/</c>: never redirect elsewhere.</summary>
    public static string Local(string? url) =>
        url is { Length: > 0 } u && u[0] == '/' && (u.Length == 1 || (u[1] != '/' && u[1] != '\\')) ? u : "/";

    private static IResult SetCulture(HttpContext http, string name, string? returnUrl)
    {
        var culture = Cultures.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = http.Request.IsHttps });
        return Results.LocalRedirect(Local(returnUrl));
    }

    private static async Task<IResult> SignOut(HttpContext http, Identity.Contracts.SignOutUser handler)
    {
        await handler.HandleAsync(http, http.RequestAborted);
        return Results.LocalRedirect("/");
    }
}
