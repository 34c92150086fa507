using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.International.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.International;

/// <summary>
/// An envelope the hub relays (on the hub node only): the ePhyto Hub's header (from, to, certificate type and status,
/// the authority's certificate number, the hub delivery number), the content, who delivered it with their own delivery
/// id, and its tracking state with the delivery attempts.
/// </summary>
internal sealed class HubEnvelopeRow
{
    private HubEnvelopeRow()
    {
    }

    public Guid Id { get; private set; }

    /// <summary><c>HUB-{yyyy}-{nnnnnnnn}</c>, given by the hub; unique.</summary>
    public string Number { get; private set; } = "";

    public string FromCountry { get; private set; } = "";

    public string ToCountry { get; private set; } = "";

    public HubContentKind Kind { get; private set; }

    public string CertificateType { get; private set; } = "";

    public string CertificateStatus { get; private set; } = "";

    public string NppoCertificateNumber { get; private set; } = "";

    public string Content { get; private set; } = "";

    /// <summary>SHA-256 of the content's UTF-8 bytes, lowercase hex.</summary>
    public string Sha256 { get; private set; } = "";

    /// <summary>The office that delivered it (the authority of <see cref="FromCountry"/>).</summary>
    public string SenderOffice { get; private set; } = "";

    /// <summary>The node that delivered it: the hub node for the authorities it hosts, the member's node otherwise.</summary>
    public string SenderNode { get; private set; } = "";

    /// <summary>The sender's own id of the delivery; unique per sender, so that a delivery sent twice is kept once.</summary>
    public Guid SenderDeliveryId { get; private set; }

    public HubTrackingState State { get; private set; }

    /// <summary>How many times the destination was given the envelope (pulled) without acknowledging it.</summary>
    public int Attempts { get; private set; }

    /// <summary>While set and in the future, the envelope is with the destination, awaiting its acknowledgement.</summary>
    public DateTimeOffset? OfferedUntil { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset DeliveredAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public long Version { get; private set; }

    public static HubEnvelopeRow Create(
        Guid id, string number, string from, string to, HubContentKind kind, string type, string status, string certificateNumber, string content, string sha256,
        string senderOffice, string senderNode, Guid senderDeliveryId, DateTimeOffset now) =>
        new()
        {
            Id = id, Number = number, FromCountry = from, ToCountry = to, Kind = kind, CertificateType = type, CertificateStatus = status,
            NppoCertificateNumber = certificateNumber, Content = content, Sha256 = sha256, SenderOffice = senderOffice, SenderNode = senderNode,
            SenderDeliveryId = senderDeliveryId, State = HubTrackingState.PendingDelivery, DeliveredAt = now, UpdatedAt = now,
        };

    public bool IsPending => State == HubTrackingState.PendingDelivery;

    /// <summary>True when the destination holds it under an offer that has not run out.</summary>
    public bool IsOffered(DateTimeOffset now) => IsPending && OfferedUntil is { } until && until > now;

    /// <summary>The destination pulled it: a new attempt, offered until the acknowledgement is due.</summary>
    public void Offer(DateTimeOffset now, DateTimeOffset until)
    {
        Attempts++;
        OfferedUntil = until;
        Touch(now);
    }

    /// <summary>The offer ran out without an acknowledgement: listed again.</summary>
    public void OfferAgain(DateTimeOffset now)
    {
        OfferedUntil = null;
        Touch(now);
    }

    /// <summary>A final state: acknowledged by the destination (<paramref name="acknowledged"/>), or failed by the retry rules.</summary>
    public void Settle(HubTrackingState state, string? reason, DateTimeOffset now, bool acknowledged)
    {
        State = state;
        Reason = reason;
        OfferedUntil = null;
        AcknowledgedAt = acknowledged ? now : AcknowledgedAt;
        Touch(now);
    }

    public HubEnvelopeHeader Header() =>
        new(Number, FromCountry, ToCountry, WireNames.Of(Kind), CertificateType, CertificateStatus, NppoCertificateNumber, DeliveredAt, WireNames.Of(State), Attempts, Reason);

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    /// <summary>The number of the <paramref name="sequence"/>th envelope of the year.</summary>
    public static string NumberOf(int year, long sequence) => string.Create(CultureInfo.InvariantCulture, $"HUB-{year:D4}-{sequence:D8}");
}

/// <summary>One line of an envelope's tracking history: delivered, pulled (an attempt), offered again, acknowledged, failed.</summary>
internal sealed class HubEventRow
{
    private HubEventRow()
    {
    }

    public Guid Id { get; private set; }

    public Guid EnvelopeId { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary><c>delivered</c>, <c>pulled</c>, <c>offered-again</c>, <c>acknowledged</c>, <c>failed</c>.</summary>
    public string Event { get; private set; } = "";

    /// <summary>The envelope's state after the event.</summary>
    public HubTrackingState State { get; private set; }

    public int Attempts { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>Who caused it: a party (<c>node/office</c>), an officer, or <c>hub</c> for the retry rules.</summary>
    public string By { get; private set; } = "";

    public static HubEventRow Create(Guid id, HubEnvelopeRow envelope, string @event, string by, DateTimeOffset at) =>
        new() { Id = id, EnvelopeId = envelope.Id, At = at, Event = @event, State = envelope.State, Attempts = envelope.Attempts, Reason = envelope.Reason, By = by };

    public HubTrackingEvent View() => new(At, Event, WireNames.Of(State), Attempts, Reason, By);
}

internal sealed class HubEnvelopeRowConfiguration : IEntityTypeConfiguration<HubEnvelopeRow>
{
    public void Configure(EntityTypeBuilder<HubEnvelopeRow> b)
    {
        b.ToTable("in_hub_envelopes");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => new { x.SenderNode, x.SenderOffice, x.SenderDeliveryId }).IsUnique();
        b.HasIndex(x => new { x.ToCountry, x.State });
        b.HasIndex(x => new { x.FromCountry, x.State });
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.FromCountry).HasMaxLength(2);
        b.Property(x => x.ToCountry).HasMaxLength(2);
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.CertificateType).HasMaxLength(8);
        b.Property(x => x.CertificateStatus).HasMaxLength(8);
        b.Property(x => x.NppoCertificateNumber).HasMaxLength(HubRules.MaxCertificateNumber);
        b.Property(x => x.Content).HasMaxLength(InternationalWire.MaxContentBytes);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.SenderOffice).HasMaxLength(64);
        b.Property(x => x.SenderNode).HasMaxLength(128);
        b.Property(x => x.State).HasMaxLength(32);
        b.Property(x => x.Reason).HasMaxLength(HubRules.MaxReason);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class HubEventRowConfiguration : IEntityTypeConfiguration<HubEventRow>
{
    public void Configure(EntityTypeBuilder<HubEventRow> b)
    {
        b.ToTable("in_hub_events");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.EnvelopeId, x.At });
        b.Property(x => x.Event).HasMaxLength(32);
        b.Property(x => x.State).HasMaxLength(32);
        b.Property(x => x.Reason).HasMaxLength(HubRules.MaxReason);
        b.Property(x => x.By).HasMaxLength(200);
        b.HasOne<HubEnvelopeRow>().WithMany().HasForeignKey(x => x.EnvelopeId).OnDelete(DeleteBehavior.Cascade);
    }
}
