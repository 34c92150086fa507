using GoldenQuality.Ministries.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Ministries;

/// <summary>
/// An LPCO in its issuer's register: a quarantine permit of the MOA or a waste import licence of the MEP, from the
/// application to its end. The register on the issuer's node is the truth: other nodes check it at the source and
/// draw released quantities from it by message.
/// </summary>
internal sealed class Lpco
{
    private Lpco()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The human-facing number (<c>MOA-QP-2026-000001</c>); null until issued.</summary>
    public string? Number { get; private set; }

    public LpcoKind Kind { get; private set; }

    public LpcoStatus Status { get; private set; }

    public string HolderUscc { get; private set; } = "";

    /// <summary>The HS code or HS prefix (4-10 digits) the LPCO covers: a goods line is covered when this is a prefix of its code.</summary>
    public string HsCode { get; private set; } = "";

    public string? ProductDescription { get; private set; }

    /// <summary>ISO 3166-1 alpha-2; required for quarantine permits.</summary>
    public string? OriginCountry { get; private set; }

    public decimal QuantityIssued { get; private set; }

    public decimal Remaining { get; private set; }

    /// <summary>UN/ECE Rec 20: a mass unit (KGM, TNE) or a count (HEAD, H87, C62, NAR).</summary>
    public string Unit { get; private set; } = "";

    /// <summary>UN/LOCODEs, separated by ';' (empty: any port).</summary>
    public string PortsOfEntry { get; private set; } = "";

    public DateOnly ValidFrom { get; private set; }

    public DateOnly ValidTo { get; private set; }

    public long Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? IssuedAt { get; private set; }

    public List<LpcoEvent> Events { get; private set; } = [];

    public List<LpcoDrawDown> Draws { get; private set; } = [];

    public List<LpcoCopyHolder> Holders { get; private set; } = [];

    public string[] Ports => PortsOfEntry.Length == 0 ? [] : PortsOfEntry.Split(';');

    public decimal Drawn => QuantityIssued - Remaining;

    public static Lpco Create(Guid id, LpcoFields f, LpcoStatus status, string? number, decimal remaining, DateTimeOffset at) =>
        new()
        {
            Id = id, Kind = f.Kind, Status = status, Number = number, HolderUscc = f.HolderUscc, HsCode = f.HsCode, ProductDescription = f.ProductDescription,
            OriginCountry = f.OriginCountry, QuantityIssued = f.Quantity, Remaining = remaining, Unit = f.Unit, PortsOfEntry = string.Join(';', f.PortsOfEntry),
            ValidFrom = f.ValidFrom, ValidTo = f.ValidTo, Version = 1, CreatedAt = at, UpdatedAt = at, IssuedAt = status == LpcoStatus.Applied ? null : at,
        };

    /// <summary>The status every check and list reads: an issued or suspended LPCO past its validity counts as expired.</summary>
    public LpcoStatus EffectiveStatus(DateOnly today) =>
        Status is LpcoStatus.Issued or LpcoStatus.Suspended && today > ValidTo ? LpcoStatus.Expired : Status;

    public void Move(LpcoStatus to, DateTimeOffset at)
    {
        Status = to;
        Touch(at);
    }

    public void Issue(string number, DateTimeOffset at)
    {
        Number = number;
        IssuedAt = at;
        Move(LpcoStatus.Issued, at);
    }

    public void Amend(decimal quantity, DateOnly from, DateOnly to, string[] ports, DateTimeOffset at)
    {
        Remaining = quantity - Drawn;
        QuantityIssued = quantity;
        (ValidFrom, ValidTo, PortsOfEntry) = (from, to, string.Join(';', ports));
        Touch(at);
    }

    public void Draw(decimal quantity, DateTimeOffset at)
    {
        Remaining -= quantity;
        Touch(at);
    }

    /// <summary>An import-inspection result of the licence was reviewed: the licence's version moves, so that a review made on a stale read is refused.</summary>
    public void Reviewed(DateTimeOffset at) => Touch(at);

    private void Touch(DateTimeOffset at)
    {
        UpdatedAt = at;
        Version++;
    }
}

/// <summary>The validated fields of an LPCO (from an application, a registration or a register file).</summary>
internal sealed record LpcoFields(LpcoKind Kind, string HolderUscc, string HsCode, string? ProductDescription, string? OriginCountry, decimal Quantity, string Unit,
    string[] PortsOfEntry, DateOnly ValidFrom, DateOnly ValidTo);

/// <summary>One step of an LPCO's history: who, when, what, from which status to which, why.</summary>
internal sealed class LpcoEvent
{
    private LpcoEvent()
    {
    }

    public Guid Id { get; private set; }

    public Guid LpcoId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string By { get; private set; } = "";

    public string OnBehalfOf { get; private set; } = "";

    /// <summary>applied, review-started, issued, refused, registered, amended, suspended, reinstated, revoked, expired, drawn, draw-refused.</summary>
    public string Action { get; private set; } = "";

    public LpcoStatus? FromStatus { get; private set; }

    public LpcoStatus? ToStatus { get; private set; }

    public string? Reason { get; private set; }

    public static LpcoEvent Create(Guid id, Guid lpco, DateTimeOffset at, string by, string onBehalfOf, string action, LpcoStatus? from, LpcoStatus? to, string? reason) =>
        new()
        {
            Id = id, LpcoId = lpco, At = at, By = Cut(by, 128), OnBehalfOf = Cut(onBehalfOf, 160), Action = action, FromStatus = from, ToStatus = to,
            Reason = reason is null ? null : Cut(reason, 1024),
        };

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 3)] + "...";
}

/// <summary>A released quantity drawn from an LPCO: one per (LPCO, declaration), however often the message arrives.</summary>
internal sealed class LpcoDrawDown
{
    private LpcoDrawDown()
    {
    }

    public Guid Id { get; private set; }

    public Guid LpcoId { get; private set; }

    public string DeclarationNumber { get; private set; } = "";

    public decimal Quantity { get; private set; }

    public string Unit { get; private set; } = "";

    /// <summary>The node that released the goods (the envelope's sender).</summary>
    public string FromNode { get; private set; } = "";

    public Guid EnvelopeId { get; private set; }

    public DateTimeOffset ReleasedAt { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public static LpcoDrawDown Create(Guid id, Guid lpco, string declaration, decimal quantity, string unit, string fromNode, Guid envelope, DateTimeOffset releasedAt, DateTimeOffset at) =>
        new()
        {
            Id = id, LpcoId = lpco, DeclarationNumber = declaration, Quantity = quantity, Unit = unit, FromNode = fromNode, EnvelopeId = envelope,
            ReleasedAt = releasedAt, RecordedAt = at,
        };
}

/// <summary>A node that holds a copy of an LPCO (it checked it or drew from it): status changes are sent to it.</summary>
internal sealed class LpcoCopyHolder
{
    private LpcoCopyHolder()
    {
    }

    public Guid LpcoId { get; private set; }

    public string Node { get; private set; } = "";

    public DateTimeOffset FirstAt { get; private set; }

    public DateTimeOffset LastAt { get; private set; }

    public static LpcoCopyHolder Create(Guid lpco, string node, DateTimeOffset at) => new() { LpcoId = lpco, Node = node, FirstAt = at, LastAt = at };

    public void Seen(DateTimeOffset at) => LastAt = at;
}

/// <summary>
/// A document attached to an LPCO application (contract, certificate, licence, other) while it is decided: the bytes
/// as uploaded (checked by <see cref="Common.UploadedFile"/>), their SHA-256 and who attached them. At most one per
/// SHA-256 on an application.
/// </summary>
internal sealed class LpcoAttachment
{
    private LpcoAttachment()
    {
    }

    public Guid Id { get; private set; }

    public Guid LpcoId { get; private set; }

    public LpcoDocumentKind Kind { get; private set; }

    /// <summary>The file name without any path (at most 200 characters).</summary>
    public string Name { get; private set; } = "";

    /// <summary>The type the content was checked to be (PDF, PNG, JPEG or plain text).</summary>
    public string ContentType { get; private set; } = "";

    public long Length { get; private set; }

    /// <summary>The SHA-256 of the content, lower-case hex.</summary>
    public string Sha256 { get; private set; } = "";

    public byte[] Content { get; private set; } = [];

    public DateTimeOffset AttachedAt { get; private set; }

    public string AttachedBy { get; private set; } = "";

    public string OnBehalfOf { get; private set; } = "";

    public static LpcoAttachment Create(Guid id, Guid lpco, LpcoDocumentKind kind, Common.UploadedFile file, DateTimeOffset at, string by, string onBehalfOf) =>
        new()
        {
            Id = id, LpcoId = lpco, Kind = kind, Name = file.Name, ContentType = file.ContentType, Length = file.Length, Sha256 = file.Sha256, Content = file.Content,
            AttachedAt = at, AttachedBy = by.Length <= 128 ? by : by[..128], OnBehalfOf = onBehalfOf.Length <= 160 ? onBehalfOf : onBehalfOf[..160],
        };
}

internal sealed class LpcoAttachmentConfiguration : IEntityTypeConfiguration<LpcoAttachment>
{
    public void Configure(EntityTypeBuilder<LpcoAttachment> b)
    {
        b.ToTable("min_lpco_attachments");
        b.HasKey(x => x.Id);
        b.HasOne<Lpco>().WithMany().HasForeignKey(x => x.LpcoId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.LpcoId, x.Sha256 }).IsUnique();
        b.Property(x => x.Name).HasMaxLength(Common.UploadedFile.MaxName);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.AttachedBy).HasMaxLength(128);
        b.Property(x => x.OnBehalfOf).HasMaxLength(160);
    }
}

internal sealed class LpcoConfiguration : IEntityTypeConfiguration<Lpco>
{
    public void Configure(EntityTypeBuilder<Lpco> b)
    {
        b.ToTable("min_lpcos");
        b.HasKey(x => x.Id);
        b.Property(x => x.Number).HasMaxLength(32);
        b.HasIndex(x => x.Number).IsUnique();
        b.Property(x => x.HolderUscc).HasMaxLength(18);
        b.HasIndex(x => x.HolderUscc);
        b.HasIndex(x => new { x.Kind, x.Status });
        b.Property(x => x.HsCode).HasMaxLength(10);
        b.Property(x => x.ProductDescription).HasMaxLength(256);
        b.Property(x => x.OriginCountry).HasMaxLength(2);
        b.Property(x => x.QuantityIssued).HasPrecision(18, 3);
        b.Property(x => x.Remaining).HasPrecision(18, 3);
        b.Property(x => x.Unit).HasMaxLength(8);
        b.Property(x => x.PortsOfEntry).HasMaxLength(LpcoRules.MaxPorts * 6);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Ports);
        b.Ignore(x => x.Drawn);
        b.HasMany(x => x.Events).WithOne().HasForeignKey(e => e.LpcoId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Draws).WithOne().HasForeignKey(e => e.LpcoId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Holders).WithOne().HasForeignKey(e => e.LpcoId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LpcoEventConfiguration : IEntityTypeConfiguration<LpcoEvent>
{
    public void Configure(EntityTypeBuilder<LpcoEvent> b)
    {
        b.ToTable("min_lpco_events");
        b.HasKey(x => x.Id);
        b.Property(x => x.By).HasMaxLength(128);
        b.Property(x => x.OnBehalfOf).HasMaxLength(160);
        b.Property(x => x.Action).HasMaxLength(32);
        b.Property(x => x.Reason).HasMaxLength(1024);
        b.HasIndex(x => new { x.LpcoId, x.At });
    }
}

internal sealed class LpcoDrawDownConfiguration : IEntityTypeConfiguration<LpcoDrawDown>
{
    public void Configure(EntityTypeBuilder<LpcoDrawDown> b)
    {
        b.ToTable("min_lpco_draws");
        b.HasKey(x => x.Id);
        b.Property(x => x.DeclarationNumber).HasMaxLength(64);
        b.HasIndex(x => new { x.LpcoId, x.DeclarationNumber }).IsUnique();
        b.Property(x => x.Quantity).HasPrecision(18, 3);
        b.Property(x => x.Unit).HasMaxLength(8);
        b.Property(x => x.FromNode).HasMaxLength(160);
    }
}

internal sealed class LpcoCopyHolderConfiguration : IEntityTypeConfiguration<LpcoCopyHolder>
{
    public void Configure(EntityTypeBuilder<LpcoCopyHolder> b)
    {
        b.ToTable("min_lpco_holders");
        b.HasKey(x => new { x.LpcoId, x.Node });
        b.Property(x => x.Node).HasMaxLength(160);
    }
}
