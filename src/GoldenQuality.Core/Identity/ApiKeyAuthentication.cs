using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Identity;

/// <summary>API keys for systems: <c>gq_</c> followed by 43 random URL-safe characters; only a SHA-256 hash is kept.</summary>
internal static class ApiKeys
{
    public const string Scheme = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>A new key: the secret to hand out once, and the record to store.</summary>
    internal static (string Secret, ApiKey Record) Issue(Guid userId, string name, TimeProvider clock)
    {
        var secret = "gq_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (secret, ApiKey.Create(Ids.New(clock), userId, name, secret[..10], Hash(secret), clock.GetUtcNow()));
    }

    /// <summary>Lower-case hex SHA-256 of the key. Keys carry 256 random bits, so a fast hash is enough.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Reads a key from <c>X-Api-Key</c> or <c>Authorization: Bearer</c>.</summary>
    public static string? Read(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue(HeaderName, out var header) && header.Count > 0)
        {
            return header[0];
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// Authenticates API keys. Successful look-ups are cached for a short time so that a busy client does not
/// cost a database round trip per request; revoking a key on this node clears its cache entry at once.
/// </summary>
internal sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    GqDbContext db,
    IAccountDirectory accounts,
    IMemoryCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    internal static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    internal static string CacheKey(string hash) => "apikey:" + hash;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = ApiKeys.Read(Request);
        if (string.IsNullOrEmpty(secret))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = ApiKeys.Hash(secret);
        if (cache.TryGetValue(CacheKey(hash), out ClaimsIdentity? identity) &&
            !await Sessions.IsCurrentAsync(db, cache, identity!, Context.RequestAborted))
        {
            // The key's user was deactivated or changed since the key was cached: look it up again.
            cache.Remove(CacheKey(hash));
            identity = null;
        }

        if (identity is null)
        {
            var found = await db.ApiKeys.AsNoTracking()
                .Where(k => k.Hash == hash && k.RevokedAt == null)
                .Join(db.Users.Where(u => u.Active), k => k.UserId, u => u.Id, (k, u) => u)
                .FirstOrDefaultAsync(Context.RequestAborted);
            if (found is null)
            {
                return AuthenticateResult.Fail("The API key is unknown or revoked.");
            }

            identity = await Sessions.IdentityOfAsync(accounts, found, Scheme.Name, Context.RequestAborted);
            cache.Set(CacheKey(hash), identity, CacheFor);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity!), Scheme.Name));
    }
}
