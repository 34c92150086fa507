using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Identity;

/// <summary>Sign-in protection of a node (section <c>Security</c>; decision 0006).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Wrong passwords in a row that lock an account.</summary>
    public int LockoutFailures { get; set; } = 5;

    /// <summary>How long a locked account refuses sign-in, even with the right password.</summary>
    public TimeSpan LockoutPeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts (API and web form) one client address may make per minute.</summary>
    public int SignInsPerAddressPerMinute { get; set; } = 60;

    /// <summary>Wrong passwords one user name (known or not) may collect per minute before further attempts wait.</summary>
    public int FailuresPerAccountPerMinute { get; set; } = 10;

    /// <summary>Where the data-protection keys live; by default next to the database or the node key.</summary>
    public string? KeysFolder { get; set; }

    /// <summary>The lowest work factor a node accepts for <see cref="PasswordHashIterations"/>.</summary>
    public const int MinimumPasswordHashIterations = 1_000;

    /// <summary>
    /// PBKDF2 (HMAC-SHA512) iterations of new password hashes; ASP.NET Core's default. A stored hash keeps the count it was
    /// made with and is made again at the next sign-in when this is raised. The test suite lowers it, as it signs in
    /// thousands of times; a node refuses to start below <see cref="MinimumPasswordHashIterations"/>.
    /// </summary>
    public int PasswordHashIterations { get; set; } = 100_000;
}

/// <summary>A password hash no account has, made with the node's own work factor: checked for an unknown or locked account so that timing tells nothing.</summary>
internal sealed class UnknownAccountHash(IPasswordHasher<User> hasher)
{
    private readonly Lazy<string> hash = new(() => hasher.HashPassword(null!, "gq-no-such-user-" + Guid.NewGuid().ToString("N")));

    public string Value => hash.Value;
}

/// <summary>
/// Fixed one-minute windows per key, in memory. The node's container owns each limiter and disposes it with the node:
/// ASP.NET Core's rate-limiting middleware is not used, since it never disposes the limiter it makes, whose timer then
/// keeps a stopped node's whole pipeline reachable (dotnet/aspnetcore#66434; decision 0029).
/// </summary>
internal abstract class PerMinuteLimit(Func<int> permits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> windows = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits()),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public void Dispose() => windows.Dispose();

    /// <summary>Takes <paramref name="count"/> permits of the key's window (0 only looks): null when granted, otherwise how long to wait.</summary>
    protected TimeSpan? Take(string key, int count)
    {
        using var lease = windows.AttemptAcquire(key, count);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }
}

/// <summary>The per-account limiter of wrong passwords (per node instance).</summary>
internal sealed class SignInThrottle(IOptions<SecurityOptions> options) : PerMinuteLimit(() => options.Value.FailuresPerAccountPerMinute)
{
    /// <summary>Null when this user name may try again; otherwise how long it must wait.</summary>
    public TimeSpan? Wait(string userName) => Take(Key(userName), 0);

    public void Failed(string userName) => Take(Key(userName), 1);

    private static string Key(string userName) => userName.Trim().ToUpperInvariant();
}

/// <summary>The per-address limiter of sign-in attempts, right or wrong (per node instance).</summary>
internal sealed class SignInAddressLimit(IOptions<SecurityOptions> options) : PerMinuteLimit(() => options.Value.SignInsPerAddressPerMinute)
{
    /// <summary>Counts an attempt from this address: null when it may go on; otherwise how long the address must wait.</summary>
    public TimeSpan? Attempt(string address) => Take(address, 1);
}

/// <summary>
/// Sessions of people: sign-in creates a server-side session that the cookie names; every request re-checks the
/// session and the user against this node's own users (existence, active flag, security stamp), through a
/// short cache that changes made on any instance of this node clear at once (<see cref="NodeSignals"/>).
/// </summary>
internal sealed class Sessions(GqDbContext db, IAccountDirectory accounts, TimeProvider clock, NodeSignals signals, IPasswordHasher<User> hasher,
    SignInThrottle throttle, UnknownAccountHash unknownAccount, IOptions<SecurityOptions> options)
{
    public const string SessionClaim = "gq:session";
    public const string StampClaim = "gq:stamp";
    internal static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary>The user's current state as this node knows it.</summary>
    internal sealed record UserState(bool Active, string Stamp);

    /// <summary>
    /// Checks a password with the same work whether the user exists or not, and applies throttling and lockout. A
    /// refusal is saved here; a success is saved with the session by <see cref="SignInAsync"/>, which must follow.
    /// </summary>
    public async Task<(SignInOutcome Outcome, User? User, TimeSpan RetryAfter)> CheckPasswordAsync(string userName, string password, string address, CancellationToken ct)
    {
        var o = options.Value;
        if (throttle.Wait(userName) is { } wait)
        {
            return (SignInOutcome.Throttled, null, wait);
        }

        var now = clock.GetUtcNow();
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null || !user.Active || user.PasswordHash.Length == 0)
        {
            // The same PBKDF2 work as for a real account, so that timing does not tell which names exist.
            hasher.VerifyHashedPassword(user ?? PlaceHolder, unknownAccount.Value, password);
            throttle.Failed(userName);
            return (SignInOutcome.WrongCredentials, null, TimeSpan.Zero);
        }

        if (user.IsLocked(now))
        {
            hasher.VerifyHashedPassword(user, unknownAccount.Value, password);
            db.SecurityEvents.Add(SecurityEvent.Create(Ids.New(clock), now, "sign-in-while-locked", user.UserName, address,
                string.Create(CultureInfo.InvariantCulture, $"refused: locked until {user.LockedUntil:O}")));
            await db.SaveChangesAsync(ct);
            return (SignInOutcome.Locked, null, user.LockedUntil!.Value - now);
        }

        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            throttle.Failed(userName);
            if (user.SignInFailed(o.LockoutFailures, o.LockoutPeriod, now))
            {
                db.SecurityEvents.Add(SecurityEvent.Create(Ids.New(clock), now, "account-locked", user.UserName, address,
                    string.Create(CultureInfo.InvariantCulture, $"{o.LockoutFailures} wrong passwords in a row; locked until {user.LockedUntil:O}")));
                await db.SaveChangesAsync(ct);
                return (SignInOutcome.Locked, null, o.LockoutPeriod);
            }

            await db.SaveChangesAsync(ct);
            return (SignInOutcome.WrongCredentials, null, TimeSpan.Zero);
        }

        user.SignInSucceeded();
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.SetPasswordHash(hasher.HashPassword(user, password));
        }

        return (SignInOutcome.SignedIn, user, TimeSpan.Zero);
    }

    /// <summary>Opens a session for the user and sets the cookie; saves the session with what the password check changed (one save).</summary>
    public async Task SignInAsync(HttpContext http, User user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(user);
        var session = UserSession.Create(Ids.New(clock), user.Id, clock.GetUtcNow());
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        var identity = await IdentityOfAsync(accounts, user, CookieAuthenticationDefaults.AuthenticationScheme, ct);
        identity.AddClaim(new Claim(SessionClaim, session.Id.ToString()));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>Revokes the current session on the server and deletes the cookie.</summary>
    public async Task SignOutAsync(HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (Guid.TryParse(http.User.FindFirstValue(SessionClaim), out var id))
        {
            var session = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == id, ct);
            if (session is not null)
            {
                session.Revoke(clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
            }

            await signals.EvictAsync(SessionKey(id), ct);
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Forgets what every instance of this node cached about a user after a change to it (roles, active flag, password).</summary>
    public static Task ChangedAsync(NodeSignals signals, Guid userId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signals);
        return signals.EvictAsync(UserKey(userId), ct);
    }

    /// <summary>The cookie's principal if its session and user are still valid here, a refreshed one if the user changed, or null.</summary>
    public static async Task<ClaimsPrincipal?> ValidateCookieAsync(GqDbContext db, IAccountDirectory accounts, IMemoryCache cache, ClaimsPrincipal principal, CancellationToken ct)
    {
        if (!Guid.TryParse(principal.FindFirstValue(GqClaims.UserId), out var userId) ||
            !Guid.TryParse(principal.FindFirstValue(SessionClaim), out var sessionId))
        {
            return null;
        }

        if (!cache.TryGetValue(SessionKey(sessionId), out bool live))
        {
            live = await db.UserSessions.AsNoTracking().AnyAsync(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null, ct);
            cache.Set(SessionKey(sessionId), live, CacheFor);
        }

        if (!live)
        {
            return null;
        }

        var state = await StateAsync(db, cache, userId, ct);
        if (state is null || !state.Active)
        {
            return null;
        }

        if (string.Equals(state.Stamp, principal.FindFirstValue(StampClaim), StringComparison.Ordinal))
        {
            return principal;
        }

        // Roles, office or enterprise changed: the session continues with what the user is now.
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || !user.Active)
        {
            return null;
        }

        var identity = await IdentityOfAsync(accounts, user, CookieAuthenticationDefaults.AuthenticationScheme, ct);
        identity.AddClaim(new Claim(SessionClaim, sessionId.ToString()));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>True when an identity (cookie or API key) still matches the user's current state on this node.</summary>
    public static async Task<bool> IsCurrentAsync(GqDbContext db, IMemoryCache cache, ClaimsIdentity identity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (!Guid.TryParse(identity.FindFirst(GqClaims.UserId)?.Value, out var userId))
        {
            return false;
        }

        var state = await StateAsync(db, cache, userId, ct);
        return state is { Active: true } && string.Equals(state.Stamp, identity.FindFirst(StampClaim)?.Value, StringComparison.Ordinal);
    }

    internal static async Task<ClaimsIdentity> IdentityOfAsync(IAccountDirectory accounts, User user, string scheme, CancellationToken ct)
    {
        var organisation = user.OrganisationId is { } id ? await accounts.FindOrganisationAsync(id, ct) : null;
        var enterprise = user.EnterpriseId is { } e ? await accounts.FindEnterpriseAsync(e, ct) : null;
        var identity = AccountClaims.Identity(user, organisation, enterprise, scheme);
        identity.AddClaim(new Claim(StampClaim, user.SecurityStamp));
        return identity;
    }

    private static async Task<UserState?> StateAsync(GqDbContext db, IMemoryCache cache, Guid userId, CancellationToken ct)
    {
        if (cache.TryGetValue(UserKey(userId), out UserState? state))
        {
            return state;
        }

        state = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new UserState(u.Active, u.SecurityStamp)).FirstOrDefaultAsync(ct);
        if (state is not null)
        {
            cache.Set(UserKey(userId), state, CacheFor);
        }

        return state;
    }

    private static readonly User PlaceHolder = User.Create(Guid.Empty, "", "", UserRoles.None, null, null, DateTimeOffset.UnixEpoch);

    private static string UserKey(Guid userId) => "gq-user:" + userId.ToString();

    private static string SessionKey(Guid sessionId) => "gq-session:" + sessionId.ToString();
}
