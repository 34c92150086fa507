namespace GoldenQuality.Identity.Contracts;

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
