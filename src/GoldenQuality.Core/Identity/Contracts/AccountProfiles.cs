namespace GoldenQuality.Identity.Contracts;

/// <summary>A user account as other modules show it: names and the ids of its office or enterprise.</summary>
public sealed record AccountProfile(Guid UserId, string UserName, string DisplayName, Guid? OrganisationId, Guid? EnterpriseId, bool Active);

/// <summary>Identity's read seam for accounts (the web pages' header, for instance); never Identity's tables.</summary>
public interface IAccountProfiles
{
    Task<AccountProfile?> FindAsync(Guid userId, CancellationToken ct);
}
