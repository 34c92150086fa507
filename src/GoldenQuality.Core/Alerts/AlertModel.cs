using System.Text.Json;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Alerts;

/// <summary>What this node is for a notification: the node that raised it, the coordinating node, or a recipient.</summary>
internal enum AlertRole
{
    Origin,
    Coordinator,
    Recipient,
}

/// <summary>
/// A rapid-alert notification as this node holds it. The same notification (same number) exists on the raising node,
/// the coordinating node and every node of its distribution; each keeps its own row, updated by the messages it receives.
/// </summary>
internal sealed class AlertNotificationRow
{
    private AlertNotificationRow()
    {
    }

    public Guid Id { get; private set; }

    /// <summary><c>AL-{office}-{yyyyMMdd}-{hex}</c>, given by the raising node; the same on every node.</summary>
    public string Number { get; private set; } = "";

    public AlertRole Role { get; private set; }

    public NotificationType Type { get; private set; }

    public NotificationBasis Basis { get; private set; }

    public AlertStatus Status { get; private set; }

    public string Title { get; private set; } = "";

    public string HazardCategory { get; private set; } = "";

    public string HazardAgent { get; private set; } = "";

    public decimal? HazardValue { get; private set; }

    public string? HazardUnit { get; private set; }

    public string? HazardLimit { get; private set; }

    public string? HazardStandard { get; private set; }

    public string HsCode { get; private set; } = "";

    public string ProductDescription { get; private set; } = "";

    public string? Brand { get; private set; }

    /// <summary>The lot numbers, as a JSON array.</summary>
    public string LotsJson { get; private set; } = "[]";

    /// <summary>The enterprises concerned (<see cref="AlertEnterprise"/>[]), as JSON.</summary>
    public string EnterprisesJson { get; private set; } = "[]";

    /// <summary>The USCCs of the enterprises, separated by spaces (for search).</summary>
    public string Usccs { get; private set; } = "";

    /// <summary>ISO 3166-1 alpha-2 country of origin.</summary>
    public string OriginCountry { get; private set; } = "";

    /// <summary>ISO 3166-1 alpha-2 countries the product went to, separated by spaces.</summary>
    public string DistributionCountries { get; private set; } = "";

    public RiskDecision Risk { get; private set; }

    public string MeasuresTaken { get; private set; } = "";

    public string RaisedByOffice { get; private set; } = "";

    public string RaisedByNode { get; private set; } = "";

    public string RaisedBy { get; private set; } = "";

    public DateTimeOffset RaisedAt { get; private set; }

    /// <summary>When the coordinator must validate by (coordinating node only).</summary>
    public DateTimeOffset? ValidateBy { get; private set; }

    public string? ValidatedBy { get; private set; }

    public DateTimeOffset? ValidatedAt { get; private set; }

    public string? RejectionReason { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>When this node received (or created) the row.</summary>
    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public long Version { get; private set; }

    public string[] Lots => JsonSerializer.Deserialize<string[]>(LotsJson) ?? [];

    public AlertEnterprise[] Enterprises => JsonSerializer.Deserialize<AlertEnterprise[]>(EnterprisesJson, Envelopes.Json) ?? [];

    /// <summary>A row for a notification as the wire describes it (raised here, or received).</summary>
    public static AlertNotificationRow From(Guid id, AlertNotification n, AlertRole role, DateTimeOffset now)
    {
        var row = new AlertNotificationRow { Id = id, Number = n.Number, Role = role, ReceivedAt = now };
        row.Apply(n, now);
        return row;
    }

    /// <summary>Takes the content and status of the wire form (a later message about the same notification).</summary>
    public void Apply(AlertNotification n, DateTimeOffset now)
    {
        Type = WireNames.Parse<NotificationType>(n.Type);
        Basis = WireNames.Parse<NotificationBasis>(n.Basis);
        Status = WireNames.Parse<AlertStatus>(n.Status);
        Title = n.Title;
        HazardCategory = n.Hazard.Category;
        HazardAgent = n.Hazard.Agent;
        HazardValue = n.Hazard.Value;
        HazardUnit = n.Hazard.Unit;
        HazardLimit = n.Hazard.Limit;
        HazardStandard = n.Hazard.Standard;
        HsCode = n.Product.HsCode;
        ProductDescription = n.Product.Description;
        Brand = n.Product.Brand;
        LotsJson = JsonSerializer.Serialize(n.Product.Lots);
        EnterprisesJson = JsonSerializer.Serialize(n.Enterprises, Envelopes.Json);
        Usccs = string.Join(' ', n.Enterprises.Select(e => e.Uscc));
        OriginCountry = n.OriginCountry;
        DistributionCountries = string.Join(' ', n.DistributionCountries);
        Risk = WireNames.Parse<RiskDecision>(n.Risk);
        MeasuresTaken = n.MeasuresTaken;
        RaisedByOffice = n.RaisedByOffice;
        RaisedByNode = n.RaisedByNode;
        RaisedBy = n.RaisedBy;
        RaisedAt = n.RaisedAt;
        ValidatedBy = n.ValidatedBy;
        ValidatedAt = n.ValidatedAt;
        Touch(now);
    }

    public void Due(DateTimeOffset validateBy) => ValidateBy = validateBy;

    /// <summary>The wire form of the notification, with its attachments' descriptions and recipients.</summary>
    public AlertNotification Wire(AlertAttachmentInfo[] attachments, AlertRecipient[] recipients) =>
        new(Number, WireNames.Of(Type), WireNames.Of(Basis), WireNames.Of(Status), Title,
            new AlertHazard(HazardCategory, HazardAgent, HazardValue, HazardUnit, HazardLimit, HazardStandard),
            new AlertProduct(HsCode, ProductDescription, Brand, Lots), Enterprises, OriginCountry,
            DistributionCountries.Length == 0 ? [] : DistributionCountries.Split(' '), WireNames.Of(Risk), MeasuresTaken, attachments,
            RaisedByOffice, RaisedByNode, RaisedBy, RaisedAt, ValidatedBy, ValidatedAt, recipients);

    public void Validate(string by, DateTimeOffset now)
    {
        Status = AlertStatus.Validated;
        ValidatedBy = by;
        ValidatedAt = now;
        Touch(now);
    }

    public void Reject(string reason, DateTimeOffset now)
    {
        Status = AlertStatus.Rejected;
        RejectionReason = reason;
        Touch(now);
    }

    public void Close(DateTimeOffset now)
    {
        Status = AlertStatus.Closed;
        ClosedAt = now;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>
/// One recipient office of a distributed notification, with its two deadlines (acknowledge, answer) and what it did.
/// Kept on the coordinating node (which watches the deadlines) and on every node of the distribution (so each sees
/// who has answered).
/// </summary>
internal sealed class AlertRecipientRow
{
    private AlertRecipientRow()
    {
    }

    public Guid Id { get; private set; }

    public Guid NotificationId { get; private set; }

    /// <summary>The office as a party (<c>node/office</c>).</summary>
    public string Party { get; private set; } = "";

    public string Office { get; private set; } = "";

    public DateTimeOffset DistributedAt { get; private set; }

    public DateTimeOffset AcknowledgeBy { get; private set; }

    public DateTimeOffset AnswerBy { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    /// <summary>When the office above was told of a missed deadline (at most once per deadline).</summary>
    public DateTimeOffset? AcknowledgeEscalatedAt { get; private set; }

    public DateTimeOffset? AnswerEscalatedAt { get; private set; }

    /// <summary>The office above, told of the missed deadline.</summary>
    public string? EscalatedTo { get; private set; }

    public static AlertRecipientRow Create(Guid id, Guid notificationId, AlertRecipient r, DateTimeOffset now) =>
        new()
        {
            Id = id, NotificationId = notificationId, Party = r.Party, Office = r.Office, DistributedAt = now,
            AcknowledgeBy = r.AcknowledgeBy, AnswerBy = r.AnswerBy,
        };

    public AlertRecipient Wire() => new(Party, Office, AcknowledgeBy, AnswerBy);

    /// <summary>Takes the party and deadlines of a later distribution (a receiving node keeps what the coordinator says).</summary>
    public void Redistributed(AlertRecipient r)
    {
        Party = r.Party;
        AcknowledgeBy = r.AcknowledgeBy;
        AnswerBy = r.AnswerBy;
    }

    /// <summary>Records an acknowledgement (the first one counts).</summary>
    public void Acknowledged(DateTimeOffset at) => AcknowledgedAt ??= at;

    /// <summary>Records an answer (the first one counts); an answer acknowledges too.</summary>
    public void Answered(DateTimeOffset at)
    {
        AcknowledgedAt ??= at;
        AnsweredAt ??= at;
    }

    public void EscalatedAcknowledge(string to, DateTimeOffset at)
    {
        AcknowledgeEscalatedAt = at;
        EscalatedTo = to;
    }

    public void EscalatedAnswer(string to, DateTimeOffset at)
    {
        AnswerEscalatedAt = at;
        EscalatedTo = to;
    }
}

/// <summary>
/// The timeline of a notification on this node: validation, acknowledgements, follow-ups, escalations and hold
/// decisions, each once (<see cref="MessageId"/> is the follow-up's id, unique per notification).
/// </summary>
internal sealed class AlertFollowUpRow
{
    private AlertFollowUpRow()
    {
    }

    public Guid Id { get; private set; }

    public Guid NotificationId { get; private set; }

    /// <summary>The follow-up's own id (<see cref="AlertFollowUp.Id"/>): the same on every node, so a duplicate is ignored.</summary>
    public Guid MessageId { get; private set; }

    public FollowUpKind Kind { get; private set; }

    public string Office { get; private set; } = "";

    public string Party { get; private set; } = "";

    public string Author { get; private set; } = "";

    public string Text { get; private set; } = "";

    public string? MeasuresTaken { get; private set; }

    public DateTimeOffset At { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public static AlertFollowUpRow Create(Guid id, Guid notificationId, AlertFollowUp f, DateTimeOffset now) =>
        new()
        {
            Id = id, NotificationId = notificationId, MessageId = f.Id, Kind = WireNames.Parse<FollowUpKind>(f.Kind), Office = f.Office,
            Party = f.Party, Author = f.Author, Text = f.Text, MeasuresTaken = f.MeasuresTaken, At = f.At, RecordedAt = now,
        };

    public AlertFollowUp Wire(string number) =>
        new(MessageId, number, WireNames.Of(Kind), Office, Party, Author, Text, MeasuresTaken, At);
}

/// <summary>A file attached to a notification on the raising node (laboratory report, photographs); at most 2 MB.</summary>
internal sealed class AlertAttachmentRow
{
    /// <summary>The largest attachment accepted.</summary>
    public const int MaxBytes = UploadedFile.MaxBytes;

    private AlertAttachmentRow()
    {
    }

    public Guid Id { get; private set; }

    public Guid NotificationId { get; private set; }

    public string Name { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public long Length { get; private set; }

    public string Sha256 { get; private set; } = "";

    /// <summary>The content; null on nodes that only received the description.</summary>
    public byte[]? Content { get; private set; }

    public static AlertAttachmentRow Create(Guid id, Guid notificationId, string name, string contentType, byte[]? content, long length, string sha256) =>
        new() { Id = id, NotificationId = notificationId, Name = name, ContentType = contentType, Content = content, Length = length, Sha256 = sha256 };

    public AlertAttachmentInfo Info => new(Name, ContentType, Length, Sha256);
}

internal sealed class AlertNotificationRowConfiguration : IEntityTypeConfiguration<AlertNotificationRow>
{
    public void Configure(EntityTypeBuilder<AlertNotificationRow> b)
    {
        b.ToTable("al_notifications");
        b.HasKey(x => x.Id);
        b.Ignore(x => x.Lots);
        b.Ignore(x => x.Enterprises);
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => new { x.Status, x.RaisedAt });
        b.Property(x => x.Number).HasMaxLength(64);
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Type).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.Basis).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Risk).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.HazardCategory).HasMaxLength(64);
        b.Property(x => x.HazardAgent).HasMaxLength(200);
        b.Property(x => x.HazardValue).HasPrecision(18, 6);
        b.Property(x => x.HazardUnit).HasMaxLength(32);
        b.Property(x => x.HazardLimit).HasMaxLength(200);
        b.Property(x => x.HazardStandard).HasMaxLength(200);
        b.Property(x => x.HsCode).HasMaxLength(10);
        b.Property(x => x.ProductDescription).HasMaxLength(500);
        b.Property(x => x.Brand).HasMaxLength(200);
        b.Property(x => x.LotsJson).HasMaxLength(4000);
        b.Property(x => x.EnterprisesJson).HasMaxLength(8000);
        b.Property(x => x.Usccs).HasMaxLength(2000);
        b.Property(x => x.OriginCountry).HasMaxLength(2);
        b.Property(x => x.DistributionCountries).HasMaxLength(800);
        b.Property(x => x.MeasuresTaken).HasMaxLength(2000);
        b.Property(x => x.RaisedByOffice).HasMaxLength(64);
        b.Property(x => x.RaisedByNode).HasMaxLength(128);
        b.Property(x => x.RaisedBy).HasMaxLength(200);
        b.Property(x => x.ValidatedBy).HasMaxLength(200);
        b.Property(x => x.RejectionReason).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class AlertRecipientRowConfiguration : IEntityTypeConfiguration<AlertRecipientRow>
{
    public void Configure(EntityTypeBuilder<AlertRecipientRow> b)
    {
        b.ToTable("al_recipients");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.NotificationId, x.Office }).IsUnique();
        b.HasIndex(x => x.Office);
        b.HasOne<AlertNotificationRow>().WithMany().HasForeignKey(x => x.NotificationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Party).HasMaxLength(200);
        b.Property(x => x.Office).HasMaxLength(64);
        b.Property(x => x.EscalatedTo).HasMaxLength(64);
    }
}

internal sealed class AlertFollowUpRowConfiguration : IEntityTypeConfiguration<AlertFollowUpRow>
{
    public void Configure(EntityTypeBuilder<AlertFollowUpRow> b)
    {
        b.ToTable("al_follow_ups");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.NotificationId, x.MessageId }).IsUnique();
        b.HasIndex(x => new { x.NotificationId, x.At });
        b.HasOne<AlertNotificationRow>().WithMany().HasForeignKey(x => x.NotificationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.Office).HasMaxLength(64);
        b.Property(x => x.Party).HasMaxLength(200);
        b.Property(x => x.Author).HasMaxLength(200);
        b.Property(x => x.Text).HasMaxLength(4000);
        b.Property(x => x.MeasuresTaken).HasMaxLength(2000);
    }
}

internal sealed class AlertAttachmentRowConfiguration : IEntityTypeConfiguration<AlertAttachmentRow>
{
    public void Configure(EntityTypeBuilder<AlertAttachmentRow> b)
    {
        b.ToTable("al_attachments");
        b.HasKey(x => x.Id);
        b.Ignore(x => x.Info);
        b.HasIndex(x => new { x.NotificationId, x.Sha256 }).IsUnique();
        b.HasOne<AlertNotificationRow>().WithMany().HasForeignKey(x => x.NotificationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Sha256).HasMaxLength(64);
    }
}
