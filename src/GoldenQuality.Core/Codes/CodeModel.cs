using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Codes;

/// <summary>How far a code list has been checked against its publisher.</summary>
public enum ListStatus
{
    /// <summary>Codes checked against the publisher's list.</summary>
    Verified,
    /// <summary>Real codes, transcribed without a check against the publisher's current list.</summary>
    Unverified,
    /// <summary>Codes of our own that show the structure; not official.</summary>
    Illustrative,
}

/// <summary>How many codes on each side a mapping row takes part in.</summary>
public enum MappingCardinality
{
    /// <summary>The source code has exactly this one target.</summary>
    OneToOne,
    /// <summary>The source code splits into several targets; this row applies when its condition holds.</summary>
    OneToMany,
    /// <summary>Several source codes merge into this target.</summary>
    ManyToOne,
}

/// <summary>Where a mapping row came from.</summary>
public enum MappingOrigin
{
    /// <summary>Loaded from <c>data/codes/mappings.csv</c>.</summary>
    Reference,
    /// <summary>Added through the API by an official.</summary>
    Api,
}

/// <summary>A coding scheme such as HS, ISO 3166-1 or a province's BQS product codes.</summary>
internal sealed class CodeSystem
{
    private CodeSystem()
    {
    }

    public string Id { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>What the codes classify: commodity, country, currency, unit, port, transport-mode, trade-mode, product.</summary>
    public string Domain { get; private set; } = "";

    public string Authority { get; private set; } = "";

    public static CodeSystem Create(string id, string name, string domain, string authority) =>
        new() { Id = id, Name = name, Domain = domain, Authority = authority };

    public bool Apply(string name, string domain, string authority)
    {
        if (Name == name && Domain == domain && Authority == authority)
        {
            return false;
        }

        (Name, Domain, Authority) = (name, domain, authority);
        return true;
    }
}

/// <summary>One edition of a code system with the dates it is in force.</summary>
internal sealed class CodeSystemVersion
{
    private CodeSystemVersion()
    {
    }

    public string SystemId { get; private set; } = "";

    public string Version { get; private set; } = "";

    public DateOnly ValidFrom { get; private set; }

    public DateOnly? ValidTo { get; private set; }

    public ListStatus Status { get; private set; }

    public string Source { get; private set; } = "";

    public static CodeSystemVersion Create(string systemId, string version, DateOnly validFrom, DateOnly? validTo, ListStatus status, string source) =>
        new() { SystemId = systemId, Version = version, ValidFrom = validFrom, ValidTo = validTo, Status = status, Source = source };

    public bool Apply(DateOnly validFrom, DateOnly? validTo, ListStatus status, string source)
    {
        if (ValidFrom == validFrom && ValidTo == validTo && Status == status && Source == source)
        {
            return false;
        }

        (ValidFrom, ValidTo, Status, Source) = (validFrom, validTo, status, source);
        return true;
    }
}

/// <summary>One code of one version, with optional dates narrower than its version's.</summary>
internal sealed class CodeEntry
{
    private CodeEntry()
    {
    }

    public string SystemId { get; private set; } = "";

    public string Version { get; private set; } = "";

    public string Code { get; private set; } = "";

    public string Description { get; private set; } = "";

    public DateOnly? ValidFrom { get; private set; }

    public DateOnly? ValidTo { get; private set; }

    public static CodeEntry Create(string systemId, string version, string code, string description, DateOnly? validFrom, DateOnly? validTo) =>
        new() { SystemId = systemId, Version = version, Code = code, Description = description, ValidFrom = validFrom, ValidTo = validTo };

    public bool Apply(string description, DateOnly? validFrom, DateOnly? validTo)
    {
        if (Description == description && ValidFrom == validFrom && ValidTo == validTo)
        {
            return false;
        }

        (Description, ValidFrom, ValidTo) = (description, validFrom, validTo);
        return true;
    }
}

/// <summary>One row of a mapping between two system versions.</summary>
internal sealed class CodeMapping
{
    private CodeMapping()
    {
    }

    public Guid Id { get; private set; }

    public string FromSystem { get; private set; } = "";

    public string FromVersion { get; private set; } = "";

    public string FromCode { get; private set; } = "";

    public string ToSystem { get; private set; } = "";

    public string ToVersion { get; private set; } = "";

    public string ToCode { get; private set; } = "";

    public MappingCardinality Cardinality { get; private set; }

    /// <summary>For one-to-many rows: <c>key=value</c>, which the caller's conditions must match.</summary>
    public string? Condition { get; private set; }

    public DateOnly ValidFrom { get; private set; }

    public DateOnly? ValidTo { get; private set; }

    /// <summary>Who says so: a correlation table, a circular, an officer.</summary>
    public string Provenance { get; private set; } = "";

    public MappingOrigin Origin { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public static CodeMapping Create(
        Guid id, CodeRef from, string fromCode, CodeRef to, string toCode, MappingCardinality cardinality, string? condition,
        DateOnly validFrom, DateOnly? validTo, string provenance, MappingOrigin origin, DateTimeOffset at, string by) =>
        new()
        {
            Id = id,
            FromSystem = from.System,
            FromVersion = from.Version,
            FromCode = fromCode,
            ToSystem = to.System,
            ToVersion = to.Version,
            ToCode = toCode,
            Cardinality = cardinality,
            Condition = condition,
            ValidFrom = validFrom,
            ValidTo = validTo,
            Provenance = provenance,
            Origin = origin,
            CreatedAt = at,
            CreatedBy = by,
        };

    /// <summary>The identity of a reference row, by which reloads match it.</summary>
    public string ReferenceKey => $"{FromSystem}:{FromVersion}:{FromCode}>{ToSystem}:{ToVersion}:{ToCode}|{Condition}|{ValidFrom:yyyy-MM-dd}";

    public bool Apply(MappingCardinality cardinality, DateOnly? validTo, string provenance)
    {
        if (Cardinality == cardinality && ValidTo == validTo && Provenance == provenance)
        {
            return false;
        }

        (Cardinality, ValidTo, Provenance) = (cardinality, validTo, provenance);
        return true;
    }
}

/// <summary>
/// The revision of the code tables: every change increments it, so that each node instance knows when its
/// in-memory lookup tables are stale. Also remembers the fingerprint of the last reference-data load.
/// </summary>
internal sealed class CodesState
{
    private CodesState()
    {
    }

    public string Name { get; private set; } = "";

    public long Revision { get; private set; }

    public string Fingerprint { get; private set; } = "";

    public DateTimeOffset LoadedAt { get; private set; }

    public static CodesState Create() => new() { Name = "codes" };

    public void Bump() => Revision++;

    public void Loaded(string fingerprint, DateTimeOffset at) => (Fingerprint, LoadedAt) = (fingerprint, at);
}

/// <summary>A canonical record brought in by an adapter, kept by its record key so that re-imports add nothing.</summary>
internal sealed class AdaptedRecord
{
    private AdaptedRecord()
    {
    }

    public Guid Id { get; private set; }

    public RecordKind Kind { get; private set; }

    public string Key { get; private set; } = "";

    /// <summary>SHA-256 of the canonical fields, to tell an unchanged re-import from a change.</summary>
    public string Hash { get; private set; } = "";

    /// <summary>The record as a JSON document.</summary>
    public string Payload { get; private set; } = "";

    public string Source { get; private set; } = "";

    public int Revision { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static AdaptedRecord Create(Guid id, RecordKind kind, string key, string hash, string payload, string source, DateTimeOffset at) =>
        new() { Id = id, Kind = kind, Key = key, Hash = hash, Payload = payload, Source = source, Revision = 1, CreatedAt = at, UpdatedAt = at };

    public bool Apply(string hash, string payload, string source, DateTimeOffset at)
    {
        if (Hash == hash)
        {
            return false;
        }

        (Hash, Payload, Source, UpdatedAt) = (hash, payload, source, at);
        Revision++;
        return true;
    }
}

internal sealed class CodeSystemConfiguration : IEntityTypeConfiguration<CodeSystem>
{
    public void Configure(EntityTypeBuilder<CodeSystem> b)
    {
        b.ToTable("codes_systems");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.Name).HasMaxLength(256);
        b.Property(x => x.Domain).HasMaxLength(32);
        b.Property(x => x.Authority).HasMaxLength(256);
    }
}

internal sealed class CodeSystemVersionConfiguration : IEntityTypeConfiguration<CodeSystemVersion>
{
    public void Configure(EntityTypeBuilder<CodeSystemVersion> b)
    {
        b.ToTable("codes_versions");
        b.HasKey(x => new { x.SystemId, x.Version });
        b.Property(x => x.SystemId).HasMaxLength(32);
        b.Property(x => x.Version).HasMaxLength(32);
        b.Property(x => x.Source).HasMaxLength(1024);
        b.HasOne<CodeSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CodeEntryConfiguration : IEntityTypeConfiguration<CodeEntry>
{
    public void Configure(EntityTypeBuilder<CodeEntry> b)
    {
        b.ToTable("codes_entries");
        b.HasKey(x => new { x.SystemId, x.Version, x.Code });
        b.Property(x => x.SystemId).HasMaxLength(32);
        b.Property(x => x.Version).HasMaxLength(32);
        b.Property(x => x.Code).HasMaxLength(32);
        b.Property(x => x.Description).HasMaxLength(512);
        b.HasOne<CodeSystemVersion>().WithMany().HasForeignKey(x => new { x.SystemId, x.Version }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CodeMappingConfiguration : IEntityTypeConfiguration<CodeMapping>
{
    public void Configure(EntityTypeBuilder<CodeMapping> b)
    {
        b.ToTable("codes_mappings");
        b.HasKey(x => x.Id);
        b.Property(x => x.FromSystem).HasMaxLength(32);
        b.Property(x => x.FromVersion).HasMaxLength(32);
        b.Property(x => x.FromCode).HasMaxLength(32);
        b.Property(x => x.ToSystem).HasMaxLength(32);
        b.Property(x => x.ToVersion).HasMaxLength(32);
        b.Property(x => x.ToCode).HasMaxLength(32);
        b.Property(x => x.Condition).HasMaxLength(128);
        b.Property(x => x.Provenance).HasMaxLength(512);
        b.Property(x => x.CreatedBy).HasMaxLength(128);
        b.Ignore(x => x.ReferenceKey);
        b.HasIndex(x => new { x.FromSystem, x.FromVersion, x.ToSystem, x.ToVersion, x.FromCode });
        b.HasOne<CodeEntry>().WithMany().HasForeignKey(x => new { x.FromSystem, x.FromVersion, x.FromCode }).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CodeEntry>().WithMany().HasForeignKey(x => new { x.ToSystem, x.ToVersion, x.ToCode }).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CodesStateConfiguration : IEntityTypeConfiguration<CodesState>
{
    public void Configure(EntityTypeBuilder<CodesState> b)
    {
        b.ToTable("codes_state");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(32);
        b.Property(x => x.Fingerprint).HasMaxLength(64);
        b.Property(x => x.Revision).IsConcurrencyToken();
    }
}

internal sealed class AdaptedRecordConfiguration : IEntityTypeConfiguration<AdaptedRecord>
{
    public void Configure(EntityTypeBuilder<AdaptedRecord> b)
    {
        b.ToTable("codes_records");
        b.HasKey(x => x.Id);
        b.Property(x => x.Key).HasMaxLength(256);
        b.HasIndex(x => new { x.Kind, x.Key }).IsUnique();
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.Source).HasMaxLength(256);
        b.Property(x => x.Revision).IsConcurrencyToken();
    }
}
