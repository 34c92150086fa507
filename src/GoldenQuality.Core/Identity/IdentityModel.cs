using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Identity;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("identity_users");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserName).HasMaxLength(128);
        b.HasIndex(x => x.UserName).IsUnique();
        b.Property(x => x.DisplayName).HasMaxLength(256);
        b.Property(x => x.PasswordHash).HasMaxLength(256);
        b.Property(x => x.Roles).HasConversion<int>();
        b.Property(x => x.SecurityStamp).HasMaxLength(64);
    }
}

/// <summary>
/// A user belongs to a Registry organisation or enterprise. The foreign keys stay in the database (the model is
/// unchanged); they name the Registry's entities by type name, so that Identity's code does not depend on the Registry's.
/// </summary>
internal sealed class UserRegistryKeys : Persistence.IModelRelationships
{
    private const string RegistryOrganisation = "GoldenQuality.Registry.Organisation";
    private const string RegistryEnterprise = "GoldenQuality.Registry.Enterprise";

    public void Apply(ModelBuilder modelBuilder)
    {
        var b = modelBuilder.Entity<User>();
        b.HasOne(RegistryOrganisation, navigationName: null).WithMany().HasForeignKey(nameof(User.OrganisationId)).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(RegistryEnterprise, navigationName: null).WithMany().HasForeignKey(nameof(User.EnterpriseId)).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("identity_api_keys");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(128);
        b.Property(x => x.Prefix).HasMaxLength(16);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasIndex(x => x.Hash).IsUnique();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.ToTable("identity_sessions");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.UserId);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> b)
    {
        b.ToTable("identity_security_events");
        b.HasKey(x => x.Id);
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.UserName).HasMaxLength(128);
        b.Property(x => x.Address).HasMaxLength(64);
        b.Property(x => x.Detail).HasMaxLength(256);
        b.HasIndex(x => new { x.UserName, x.At });
    }
}
