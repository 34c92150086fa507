using System.Text.Json;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Accountability;

/// <summary>Where an information need is: filed → commented → approved | refused; withdrawn by the requester before the decision.</summary>
internal enum NeedState
{
    Filed,
    Commented,
    Approved,
    Refused,
    Withdrawn,
}

/// <summary>How often the requester needs the data.</summary>
internal enum NeedFrequency
{
    PerEvent,
    Daily,
    Weekly,
    Monthly,
    OnRequest,
}

/// <summary>
/// An information need (<c>acc_needs</c>). The requester's node holds the original; the provider's and the coordinating
/// body's nodes hold copies received with the need messages, each replaced whole by a newer version (<see cref="Apply"/>).
/// </summary>
internal sealed class NeedRow
{
    private NeedRow()
    {
    }

    public Guid Id { get; private set; }

    public string Number { get; private set; } = "";

    public NeedState State { get; private set; }

    public string RequesterAgency { get; private set; } = "";

    public string RequesterOffice { get; private set; } = "";

    public string RequesterNode { get; private set; } = "";

    public string RequestedBy { get; private set; } = "";

    public string ProviderAgency { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public string[] MessageTypes { get; private set; } = [];

    public string[] Datasets { get; private set; } = [];

    public string Purpose { get; private set; } = "";

    public string Regulation { get; private set; } = "";

    public string Article { get; private set; } = "";

    public string[] Consumers { get; private set; } = [];

    public string[] Fields { get; private set; } = [];

    public NeedFrequency Frequency { get; private set; }

    public DateOnly Deadline { get; private set; }

    public DateTimeOffset FiledAt { get; private set; }

    /// <summary>The provider's comments, oldest first (JSON of <see cref="NeedCommentWire"/>).</summary>
    public string CommentsJson { get; private set; } = "[]";

    /// <summary>The decision (JSON of <see cref="NeedDecisionWire"/>), once decided.</summary>
    public string? DecisionJson { get; private set; }

    /// <summary>The agreement an approval produced (indexed, unique: the coordinator's node numbers them).</summary>
    public string? AgreementId { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public long Version { get; private set; }

    public IReadOnlyList<NeedCommentWire> Comments => JsonSerializer.Deserialize<NeedCommentWire[]>(CommentsJson, Envelope) ?? [];

    public NeedDecisionWire? Decision => DecisionJson is null ? null : JsonSerializer.Deserialize<NeedDecisionWire>(DecisionJson, Envelope);

    private static readonly JsonSerializerOptions Envelope = new(JsonSerializerDefaults.Web);

    public static NeedRow File(Guid id, NeedWire wire, DateTimeOffset now)
    {
        var row = new NeedRow { Id = id };
        row.Apply(wire, now);
        return row;
    }

    /// <summary>Replaces the copy with a newer version of the need (the sender's whole state).</summary>
    public void Apply(NeedWire w, DateTimeOffset now)
    {
        (Number, State, RequesterAgency, RequesterOffice, RequesterNode, RequestedBy, ProviderAgency) =
            (w.Number, WireNames.TryParse<NeedState>(w.State, out var s) ? s : NeedState.Filed, w.RequesterAgency, w.RequesterOffice, w.RequesterNode, w.RequestedBy, w.ProviderAgency);
        (Title, Description, MessageTypes, Datasets, Purpose, Regulation, Article) = (w.Title, w.Description, w.MessageTypes, w.Datasets, w.Purpose, w.Regulation, w.Article);
        (Consumers, Fields, Frequency, Deadline, FiledAt) = (w.Consumers, w.Fields, WireNames.TryParse<NeedFrequency>(w.Frequency, out var f) ? f : NeedFrequency.OnRequest, w.Deadline, w.FiledAt);
        CommentsJson = JsonSerializer.Serialize(w.Comments, Envelope);
        DecisionJson = w.Decision is null ? null : JsonSerializer.Serialize(w.Decision, Envelope);
        AgreementId = w.Decision?.AgreementId;
        Version = w.Version;
        UpdatedAt = now;
    }

    public void Comment(NeedCommentWire comment, DateTimeOffset now)
    {
        CommentsJson = JsonSerializer.Serialize(Comments.Append(comment).ToArray(), Envelope);
        State = NeedState.Commented;
        UpdatedAt = now;
        Version++;
    }

    public void Withdraw(DateTimeOffset now)
    {
        State = NeedState.Withdrawn;
        UpdatedAt = now;
        Version++;
    }

    public void Decide(NeedDecisionWire decision, DateTimeOffset now)
    {
        DecisionJson = JsonSerializer.Serialize(decision, Envelope);
        AgreementId = decision.AgreementId;
        State = decision.Approved ? NeedState.Approved : NeedState.Refused;
        UpdatedAt = now;
        Version++;
    }

    public NeedWire ToWire() => new(Number, WireNames.Of(State), RequesterAgency, RequesterOffice, RequesterNode, RequestedBy, ProviderAgency, Title, Description,
        MessageTypes, Datasets, Purpose, Regulation, Article, Consumers, Fields, WireNames.Of(Frequency), Deadline, FiledAt, [.. Comments], Decision, Version);
}

internal sealed class NeedRowConfiguration : IEntityTypeConfiguration<NeedRow>
{
    public void Configure(EntityTypeBuilder<NeedRow> b)
    {
        b.ToTable("acc_needs");
        b.HasKey(x => x.Id);
        b.Property(x => x.Number).HasMaxLength(64);
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => x.AgreementId).IsUnique();
        b.HasIndex(x => new { x.State, x.FiledAt });
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Frequency).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.RequesterAgency).HasMaxLength(64);
        b.Property(x => x.RequesterOffice).HasMaxLength(64);
        b.Property(x => x.RequesterNode).HasMaxLength(128);
        b.Property(x => x.RequestedBy).HasMaxLength(64);
        b.Property(x => x.ProviderAgency).HasMaxLength(64);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Purpose).HasMaxLength(2000);
        b.Property(x => x.Regulation).HasMaxLength(200);
        b.Property(x => x.Article).HasMaxLength(100);
        b.Property(x => x.AgreementId).HasMaxLength(32);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Comments);
        b.Ignore(x => x.Decision);
    }
}
