using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Alerts;

/// <summary>Where a crisis is: open until the coordinator closes it with a reason.</summary>
internal enum CrisisStatus
{
    Open,
    Closed,
}

/// <summary>The role of an office in a crisis team.</summary>
internal enum CrisisRole
{
    /// <summary>The agency that leads the response on the ground (e.g. the CIQ office of the port).</summary>
    LeadAgency,

    Member,

    /// <summary>Kept informed; owns no action.</summary>
    Observer,
}

/// <summary>Where a crisis action is: open when assigned; its owner reports in progress, done or blocked.</summary>
internal enum CrisisActionStatus
{
    Open,
    InProgress,
    Done,
    Blocked,
}

/// <summary>What happened in a crisis (its timeline on the coordinating node).</summary>
internal enum CrisisEventKind
{
    Opened,
    MemberAdded,
    AlertAdded,
    ActionAssigned,
    ActionReported,
    UpdateRefused,
    Closed,
}

/// <summary>
/// A crisis led by the coordinating office (AQSIQ-IEFSB) on the coordinating node: a cross-agency team, the alerts it
/// covers, actions with owners and deadlines, and a timeline. Numbered <c>CR-{yyyy}-{0000}</c> per year (China time).
/// </summary>
internal sealed class CrisisRow
{
    private CrisisRow()
    {
    }

    public Guid Id { get; private set; }

    public string Number { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Summary { get; private set; } = "";

    public CrisisStatus Status { get; private set; }

    public string Leader { get; private set; } = "";

    public string LeaderOffice { get; private set; } = "";

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? ClosedBy { get; private set; }

    public string? CloseReason { get; private set; }

    public long Version { get; private set; }

    public static CrisisRow Open(Guid id, string number, string title, string summary, string leader, string leaderOffice, DateTimeOffset now) => new()
    {
        Id = id, Number = number, Title = title, Summary = summary, Leader = leader, LeaderOffice = leaderOffice, OpenedAt = now, Status = CrisisStatus.Open, Version = 1,
    };

    /// <summary>Another number, when a concurrent open took this one first.</summary>
    public void Renumber(string number) => Number = number;

    public void Close(string by, string reason, DateTimeOffset now)
    {
        Status = CrisisStatus.Closed;
        ClosedBy = by;
        CloseReason = reason;
        ClosedAt = now;
        Version++;
    }

    public void Touch() => Version++;
}

/// <summary>An alert (notification number) a crisis covers.</summary>
internal sealed class CrisisAlertRow
{
    private CrisisAlertRow()
    {
    }

    public Guid Id { get; private set; }

    public Guid CrisisId { get; private set; }

    public string AlertNumber { get; private set; } = "";

    public DateTimeOffset AddedAt { get; private set; }

    public static CrisisAlertRow Create(Guid id, Guid crisisId, string alert, DateTimeOffset now) => new() { Id = id, CrisisId = crisisId, AlertNumber = alert, AddedAt = now };
}

/// <summary>An office of the crisis team, with its role.</summary>
internal sealed class CrisisMemberRow
{
    private CrisisMemberRow()
    {
    }

    public Guid Id { get; private set; }

    public Guid CrisisId { get; private set; }

    public string Office { get; private set; } = "";

    public CrisisRole Role { get; private set; }

    public string NameZh { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    public DateTimeOffset AddedAt { get; private set; }

    public static CrisisMemberRow Create(Guid id, Guid crisisId, string office, CrisisRole role, string nameZh, string nameEn, DateTimeOffset now) =>
        new() { Id = id, CrisisId = crisisId, Office = office, Role = role, NameZh = nameZh, NameEn = nameEn, AddedAt = now };
}

/// <summary>
/// A crisis action. On the coordinating node the row is the action itself (<see cref="IsCopy"/> false); on the node
/// hosting the owner office (when another one) it is the copy received with <c>alerts.crisis.action-assigned</c>, the one
/// the owner reports on. The id is the same on both nodes.
/// </summary>
internal sealed class CrisisActionRow
{
    private CrisisActionRow()
    {
    }

    public Guid Id { get; private set; }

    public string CrisisNumber { get; private set; } = "";

    public string CrisisTitle { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string OwnerOffice { get; private set; } = "";

    public DateTimeOffset Due { get; private set; }

    public string? AlertNumber { get; private set; }

    public CrisisActionStatus Status { get; private set; }

    public string? Report { get; private set; }

    public string? ReportedBy { get; private set; }

    public DateTimeOffset? ReportedAt { get; private set; }

    public string AssignedBy { get; private set; } = "";

    public DateTimeOffset AssignedAt { get; private set; }

    /// <summary>True on the owner's node: a copy received from the coordinator.</summary>
    public bool IsCopy { get; private set; }

    /// <summary>On the coordinating node, the party the action was sent to (null when the owner is on this node); on a copy, the coordinator's party that sent it.</summary>
    public string? Party { get; private set; }

    public long Version { get; private set; }

    public static CrisisActionRow Assign(Guid id, string crisisNumber, string crisisTitle, string title, string owner, DateTimeOffset due, string? alert, string by, DateTimeOffset at,
        bool copy, string? party) => new()
    {
        Id = id, CrisisNumber = crisisNumber, CrisisTitle = crisisTitle, Title = title, OwnerOffice = owner, Due = due, AlertNumber = alert, AssignedBy = by, AssignedAt = at,
        IsCopy = copy, Party = party, Status = CrisisActionStatus.Open, Version = 1,
    };

    public void Reported(CrisisActionStatus status, string? report, string by, DateTimeOffset at)
    {
        Status = status;
        Report = report;
        ReportedBy = by;
        ReportedAt = at;
        Version++;
    }

    /// <summary>The party of the owner's node the action was sent to (coordinating node).</summary>
    public void SentTo(string party) => Party = party;

    public bool IsOverdue(DateTimeOffset now) => Status != CrisisActionStatus.Done && Due < now;
}

/// <summary>One entry of a crisis's own timeline (alert follow-ups are read from <c>al_follow_ups</c>).</summary>
internal sealed class CrisisEventRow
{
    private CrisisEventRow()
    {
    }

    public Guid Id { get; private set; }

    public Guid CrisisId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public CrisisEventKind Kind { get; private set; }

    public string By { get; private set; } = "";

    public string Office { get; private set; } = "";

    public string Text { get; private set; } = "";

    public Guid? ActionId { get; private set; }

    public string? AlertNumber { get; private set; }

    public static CrisisEventRow Create(Guid id, Guid crisisId, DateTimeOffset at, CrisisEventKind kind, string by, string office, string text, Guid? action = null, string? alert = null) =>
        new() { Id = id, CrisisId = crisisId, At = at, Kind = kind, By = by, Office = office, Text = text, ActionId = action, AlertNumber = alert };
}

/// <summary>
/// A crisis message this node refused (an update for an unknown action, from a node that does not host the owner
/// office, malformed): kept so that nothing is lost silently; the envelope itself is accepted (a retry would change nothing).
/// </summary>
internal sealed class CrisisRejectionRow
{
    private CrisisRejectionRow()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnvelopeId { get; private set; }

    public string Type { get; private set; } = "";

    public string Sender { get; private set; } = "";

    public Guid? ActionId { get; private set; }

    public string Reason { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public static CrisisRejectionRow Create(Guid id, Guid envelope, string type, string sender, Guid? action, string reason, DateTimeOffset at) =>
        new() { Id = id, EnvelopeId = envelope, Type = type, Sender = sender, ActionId = action, Reason = reason, At = at };
}

internal sealed class CrisisRowConfiguration : IEntityTypeConfiguration<CrisisRow>
{
    public void Configure(EntityTypeBuilder<CrisisRow> b)
    {
        b.ToTable("al_crises");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => new { x.Status, x.OpenedAt });
        b.Property(x => x.Number).HasMaxLength(16);
        b.Property(x => x.Title).HasMaxLength(CrisisRules.MaxTitle);
        b.Property(x => x.Summary).HasMaxLength(CrisisRules.MaxText);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Leader).HasMaxLength(200);
        b.Property(x => x.LeaderOffice).HasMaxLength(64);
        b.Property(x => x.ClosedBy).HasMaxLength(200);
        b.Property(x => x.CloseReason).HasMaxLength(CrisisRules.MaxReason);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class CrisisAlertRowConfiguration : IEntityTypeConfiguration<CrisisAlertRow>
{
    public void Configure(EntityTypeBuilder<CrisisAlertRow> b)
    {
        b.ToTable("al_crisis_alerts");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.CrisisId, x.AlertNumber }).IsUnique();
        b.HasIndex(x => x.AlertNumber);
        b.HasOne<CrisisRow>().WithMany().HasForeignKey(x => x.CrisisId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.AlertNumber).HasMaxLength(64);
    }
}

internal sealed class CrisisMemberRowConfiguration : IEntityTypeConfiguration<CrisisMemberRow>
{
    public void Configure(EntityTypeBuilder<CrisisMemberRow> b)
    {
        b.ToTable("al_crisis_members");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.CrisisId, x.Office }).IsUnique();
        b.HasOne<CrisisRow>().WithMany().HasForeignKey(x => x.CrisisId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Office).HasMaxLength(64);
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.NameZh).HasMaxLength(200);
        b.Property(x => x.NameEn).HasMaxLength(300);
    }
}

internal sealed class CrisisActionRowConfiguration : IEntityTypeConfiguration<CrisisActionRow>
{
    public void Configure(EntityTypeBuilder<CrisisActionRow> b)
    {
        b.ToTable("al_crisis_actions");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasIndex(x => x.CrisisNumber);
        b.HasIndex(x => new { x.OwnerOffice, x.Status });
        b.Property(x => x.CrisisNumber).HasMaxLength(16);
        b.Property(x => x.CrisisTitle).HasMaxLength(CrisisRules.MaxTitle);
        b.Property(x => x.Title).HasMaxLength(CrisisRules.MaxTitle);
        b.Property(x => x.OwnerOffice).HasMaxLength(64);
        b.Property(x => x.AlertNumber).HasMaxLength(64);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Report).HasMaxLength(CrisisRules.MaxReport);
        b.Property(x => x.ReportedBy).HasMaxLength(200);
        b.Property(x => x.AssignedBy).HasMaxLength(200);
        b.Property(x => x.Party).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class CrisisEventRowConfiguration : IEntityTypeConfiguration<CrisisEventRow>
{
    public void Configure(EntityTypeBuilder<CrisisEventRow> b)
    {
        b.ToTable("al_crisis_events");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.CrisisId, x.At });
        b.HasOne<CrisisRow>().WithMany().HasForeignKey(x => x.CrisisId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.By).HasMaxLength(200);
        b.Property(x => x.Office).HasMaxLength(64);
        b.Property(x => x.Text).HasMaxLength(CrisisRules.MaxEventText);
        b.Property(x => x.AlertNumber).HasMaxLength(64);
    }
}

internal sealed class CrisisRejectionRowConfiguration : IEntityTypeConfiguration<CrisisRejectionRow>
{
    public void Configure(EntityTypeBuilder<CrisisRejectionRow> b)
    {
        b.ToTable("al_crisis_rejections");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.At);
        b.Property(x => x.Type).HasMaxLength(64);
        b.Property(x => x.Sender).HasMaxLength(200);
        b.Property(x => x.Reason).HasMaxLength(1000);
    }
}
