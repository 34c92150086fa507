using GoldenQuality.Alerts.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Alerts;

/// <summary>
/// One hold of this node's register: a subject (lot, declaration, permit row) held under a rapid alert or after an
/// E-Supervision nonconformity. It ends only by a recorded decision (released after a passing re-test, destroyed,
/// returned, re-processed) of a supervisor of its office or of an office above; the decision is kept with its evidence.
/// </summary>
internal sealed class HoldRow
{
    public const int MaxEvidence = 2000;
    public const int MaxReason = 1000;
    public const int MaxDescription = 500;

    private HoldRow()
    {
    }

    public Guid Id { get; private set; }

    public HoldSubjectKind Kind { get; private set; }

    /// <summary>The subject's key (<see cref="HoldSubjectKind"/>): <c>{uscc}/{lot}</c>, a declaration or permit number.</summary>
    public string Key { get; private set; } = "";

    /// <summary>The office that holds the subject (and whose supervisors, or those above, decide).</summary>
    public string Office { get; private set; } = "";

    public string Description { get; private set; } = "";

    public HoldOrigin Origin { get; private set; }

    public string? AlertNumber { get; private set; }

    public string Reason { get; private set; } = "";

    /// <summary>Where the decision goes (parties <c>node/office</c>), separated by spaces.</summary>
    public string Parties { get; private set; } = "";

    public DateTimeOffset PlacedAt { get; private set; }

    public HoldStatus Status { get; private set; }

    public string? Evidence { get; private set; }

    public string? RetestReportNumber { get; private set; }

    public string? RetestResult { get; private set; }

    public string? RetestLaboratory { get; private set; }

    public string? DecidedBy { get; private set; }

    public string? DecidedOffice { get; private set; }

    /// <summary>The node where the decision was taken (this node, or the node whose decision message was applied here).</summary>
    public string? DecidedNode { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public long Version { get; private set; }

    public string[] PartyList => Parties.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static HoldRow Place(Guid id, HoldCandidate subject, HoldOrigin origin, string reason, string? alertNumber, IEnumerable<string> parties, DateTimeOffset now) =>
        new()
        {
            Id = id, Kind = subject.Kind, Key = subject.Key, Office = subject.Office, Description = Cut(subject.Description, MaxDescription), Origin = origin,
            AlertNumber = alertNumber, Reason = Cut(reason, MaxReason), Parties = string.Join(' ', parties.Distinct(StringComparer.Ordinal)), PlacedAt = now,
            Status = HoldStatus.Active,
        };

    public void Decide(HoldStatus decision, string evidence, string? reportNumber, string? reportResult, string? laboratory, string by, string office, string node, DateTimeOffset at)
    {
        if (Status != HoldStatus.Active || decision == HoldStatus.Active)
        {
            throw new InvalidOperationException($"hold {Id} is {Status} and cannot become {decision}");
        }

        (Status, Evidence, RetestReportNumber, RetestResult, RetestLaboratory) = (decision, Cut(evidence, MaxEvidence), reportNumber, reportResult, laboratory);
        (DecidedBy, DecidedOffice, DecidedNode, DecidedAt) = (by, office, node, at);
        Version++;
    }

    internal static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}

internal sealed class HoldRowConfiguration : IEntityTypeConfiguration<HoldRow>
{
    public void Configure(EntityTypeBuilder<HoldRow> b)
    {
        b.ToTable("al_holds");
        b.HasKey(x => x.Id);
        b.Ignore(x => x.PartyList);
        b.HasIndex(x => new { x.Kind, x.Key, x.Status });
        b.HasIndex(x => new { x.Office, x.Status });
        b.HasIndex(x => x.AlertNumber);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Key).HasMaxLength(100);
        b.Property(x => x.Office).HasMaxLength(64);
        b.Property(x => x.Description).HasMaxLength(HoldRow.MaxDescription);
        b.Property(x => x.Origin).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.AlertNumber).HasMaxLength(64);
        b.Property(x => x.Reason).HasMaxLength(HoldRow.MaxReason);
        b.Property(x => x.Parties).HasMaxLength(4000);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Evidence).HasMaxLength(HoldRow.MaxEvidence);
        b.Property(x => x.RetestReportNumber).HasMaxLength(64);
        b.Property(x => x.RetestResult).HasMaxLength(16);
        b.Property(x => x.RetestLaboratory).HasMaxLength(200);
        b.Property(x => x.DecidedBy).HasMaxLength(200);
        b.Property(x => x.DecidedOffice).HasMaxLength(64);
        b.Property(x => x.DecidedNode).HasMaxLength(128);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}
