using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Declarations;

/// <summary>
/// An import or export declaration: the declared data (a JSON document, versioned in the history), where it was
/// routed, the risk decision, the inspection and the stage it is in. State changes go through
/// <see cref="Move"/>, which refuses a transition the lifecycle does not allow.
/// </summary>
internal sealed class Declaration
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private static readonly Dictionary<DeclarationStatus, DeclarationStatus[]> Allowed = new()
    {
        [DeclarationStatus.Draft] = [DeclarationStatus.Submitted, DeclarationStatus.Withdrawn],
        [DeclarationStatus.Submitted] = [DeclarationStatus.Accepted, DeclarationStatus.Returned, DeclarationStatus.AwaitingIssuer, DeclarationStatus.Draft, DeclarationStatus.Withdrawn,
            DeclarationStatus.Forwarded],
        // Forwarded to the node that hosts the office: only that node's refusal or return brings it back (to amend and submit again).
        [DeclarationStatus.Forwarded] = [DeclarationStatus.Returned],
        [DeclarationStatus.AwaitingIssuer] = [DeclarationStatus.Accepted, DeclarationStatus.Returned, DeclarationStatus.Draft, DeclarationStatus.Withdrawn],
        [DeclarationStatus.Returned] = [DeclarationStatus.Draft, DeclarationStatus.Withdrawn],
        [DeclarationStatus.Accepted] = [DeclarationStatus.Inspection, DeclarationStatus.Passed, DeclarationStatus.Returned, DeclarationStatus.Draft, DeclarationStatus.Withdrawn],
        [DeclarationStatus.Inspection] = [DeclarationStatus.Passed, DeclarationStatus.Failed],
        [DeclarationStatus.Passed] = [DeclarationStatus.PermitIssued],
        [DeclarationStatus.Failed] = [],
        [DeclarationStatus.PermitIssued] = [DeclarationStatus.Released, DeclarationStatus.Cleared, DeclarationStatus.CustomsHeld, DeclarationStatus.CustomsRefused],
        [DeclarationStatus.Released] = [DeclarationStatus.Cleared, DeclarationStatus.CustomsHeld, DeclarationStatus.CustomsRefused],
        [DeclarationStatus.CustomsHeld] = [DeclarationStatus.Cleared, DeclarationStatus.CustomsRefused],
        [DeclarationStatus.Cleared] = [],
        [DeclarationStatus.CustomsRefused] = [],
        [DeclarationStatus.Withdrawn] = [],
    };

    /// <summary>Where an issuer's suspension or revocation of a cited LPCO still returns the declaration: before the permit is issued.</summary>
    private static readonly DeclarationStatus[] Recallable =
        [DeclarationStatus.Submitted, DeclarationStatus.AwaitingIssuer, DeclarationStatus.Accepted, DeclarationStatus.Inspection, DeclarationStatus.Passed];

    private Declaration()
    {
    }

    public Guid Id { get; private set; }

    /// <summary><c>D{E|I}-{yyyyMMdd}-{12 hex}</c> (docs/clearance.md).</summary>
    public string Number { get; private set; } = "";

    public DeclarationKind Kind { get; private set; }

    public DeclarationStatus Status { get; private set; }

    public string DeclarantUscc { get; private set; } = "";

    /// <summary>The consignor of an export or the consignee of an import.</summary>
    public string TraderUscc { get; private set; } = "";

    public string? ManufacturerUscc { get; private set; }

    /// <summary>The Chinese port of exit or entry.</summary>
    public string? Port { get; private set; }

    public int LineCount { get; private set; }

    /// <summary>The declared data as JSON (<see cref="DeclarationData"/>).</summary>
    public string DataJson { get; private set; } = "";

    /// <summary>The CIQ office the declaration was routed to (organisation code).</summary>
    public string? Office { get; private set; }

    /// <summary>Why the declaration went to its office, a coded message (<see cref="Message.Store"/>).</summary>
    public string? RoutingReason { get; private set; }

    public const int RoutingReasonLength = 512;

    public RiskOutcome? Risk { get; private set; }

    public int? RiskScore { get; private set; }

    public string? RiskJson { get; private set; }

    public string? InspectionJson { get; private set; }

    public string? ReturnReasons { get; private set; }

    /// <summary>The inspection permit issued for the declaration.</summary>
    public string? PermitNumber { get; private set; }

    /// <summary>Customs' decision as <c>{decision} {reason code}</c>, e.g. <c>cleared C02</c>.</summary>
    public string? CustomsDecision { get; private set; }

    /// <summary>True when Customs decided on the electronic copy of the clearance permit (the e-clearance coverage).</summary>
    public bool? ElectronicClearance { get; private set; }

    public DateTimeOffset? CustomsDecidedAt { get; private set; }

    /// <summary>Why the declaration waits for an LPCO issuer (status <see cref="DeclarationStatus.AwaitingIssuer"/>).</summary>
    public string? AwaitingIssuerReason { get; private set; }

    /// <summary>What the issuers' checks said the attached LPCOs cover (<see cref="LpcoCover"/>[] as JSON), for the draw-down at release.</summary>
    public string? LpcoJson { get; private set; }

    /// <summary>When the release's draw-downs were sent to the issuers (once per declaration).</summary>
    public DateTimeOffset? LpcoDrawnAt { get; private set; }

    /// <summary>On the submitting node: the node the declaration was forwarded to, because it hosts the office it was routed to.</summary>
    public string? ForwardedTo { get; private set; }

    /// <summary>On the receiving node: the node that forwarded the declaration.</summary>
    public string? ForwardedFrom { get; private set; }

    /// <summary>The forwarding's id, the same on both nodes: a forwarding received twice creates one declaration.</summary>
    public Guid? ForwardId { get; private set; }

    /// <summary>The declaration's number on the other node (the host's number at the origin, the origin's at the host).</summary>
    public string? RemoteNumber { get; private set; }

    /// <summary>The status last reported: at the origin, the one the host reported; at the host, the one it last reported.</summary>
    public string? RemoteStatus { get; private set; }

    /// <summary>At the origin: the inspection permit the host issued.</summary>
    public string? RemotePermitNumber { get; private set; }

    /// <summary>At the origin: what the host said with its last status (reasons, permit, risk decision).</summary>
    public string? RemoteDetail { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public long Version { get; private set; }

    public DeclarationData Data => JsonSerializer.Deserialize<DeclarationData>(DataJson, Json)!;

    public RiskDecision? RiskDecision => RiskJson is null ? null : JsonSerializer.Deserialize<RiskDecision>(RiskJson, Json);

    public LpcoCover[] Lpcos => LpcoJson is null ? [] : JsonSerializer.Deserialize<LpcoCover[]>(LpcoJson, Json)!;

    public LineInspection[] Inspection => InspectionJson is null ? [] : JsonSerializer.Deserialize<LineInspection[]>(InspectionJson, Json)!;

    public static Declaration Create(Guid id, DeclarationData data, DateTimeOffset now)
    {
        var d = new Declaration
        {
            Id = id,
            Number = string.Create(CultureInfo.InvariantCulture, $"D{(data.Kind == DeclarationKind.Export ? 'E' : 'I')}-{now:yyyyMMdd}-{id.ToString("N")[20..].ToUpperInvariant()}"),
            Kind = data.Kind,
            Status = DeclarationStatus.Draft,
            CreatedAt = now,
        };
        d.SetData(data, now);
        return d;
    }

    public bool CanMove(DeclarationStatus to) => Allowed[Status].Contains(to);

    /// <summary>Moves to another state; the caller has checked <see cref="CanMove"/> and records the event.</summary>
    public void Move(DeclarationStatus to, DateTimeOffset now)
    {
        if (!CanMove(to))
        {
            throw new InvalidOperationException($"A {Status} declaration cannot become {to}.");
        }

        Status = to;
        UpdatedAt = now;
        Version++;
    }

    public void SetData(DeclarationData data, DateTimeOffset now)
    {
        Kind = data.Kind;
        DeclarantUscc = data.DeclarantUscc;
        TraderUscc = data.TraderUscc;
        ManufacturerUscc = data.ManufacturerUscc;
        Port = data.ChinesePort;
        LineCount = data.Lines.Length;
        DataJson = JsonSerializer.Serialize(data, Json);
        UpdatedAt = now;
        Version++;
    }

    public void Route(string office, string reason) => (Office, RoutingReason) = (office, reason);

    public void Decide(RiskDecision decision) => (Risk, RiskScore, RiskJson) = (decision.Outcome, decision.Score, JsonSerializer.Serialize(decision, Json));

    /// <summary>Returned with <paramref name="reasons"/>, kept as a coded message (<see cref="Message.Store"/>).</summary>
    public void Return(Message reasons) => ReturnReasons = reasons.Store(ReturnReasonsLength);

    public const int ReturnReasonsLength = 4000;

    /// <summary>True while an issuer's suspension or revocation of a cited LPCO still returns the declaration (before the permit).</summary>
    public bool CanRecall => Recallable.Contains(Status);

    /// <summary>Returns the declaration because an LPCO it cites no longer covers the goods (the issuer's word), from any status before the permit.</summary>
    public void Recall(Message reasons, DateTimeOffset now)
    {
        if (!CanRecall)
        {
            throw new InvalidOperationException($"A {Status} declaration cannot be returned by the issuer of its LPCO.");
        }

        ReturnReasons = reasons.Store(ReturnReasonsLength);
        Status = DeclarationStatus.Returned;
        AwaitingIssuerReason = null;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Records why the declaration waits for an issuer; null once it no longer waits.</summary>
    public void AwaitIssuer(Message? reason) => AwaitingIssuerReason = reason?.Store(1000);

    /// <summary>Keeps what the issuers' checks said the LPCOs cover.</summary>
    public void Covered(LpcoCover[] covers) => LpcoJson = covers.Length == 0 ? null : JsonSerializer.Serialize(covers, Json);

    public void LpcosDrawn(DateTimeOffset at) => LpcoDrawnAt = at;

    public void Inspected(LineInspection[] lines) => InspectionJson = JsonSerializer.Serialize(lines, Json);

    public void PermitIssued(string number) => PermitNumber = number;

    /// <summary>
    /// Ends the declaration by a hold decision (the goods destroyed or returned to sender): it becomes
    /// <see cref="DeclarationStatus.Failed"/> from any open status, as goods not admitted. Final.
    /// </summary>
    public void EndByHold(DateTimeOffset now)
    {
        Status = DeclarationStatus.Failed;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Forwarded to the node hosting the office (status <see cref="DeclarationStatus.Forwarded"/>, moved by the caller).</summary>
    public void ForwardTo(string node, Guid forwardId) =>
        (ForwardedTo, ForwardId, RemoteNumber, RemoteStatus, RemotePermitNumber, RemoteDetail) = (node, forwardId, null, null, null, null);

    /// <summary>Created from a forwarding received from <paramref name="origin"/>.</summary>
    public void ForwardedIn(string origin, Guid forwardId, string originNumber) => (ForwardedFrom, ForwardId, RemoteNumber) = (origin, forwardId, Cut(originNumber, 32));

    /// <summary>At the host: the status it reported to the origin.</summary>
    public void Reported(string status) => RemoteStatus = status;

    /// <summary>At the origin: what the host reported.</summary>
    public void RemoteOutcome(string? number, string status, string? permit, string? detail, DateTimeOffset now)
    {
        RemoteNumber = number is null ? RemoteNumber : Cut(number, 32);
        RemoteStatus = Cut(status, 64);
        RemotePermitNumber = permit is null ? RemotePermitNumber : Cut(permit, 48);
        RemoteDetail = detail is null ? null : Cut(detail, 2000);
        UpdatedAt = now;
        Version++;
    }

    private static string Cut(string text, int max) => text.Length > max ? text[..max] : text;

    public void CustomsDecided(string decision, bool electronic, DateTimeOffset at) => (CustomsDecision, ElectronicClearance, CustomsDecidedAt) = (decision, electronic, at);
}

/// <summary>One entry of a declaration's history: a stage reached or a change made, by whom, on behalf of which office.</summary>
internal sealed class DeclarationEvent
{
    private DeclarationEvent()
    {
    }

    public Guid Id { get; private set; }

    public Guid DeclarationId { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The stage or change, e.g. <c>submitted</c>, <c>risk-decided</c>, <c>port-verified</c>, <c>amended</c>.</summary>
    public string Stage { get; private set; } = "";

    public DeclarationStatus Status { get; private set; }

    public string Actor { get; private set; } = "";

    public string Detail { get; private set; } = "";

    /// <summary>The declared data at that moment, for creations and amendments.</summary>
    public string? DataJson { get; private set; }

    /// <summary>A history event; its detail is kept as a coded message (<see cref="Message.Store"/>), shown in the reader's language.</summary>
    public static DeclarationEvent Create(Guid id, Declaration d, DateTimeOffset at, string stage, string actor, Message detail, bool withData = false) =>
        new() { Id = id, DeclarationId = d.Id, At = at, Stage = stage, Status = d.Status, Actor = actor, Detail = detail.Store(DetailLength), DataJson = withData ? d.DataJson : null };

    public const int DetailLength = 4000;
}

/// <summary>
/// Ids of history events: UUIDv7, strictly increasing within the process. The history is read in (at, id) order,
/// and the events of one step share their timestamp; plain UUIDv7s of the same millisecond are in random order,
/// which showed e.g. <c>accepted</c> before <c>submitted</c>.
/// </summary>
internal static class HistoryIds
{
    private static readonly Lock Gate = new();
    private static Guid last;

    public static Guid Next(TimeProvider clock)
    {
        var id = Ids.New(clock);
        lock (Gate)
        {
            if (Compare(id, last) <= 0)
            {
                // The same millisecond (or a clock step back): one more than the last, in the order databases sort uuids.
                var bytes = last.ToByteArray(bigEndian: true);
                for (var i = 15; i >= 9 && ++bytes[i] == 0; i--)
                {
                }

                id = new Guid(bytes, bigEndian: true);
            }

            last = id;
            return id;
        }
    }

    private static int Compare(Guid a, Guid b) => a.ToByteArray(bigEndian: true).AsSpan().SequenceCompareTo(b.ToByteArray(bigEndian: true));
}

/// <summary>An enterprise registered as the customs/inspection agent of another, which lets it declare for it.</summary>
internal sealed class AgentMandate
{
    private AgentMandate()
    {
    }

    public Guid Id { get; private set; }

    public string AgentUscc { get; private set; } = "";

    public string PrincipalUscc { get; private set; } = "";

    public DateOnly ValidFrom { get; private set; }

    public DateOnly? ValidTo { get; private set; }

    public string RegisteredBy { get; private set; } = "";

    public DateTimeOffset RegisteredAt { get; private set; }

    public bool InForce(DateOnly on) => on >= ValidFrom && (ValidTo is not { } to || on <= to);

    public static AgentMandate Create(Guid id, string agent, string principal, DateOnly from, DateOnly? to, string by, DateTimeOffset at) =>
        new() { Id = id, AgentUscc = agent, PrincipalUscc = principal, ValidFrom = from, ValidTo = to, RegisteredBy = by, RegisteredAt = at };
}

internal sealed class DeclarationConfiguration : IEntityTypeConfiguration<Declaration>
{
    public void Configure(EntityTypeBuilder<Declaration> b)
    {
        b.ToTable("declarations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Number).HasMaxLength(32);
        b.HasIndex(x => x.Number).IsUnique();
        b.Property(x => x.DeclarantUscc).HasMaxLength(18);
        b.Property(x => x.TraderUscc).HasMaxLength(18);
        b.Property(x => x.ManufacturerUscc).HasMaxLength(18);
        b.Property(x => x.Port).HasMaxLength(5);
        b.Property(x => x.Office).HasMaxLength(64);
        b.Property(x => x.RoutingReason).HasMaxLength(Declaration.RoutingReasonLength);
        b.Property(x => x.ReturnReasons).HasMaxLength(4000);
        b.Property(x => x.PermitNumber).HasMaxLength(48);
        b.Property(x => x.CustomsDecision).HasMaxLength(256);
        b.Property(x => x.AwaitingIssuerReason).HasMaxLength(1000);
        b.Property(x => x.ForwardedTo).HasMaxLength(128);
        b.Property(x => x.ForwardedFrom).HasMaxLength(128);
        b.Property(x => x.RemoteNumber).HasMaxLength(32);
        b.Property(x => x.RemoteStatus).HasMaxLength(64);
        b.Property(x => x.RemotePermitNumber).HasMaxLength(48);
        b.Property(x => x.RemoteDetail).HasMaxLength(2000);
        b.HasIndex(x => new { x.ForwardedFrom, x.ForwardId }).IsUnique();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Office, x.Status });
        b.HasIndex(x => x.DeclarantUscc);
        b.HasIndex(x => new { x.TraderUscc, x.Status, x.UpdatedAt });
        b.HasIndex(x => new { x.ManufacturerUscc, x.Status, x.UpdatedAt, x.TraderUscc });
        b.Ignore(x => x.Data);
        b.Ignore(x => x.RiskDecision);
        b.Ignore(x => x.Inspection);
        b.Ignore(x => x.Lpcos);
        b.Ignore(x => x.CanRecall);
    }
}

internal sealed class DeclarationEventConfiguration : IEntityTypeConfiguration<DeclarationEvent>
{
    public void Configure(EntityTypeBuilder<DeclarationEvent> b)
    {
        b.ToTable("declarations_events");
        b.HasKey(x => x.Id);
        b.Property(x => x.Stage).HasMaxLength(48);
        b.Property(x => x.Actor).HasMaxLength(128);
        b.Property(x => x.Detail).HasMaxLength(DeclarationEvent.DetailLength);
        b.HasIndex(x => new { x.DeclarationId, x.At });
        b.HasIndex(x => new { x.Stage, x.At });
    }
}

internal sealed class AgentMandateConfiguration : IEntityTypeConfiguration<AgentMandate>
{
    public void Configure(EntityTypeBuilder<AgentMandate> b)
    {
        b.ToTable("declarations_agent_mandates");
        b.HasKey(x => x.Id);
        b.Property(x => x.AgentUscc).HasMaxLength(18);
        b.Property(x => x.PrincipalUscc).HasMaxLength(18);
        b.Property(x => x.RegisteredBy).HasMaxLength(128);
        b.HasIndex(x => new { x.AgentUscc, x.PrincipalUscc });
    }
}
