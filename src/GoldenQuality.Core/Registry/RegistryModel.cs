using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Registry;

internal sealed class AreaConfiguration : IEntityTypeConfiguration<AdministrativeArea>
{
    public void Configure(EntityTypeBuilder<AdministrativeArea> b)
    {
        b.ToTable("registry_areas");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(6);
        b.Property(x => x.ParentCode).HasMaxLength(6);
        b.Property(x => x.NameZh).HasMaxLength(128);
        b.Property(x => x.NameEn).HasMaxLength(128);
        b.HasIndex(x => x.ParentCode);
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.ToTable("registry_organisations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Code).HasMaxLength(64);
        b.HasIndex(x => x.Code).IsUnique();
        b.Property(x => x.Agency).HasMaxLength(32);
        b.Property(x => x.NameZh).HasMaxLength(256);
        b.Property(x => x.NameEn).HasMaxLength(256);
        b.Property(x => x.ProvinceCode).HasMaxLength(6);
        b.Property(x => x.Jurisdiction).HasMaxLength(512);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.ProvinceCode, x.Agency });
    }
}

internal sealed class OrganisationLinkConfiguration : IEntityTypeConfiguration<OrganisationLink>
{
    public void Configure(EntityTypeBuilder<OrganisationLink> b)
    {
        b.ToTable("registry_organisation_links");
        b.HasKey(x => x.Id);
        b.HasOne(x => x.From).WithMany().HasForeignKey(x => x.FromId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.To).WithMany().HasForeignKey(x => x.ToId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.FromId, x.ToId, x.Type }).IsUnique();
        b.HasIndex(x => x.ToId);
    }
}

internal sealed class PortConfiguration : IEntityTypeConfiguration<Port>
{
    public void Configure(EntityTypeBuilder<Port> b)
    {
        b.ToTable("registry_ports");
        b.HasKey(x => x.Locode);
        b.Property(x => x.Locode).HasMaxLength(5);
        b.Property(x => x.NameZh).HasMaxLength(128);
        b.Property(x => x.NameEn).HasMaxLength(128);
        b.Property(x => x.AreaCode).HasMaxLength(6);
        b.HasOne(x => x.Office).WithMany().HasForeignKey(x => x.OfficeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    public void Configure(EntityTypeBuilder<Enterprise> b)
    {
        b.ToTable("registry_enterprises");
        b.HasKey(x => x.Id);
        b.Property(x => x.Uscc).HasMaxLength(18);
        b.HasIndex(x => x.Uscc).IsUnique();
        b.Property(x => x.NameZh).HasMaxLength(256);
        b.Property(x => x.NameEn).HasMaxLength(256);
        b.Property(x => x.Address).HasMaxLength(512);
        b.Property(x => x.AreaCode).HasMaxLength(6);
        b.Property(x => x.LegalRepresentative).HasMaxLength(128);
        b.Property(x => x.BusinessScope).HasMaxLength(4000);
        // Roles are a set of flags, filtered with bitwise AND; the default enum-as-name convention cannot do that.
        b.Property(x => x.Roles).HasConversion<int>();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.AreaCode);
        b.HasMany(x => x.Registrations).WithOne().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Registrations).HasField("registrations").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class EnterpriseRegistrationConfiguration : IEntityTypeConfiguration<EnterpriseRegistration>
{
    public void Configure(EntityTypeBuilder<EnterpriseRegistration> b)
    {
        b.ToTable("registry_enterprise_registrations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Kind).HasMaxLength(64);
        b.Property(x => x.Number).HasMaxLength(64);
        b.HasOne(x => x.AgencyOrganisation).WithMany().HasForeignKey(x => x.AgencyOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AgencyOrganisationId, x.Kind, x.Number }).IsUnique();
    }
}

internal sealed class EnterpriseChangeConfiguration : IEntityTypeConfiguration<EnterpriseChange>
{
    public void Configure(EntityTypeBuilder<EnterpriseChange> b)
    {
        b.ToTable("registry_enterprise_changes");
        b.HasKey(x => x.Id);
        b.Property(x => x.ChangedBy).HasMaxLength(128);
        b.Property(x => x.OnBehalfOf).HasMaxLength(64);
        b.Property(x => x.Field).HasMaxLength(64);
        b.HasIndex(x => new { x.EnterpriseId, x.At });
    }
}

internal sealed class ReferenceDataLoadConfiguration : IEntityTypeConfiguration<ReferenceDataLoad>
{
    public void Configure(EntityTypeBuilder<ReferenceDataLoad> b)
    {
        b.ToTable("registry_reference_data_loads");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(32);
        b.Property(x => x.Fingerprint).HasMaxLength(64);
    }
}

internal sealed class UsccAllowListConfiguration : IEntityTypeConfiguration<UsccAllowListEntry>
{
    public void Configure(EntityTypeBuilder<UsccAllowListEntry> b)
    {
        b.ToTable("registry_uscc_allow_list");
        b.HasKey(x => x.Uscc);
        b.Property(x => x.Uscc).HasMaxLength(18);
        b.Property(x => x.Reason).HasMaxLength(512);
        b.Property(x => x.AddedBy).HasMaxLength(128);
    }
}
