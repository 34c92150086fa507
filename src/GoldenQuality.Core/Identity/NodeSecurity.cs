using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using GoldenQuality.Common;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GoldenQuality.Identity;

/// <summary>
/// The node's security domain (decision 0006): its own data-protection keys and cookie name, sessions re-checked
/// against its own users, sign-in throttling and lockout, the cross-site rule for cookie calls, and security headers.
/// </summary>
public static class NodeSecurity
{
    /// <summary>The header a browser page of this node sends with every cookie-authenticated change under /api.</summary>
    public const string RequestHeader = "X-GQ-Request";

    /// <summary>Everything but the API reference: no inline script, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The API reference page (Scalar) configures itself with an inline script; still no other origin and no framing.</summary>
    public const string DocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The security domain's name: the exchange node id, or the database's identity when the exchange is off.</summary>
    public static string ApplicationName(IConfiguration configuration, string database)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration["Exchange:NodeId"] is { Length: > 0 } nodeId ? nodeId : "gq-db:" + DatabaseIdentity(database);
    }

    /// <summary>The session cookie of this node: <c>gq.session.</c> and a short hash of the application name.</summary>
    public static string CookieName(string applicationName) => "gq.session." + CookieSuffix(applicationName);

    /// <summary>
    /// The anti-forgery cookie of this node: <c>gq.antiforgery.</c> and the same hash. Browsers send a host's cookies to
    /// every port of it, so nodes on one host would otherwise overwrite each other's token, which only the node's own
    /// keys can read, and a form opened on one node would fail once a page of another was loaded.
    /// </summary>
    public static string AntiforgeryCookieName(string applicationName) => "gq.antiforgery." + CookieSuffix(applicationName);

    private static string CookieSuffix(string applicationName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(applicationName)))[..12];

    public static void AddNodeSecurity(this IServiceCollection services, IConfiguration configuration, string database)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var applicationName = ApplicationName(configuration, database);
        var cookieName = CookieName(applicationName);
        var keys = security.KeysFolder ?? KeysFolder(configuration, database, applicationName);
        PrivateFiles.EnsureFolder(keys);
        services.AddDataProtection().SetApplicationName(applicationName);
        services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory>((o, logs) =>
            o.XmlRepository = new PrivateXmlRepository(new DirectoryInfo(keys), logs));

        if (security.PasswordHashIterations < SecurityOptions.MinimumPasswordHashIterations)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Security:PasswordHashIterations is {security.PasswordHashIterations}; a node needs at least {SecurityOptions.MinimumPasswordHashIterations}."));
        }

        services.Configure<PasswordHasherOptions>(o => o.IterationCount = security.PasswordHashIterations);
        services.TryAddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<UnknownAccountHash>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SignInAddressLimit>();
        services.AddScoped<Sessions>();
        services.AddSingleton(new SessionCookie(cookieName));
        services.PostConfigure<AntiforgeryOptions>(o => o.Cookie.Name = AntiforgeryCookieName(applicationName));

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "gq";
                o.DefaultChallengeScheme = "gq";
            })
            .AddPolicyScheme("gq", "API key or cookie", o =>
                o.ForwardDefaultSelector = http => ApiKeys.Read(http.Request) is not null ? ApiKeys.Scheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeys.Scheme, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = cookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.LoginPath = "/sign-in";
                o.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateAsync;
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    /// <summary>Security headers first (so that every answer has them), then after authentication the throttle and the cross-site rule.</summary>
    public static void UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["X-Frame-Options"] = "DENY";
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/docs", StringComparison.Ordinal)
                || http.Request.Path.StartsWithSegments("/scalar", StringComparison.Ordinal)
                ? DocsContentSecurityPolicy
                : ContentSecurityPolicy;
            return Task.CompletedTask;
        });
        return next(http);
    });

    /// <summary>The per-address sign-in limiter and the cross-site rule for cookie-authenticated changes (after UseAuthentication).</summary>
    public static void UseNodeSecurity(this IApplicationBuilder app)
    {
        app.Use(async (http, next) =>
        {
            if (IsSignIn(http.Request) &&
                http.RequestServices.GetRequiredService<SignInAddressLimit>().Attempt(http.Connection.RemoteIpAddress?.ToString() ?? "unknown") is { } wait)
            {
                await TooManyAsync(http, wait, new Message("identity.sign-in.address-throttled"));
                return;
            }

            if (CrossSiteReason(http) is { } reason)
            {
                await Problems.Coded(StatusCodes.Status403Forbidden, "Cross-site request refused", reason,
                    new Dictionary<string, object?> { ["header"] = RequestHeader }).ExecuteAsync(http);
                return;
            }

            await next(http);
        });
    }

    /// <summary>Why a cookie-authenticated change under /api is refused, or null when it may go on.</summary>
    internal static Message? CrossSiteReason(HttpContext http)
    {
        var request = http.Request;
        if (!request.Path.StartsWithSegments("/api", StringComparison.Ordinal) ||
            HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) ||
            ApiKeys.Read(request) is not null)
        {
            return null;
        }

        var cookie = http.RequestServices.GetRequiredService<SessionCookie>().Name;
        if (!request.Cookies.ContainsKey(cookie) && !IsSignIn(request))
        {
            return null;
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return new Message("identity.cross-site.site", site);
        }

        var origin = request.Headers.Origin.ToString();
        var own = request.Scheme + "://" + request.Host.Value;
        if (origin.Length > 0 && !string.Equals(origin, own, StringComparison.OrdinalIgnoreCase))
        {
            return new Message("identity.cross-site.origin", origin, own);
        }

        if (!string.Equals(request.Headers[RequestHeader].ToString(), "1", StringComparison.Ordinal))
        {
            return new Message("identity.cross-site.header", RequestHeader);
        }

        return null;
    }

    /// <summary>A 429 problem with Retry-After.</summary>
    internal static Task TooManyAsync(HttpContext http, TimeSpan after, Message reason)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Coded(StatusCodes.Status429TooManyRequests, "Too many requests", reason,
            new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds }).ExecuteAsync(http);
    }

    private static bool IsSignIn(HttpRequest request) => HttpMethods.IsPost(request.Method) &&
        (request.Path.Equals("/api/auth/sign-in", StringComparison.Ordinal) || request.Path.Equals("/sign-in", StringComparison.Ordinal));

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null)
        {
            context.RejectPrincipal();
            return;
        }

        var services = context.HttpContext.RequestServices;
        var current = await Sessions.ValidateCookieAsync(services.GetRequiredService<GqDbContext>(), services.GetRequiredService<Contracts.IAccountDirectory>(), services.GetRequiredService<IMemoryCache>(),
            context.Principal, context.HttpContext.RequestAborted);
        if (current is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        else if (!ReferenceEquals(current, context.Principal))
        {
            context.ReplacePrincipal(current);
            context.ShouldRenew = true;
        }
    }

    /// <summary>API calls get a status code, not a redirect to the sign-in page.</summary>
    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) ||
            context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal) ||
            context.Request.Path.StartsWithSegments("/openapi", StringComparison.Ordinal))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>The SQLite file's full path, or the PostgreSQL server and database (never the password).</summary>
    private static string DatabaseIdentity(string database)
    {
        if (Database.DetectProvider(database) == DatabaseProvider.Postgres)
        {
            var b = new Npgsql.NpgsqlConnectionStringBuilder(database.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) ? "" : database);
            return database.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
                ? new Uri(database).GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
                : string.Create(CultureInfo.InvariantCulture, $"postgres://{b.Host}:{b.Port}/{b.Database}");
        }

        return Path.GetFullPath(new SqliteConnectionStringBuilder(Database.NormaliseSqlite(database)).DataSource);
    }

    /// <summary>Next to the SQLite file, else next to the node key, else under the user's local data, one folder per domain.</summary>
    private static string KeysFolder(IConfiguration configuration, string database, string applicationName)
    {
        if (Database.DetectProvider(database) == DatabaseProvider.Sqlite)
        {
            var file = DatabaseIdentity(database);
            return Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file) + ".keys");
        }

        if (configuration["Exchange:NodeId"] is { Length: > 0 } && configuration["Exchange:KeyFile"] is { Length: > 0 } keyFile)
        {
            return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(keyFile))!, "data-protection-keys");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(applicationName)))[..16];
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "gq", "keys-" + hash);
    }

    /// <summary>The key ring on disk, each key file 0600 in a 0700 folder.</summary>
    private sealed class PrivateXmlRepository(DirectoryInfo folder, ILoggerFactory logs) : IXmlRepository
    {
        private readonly FileSystemXmlRepository inner = new(folder, logs);

        public IReadOnlyCollection<XElement> GetAllElements() => inner.GetAllElements();

        public void StoreElement(XElement element, string friendlyName)
        {
            inner.StoreElement(element, friendlyName);
            foreach (var file in folder.GetFiles("*.xml"))
            {
                PrivateFiles.Restrict(file.FullName);
            }
        }
    }
}

/// <summary>The name of this node's session cookie.</summary>
internal sealed record SessionCookie(string Name);
