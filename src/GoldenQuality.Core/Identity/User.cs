using GoldenQuality.Identity.Contracts;

namespace GoldenQuality.Identity;

/// <summary>A person or system that signs in. It belongs to an office or to an enterprise.</summary>
public sealed class User
{
    private User()
    {
    }

    public Guid Id { get; private set; }

    public string UserName { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    /// <summary>ASP.NET Core Identity's PBKDF2 hash; empty for system users that sign in with API keys only.</summary>
    public string PasswordHash { get; private set; } = "";

    public UserRoles Roles { get; private set; }

    public Guid? OrganisationId { get; private set; }

    public Guid? EnterpriseId { get; private set; }

    public bool Active { get; private set; } = true;

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Changes whenever the password, roles, office, enterprise or active flag change: sessions issued
    /// under an older stamp end at their next request (decision 0006).</summary>
    public string SecurityStamp { get; private set; } = "";

    /// <summary>Wrong passwords since the last successful sign-in or lockout.</summary>
    public int FailedSignIns { get; private set; }

    /// <summary>Sign-in is refused until this time after too many wrong passwords.</summary>
    public DateTimeOffset? LockedUntil { get; private set; }

    internal static User Create(Guid id, string userName, string displayName, UserRoles roles, Guid? organisationId, Guid? enterpriseId, DateTimeOffset now) =>
        new() { Id = id, UserName = userName, DisplayName = displayName, Roles = roles, OrganisationId = organisationId, EnterpriseId = enterpriseId, CreatedAt = now, SecurityStamp = NewStamp() };

    internal void SetPasswordHash(string hash)
    {
        PasswordHash = hash;
        SecurityStamp = NewStamp();
    }

    internal void Deactivate()
    {
        Active = false;
        SecurityStamp = NewStamp();
    }

    internal void Activate()
    {
        Active = true;
        SecurityStamp = NewStamp();
    }

    internal void SetRoles(UserRoles roles)
    {
        Roles = roles;
        SecurityStamp = NewStamp();
    }

    /// <summary>Counts a wrong password; locks the account for <paramref name="lockFor"/> at the <paramref name="limit"/>th. True when this failure locked it.</summary>
    internal bool SignInFailed(int limit, TimeSpan lockFor, DateTimeOffset now)
    {
        FailedSignIns++;
        if (FailedSignIns < limit)
        {
            return false;
        }

        FailedSignIns = 0;
        LockedUntil = now + lockFor;
        return true;
    }

    internal void SignInSucceeded()
    {
        FailedSignIns = 0;
        LockedUntil = null;
    }

    internal bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;

    private static string NewStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}

/// <summary>A signed-in session: the cookie names it, and signing out revokes it on the server.</summary>
internal sealed class UserSession
{
    private UserSession()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    internal static UserSession Create(Guid id, Guid userId, DateTimeOffset now) => new() { Id = id, UserId = userId, CreatedAt = now };

    internal void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}

/// <summary>A security event of this node (lockouts, refused sign-ins while locked): who, when, from which address.</summary>
internal sealed class SecurityEvent
{
    private SecurityEvent()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>e.g. <c>account-locked</c>, <c>sign-in-while-locked</c>.</summary>
    public string Kind { get; private set; } = "";

    public string UserName { get; private set; } = "";

    /// <summary>The client's IP address as the node saw it.</summary>
    public string Address { get; private set; } = "";

    public string Detail { get; private set; } = "";

    internal static SecurityEvent Create(Guid id, DateTimeOffset at, string kind, string userName, string address, string detail) =>
        new() { Id = id, At = at, Kind = kind, UserName = userName, Address = address, Detail = detail };
}

/// <summary>An API key for a system client. Only its SHA-256 hash is stored.</summary>
internal sealed class ApiKey
{
    private ApiKey()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The first characters of the key, so that an operator can tell keys apart.</summary>
    public string Prefix { get; private set; } = "";

    /// <summary>Lower-case hex SHA-256 of the whole key.</summary>
    public string Hash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    internal static ApiKey Create(Guid id, Guid userId, string name, string prefix, string hash, DateTimeOffset now) =>
        new() { Id = id, UserId = userId, Name = name, Prefix = prefix, Hash = hash, CreatedAt = now };

    internal void Revoke(DateTimeOffset now) => RevokedAt = now;
}
