namespace GoldenQuality.Identity;

/// <summary>What a user may do. A user may hold several roles.</summary>
[Flags]
public enum UserRoles
{
    None = 0,
    /// <summary>An officer of an agency office.</summary>
    Officer = 1,
    /// <summary>An officer who may also change the records of the office's administrative line.</summary>
    Supervisor = 2,
    /// <summary>Administers users, keys and reference data.</summary>
    Admin = 4,
    /// <summary>Acts for one enterprise only.</summary>
    EnterpriseUser = 8,
    /// <summary>A machine client that signs in with an API key.</summary>
    System = 16,
}

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

    internal static User Create(Guid id, string userName, string displayName, UserRoles roles, Guid? organisationId, Guid? enterpriseId, DateTimeOffset now) =>
        new() { Id = id, UserName = userName, DisplayName = displayName, Roles = roles, OrganisationId = organisationId, EnterpriseId = enterpriseId, CreatedAt = now };

    internal void SetPasswordHash(string hash) => PasswordHash = hash;

    internal void Deactivate() => Active = false;
}

/// <summary>An API key for a system client. Only its SHA-256 hash is stored.</summary>
public sealed class ApiKey
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
