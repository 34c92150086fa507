using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.International;

/// <summary>Where an envelope this node sent through the hub stands: queued here, then the hub's tracking states.</summary>
internal enum OutgoingState
{
    /// <summary>Queued for the hub in the exchange's outbox; the hub has not answered yet.</summary>
    Queued,
    PendingDelivery,
    Delivered,
    DeliveredWithWarnings,
    DeliveredNotReadable,
    FailedDelivery,
}

/// <summary>An envelope this node sent to another member country through the hub (<c>in_outgoing</c>), with its tracking.</summary>
internal sealed class OutgoingRow
{
    private OutgoingRow()
    {
    }

    /// <summary>The delivery id (<see cref="HubDelivery.DeliveryId"/>).</summary>
    public Guid Id { get; private set; }

    public HubContentKind Kind { get; private set; }

    public string To { get; private set; } = "";

    public string CertificateType { get; private set; } = "";

    public string CertificateStatus { get; private set; } = "";

    public string NppoCertificateNumber { get; private set; } = "";

    public string? DeclarationNumber { get; private set; }

    public string? PermitNumber { get; private set; }

    public string Content { get; private set; } = "";

    public OutgoingState State { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>The hub's delivery number, once the hub reported it.</summary>
    public string? HubDeliveryNumber { get; private set; }

    public string Actor { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The hub's time of the last tracking change applied (older or equal ones are stale or duplicates).</summary>
    public DateTimeOffset? TrackedAt { get; private set; }

    public long Version { get; private set; }

    public static OutgoingRow Create(
        Guid id, HubContentKind kind, string to, string type, string status, string number, string content, string? declaration, string? permit, string actor, DateTimeOffset now) =>
        new()
        {
            Id = id, Kind = kind, To = to, CertificateType = type, CertificateStatus = status, NppoCertificateNumber = number, Content = content,
            DeclarationNumber = declaration, PermitNumber = permit, Actor = actor, State = OutgoingState.Queued, CreatedAt = now, UpdatedAt = now,
        };

    /// <summary>Applies the hub's report unless it is older than (or as old as) the last one applied, or would move a settled envelope back to pending.</summary>
    public bool Apply(HubTrackingState state, string? number, string? reason, DateTimeOffset at, DateTimeOffset now)
    {
        var next = WireNames.Parse<OutgoingState>(WireNames.Of(state));
        if ((TrackedAt is { } last && at <= last) || (next == OutgoingState.PendingDelivery && State is not (OutgoingState.Queued or OutgoingState.PendingDelivery)))
        {
            return false;
        }

        State = next;
        Reason = reason;
        HubDeliveryNumber = string.IsNullOrEmpty(number) ? HubDeliveryNumber : number;
        TrackedAt = at;
        UpdatedAt = now;
        Version++;
        return true;
    }

    public OutgoingEnvelopeView View() =>
        new(Id, WireNames.Of(Kind), To, CertificateType, CertificateStatus, NppoCertificateNumber, DeclarationNumber, PermitNumber, WireNames.Of(State), Reason,
            HubDeliveryNumber, Actor, CreatedAt, UpdatedAt);
}

internal sealed class OutgoingRowConfiguration : IEntityTypeConfiguration<OutgoingRow>
{
    public void Configure(EntityTypeBuilder<OutgoingRow> b)
    {
        b.ToTable("in_outgoing");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.HubDeliveryNumber);
        b.HasIndex(x => x.NppoCertificateNumber);
        b.HasIndex(x => x.PermitNumber);
        b.HasIndex(x => x.CreatedAt);
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.To).HasMaxLength(2);
        b.Property(x => x.CertificateType).HasMaxLength(8);
        b.Property(x => x.CertificateStatus).HasMaxLength(8);
        b.Property(x => x.NppoCertificateNumber).HasMaxLength(HubRules.MaxCertificateNumber);
        b.Property(x => x.DeclarationNumber).HasMaxLength(64);
        b.Property(x => x.PermitNumber).HasMaxLength(64);
        b.Property(x => x.Content).HasMaxLength(InternationalWire.MaxContentBytes);
        b.Property(x => x.State).HasMaxLength(32);
        b.Property(x => x.Reason).HasMaxLength(HubRules.MaxReason);
        b.Property(x => x.HubDeliveryNumber).HasMaxLength(32);
        b.Property(x => x.Actor).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

/// <summary>
/// <see cref="IHubOutbox"/>: checks that this node can send through the hub (a hub in the directory, this node a member
/// country's, the destination another member, the fields the hub checks), records the outgoing envelope and queues the
/// delivery to the hub node in the caller's save.
/// </summary>
internal sealed class HubOutbox(HubMembers members, ExchangeSender sender, TimeProvider clock) : IHubOutbox
{
    public Task<(Guid? DeliveryId, Message? Refused)> SendAsync(
        GqDbContext db, HubContentKind kind, string to, string certificateType, string certificateStatus, string number, string content,
        string? declarationNumber, string? permitNumber, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (members.HubNode is not { } hub)
        {
            return Refused(new Message("hub.no-hub", InternationalWire.HubOffice));
        }

        if (members.IsHub)
        {
            return Refused(new Message("hub.outbox.is-hub"));
        }

        if (members.OfThisNode is not { } self)
        {
            return Refused(new Message("hub.outbox.no-member"));
        }

        var id = Ids.New(clock);
        var (delivery, errors) = HubRules.Check(self, members, id, to, WireNames.Of(kind), certificateType, certificateStatus, number, content);
        if (delivery is null)
        {
            return Refused(new Message("text", HubRules.Reason(errors)));
        }

        var sent = sender.As(SendingModule.International).Send(db, InternationalWire.DeliveredType,
            new HubDelivery(id, delivery.To.Country, WireNames.Of(kind), delivery.CertificateType, delivery.CertificateStatus, delivery.Number, delivery.Content), [hub], self.Office);
        if (sent.Denied.Count > 0)
        {
            return Refused(new Message("hub.outbox.denied", string.Join("; ", sent.Denied.Select(d => $"{d.Party}: {d.Reason}"))));
        }

        db.Set<OutgoingRow>().Add(OutgoingRow.Create(id, kind, delivery.To.Country, delivery.CertificateType, delivery.CertificateStatus, delivery.Number, delivery.Content,
            declarationNumber, permitNumber, actor.Length > 200 ? actor[..200] : actor, clock.GetUtcNow()));
        return Task.FromResult<(Guid?, Message?)>((id, null));
    }

    private static Task<(Guid? DeliveryId, Message? Refused)> Refused(Message reason) => Task.FromResult<(Guid?, Message?)>((null, reason));
}

/// <summary>
/// <see cref="InternationalWire.TrackingChangedType"/> on a member node: the hub reports the state of an envelope this node
/// delivered. Only the hub node may; a stale or repeated report changes nothing.
/// </summary>
internal sealed class TrackingChangedHandler(HubMembers members, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == InternationalWire.TrackingChangedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        if (Parties.NodeOf(header.Sender) != members.HubNode)
        {
            throw new InvalidOperationException($"{header.Type}: {header.Sender} is not the hub ({members.HubNode ?? "no node"} is).");
        }

        HubTrackingChanged? t;
        try
        {
            t = payload.Deserialize<HubTrackingChanged>(Envelopes.Json);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{header.Type}: the payload is not a tracking change: {e.Message}");
        }

        if (t is null || !WireNames.TryParse<HubTrackingState>(t.State, out var state) || (t.Reason?.Length ?? 0) > HubRules.MaxReason || (t.HubDeliveryNumber?.Length ?? 0) > 32)
        {
            throw new InvalidOperationException($"{header.Type}: a tracking change needs a delivery id, a known state and a reason of at most {HubRules.MaxReason} characters.");
        }

        var row = await db.Set<OutgoingRow>().FirstOrDefaultAsync(o => o.Id == t.DeliveryId, ct)
            ?? throw new InvalidOperationException($"{header.Type}: this node sent no delivery {t.DeliveryId}.");
        row.Apply(state, t.HubDeliveryNumber, t.Reason, t.At, clock.GetUtcNow());
    }
}
