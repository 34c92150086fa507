using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GoldenQuality.Certificates;

public enum PermitStatus
{
    Valid,
    Revoked,
}

/// <summary>
/// The signed content of a permit: what the paper shows and the electronic copy carries. Its canonical JSON is
/// signed (JWS ES256, kid = issuing node) and hashed (SHA-256, base64url) into the digest the QR code carries.
/// </summary>
public sealed record PermitDocument(
    string Number,
    PermitKind Kind,
    int Revision,
    string DeclarationNumber,
    DeclarationKind DeclarationKind,
    string IssuerNode,
    string IssuerOffice,
    string Port,
    string PortOffice,
    string TraderUscc,
    string TraderName,
    string? ManufacturerUscc,
    string Country,
    PermitLine[] Lines,
    string VerificationCode,
    DateTimeOffset IssuedAt,
    DateTimeOffset ValidUntil,
    string? BasedOn)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The canonical JSON that is signed and hashed.</summary>
    public string Canonical() => JsonSerializer.Serialize(this, Json);
}

/// <summary>The QR payload of a paper permit (docs/clearance.md).</summary>
public static class QrCodes
{
    public const string Prefix = "GQP1";

    public static string Format(string number, string verificationCode, string digest) => $"{Prefix}|{number}|{verificationCode}|{digest}";

    /// <summary>Reads a payload; null with a reason when it is not one of ours or is damaged.</summary>
    public static (string Number, string Code, string Digest)? TryParse(string? payload, out Message? reason)
    {
        var parts = (payload ?? "").Trim().Split('|');
        reason = null;
        if (parts.Length != 4 || parts[0] != Prefix)
        {
            reason = new Message("permit.qr.not-ours", Prefix);
            return null;
        }

        if (parts[1].Length is 0 or > 64 || parts[2].Length != 8 || parts[3].Length != 43)
        {
            reason = new Message("permit.qr.damaged");
            return null;
        }

        return (parts[1], parts[2], parts[3]);
    }

    /// <summary>Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L).</summary>
    public static string NewVerificationCode()
    {
        const string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        return string.Create(8, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}

/// <summary>
/// A permit as one office holds it: the issuer's original, or the electronic copy another office received over
/// the exchange. Each holder draws its own copy down; the signed document is the same everywhere.
/// </summary>
internal sealed class Permit
{
    private Permit()
    {
    }

    public Guid Id { get; private set; }

    /// <summary><c>IP-{office}-{yyyyMMdd}-{10 hex}</c> (inspection) or <c>CP-…</c> (clearance), docs/clearance.md.</summary>
    public string Number { get; private set; } = "";

    public PermitKind Kind { get; private set; }

    public int Revision { get; private set; }

    /// <summary>The office holding this row: the issuing office, or the recipient of a copy.</summary>
    public string Holder { get; private set; } = "";

    public bool IsCopy { get; private set; }

    public string DeclarationNumber { get; private set; } = "";

    public string IssuerNode { get; private set; } = "";

    public string IssuerOffice { get; private set; } = "";

    public string Port { get; private set; } = "";

    public string TraderUscc { get; private set; } = "";

    public PermitStatus Status { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    public DateTimeOffset ValidUntil { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevocationReason { get; private set; }

    /// <summary>The signed document (<see cref="PermitDocument"/>) as canonical JSON.</summary>
    public string DocumentJson { get; private set; } = "";

    public string Digest { get; private set; } = "";

    /// <summary>JWS ES256 over the canonical document, kid = issuing node.</summary>
    public string Signature { get; private set; } = "";

    /// <summary>What is left to draw per line, as JSON <c>{"1": 100.0, …}</c>.</summary>
    public string RemainingJson { get; private set; } = "";

    /// <summary>The parties (node/office) the copy was sent to, for revocations and amendments.</summary>
    public string SentTo { get; private set; } = "";

    /// <summary>The clearance permit issued on this one (port side), the last one for partial shipments.</summary>
    public string? ClearancePermit { get; private set; }

    /// <summary>For a clearance permit: the inspection permit it was issued on.</summary>
    public string? BasedOn { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>
    /// For a copy: the envelope that brought its current revision. The holder's answer (the port's clearance permit,
    /// Customs' decision) is caused by it, so that the sender's step tracker sees the step done (decision 0028).
    /// </summary>
    public Guid? SourceEnvelope { get; private set; }

    /// <summary>For a copy: the case (correlation id) of the envelope that brought it; the holder answers in that case.</summary>
    public Guid? SourceCase { get; private set; }

    /// <summary>Why this row is held (hold register), e.g. <c>held under rapid alert AL-…: chloramphenicol …</c>; null when not held.</summary>
    public string? HeldReason { get; private set; }

    /// <summary>The rapid alert the hold is under, if any.</summary>
    public string? HeldAlert { get; private set; }

    public long Version { get; private set; }

    public PermitDocument Document => JsonSerializer.Deserialize<PermitDocument>(DocumentJson, PermitDocument.Json)!;

    public Dictionary<int, decimal> Remaining => JsonSerializer.Deserialize<Dictionary<int, decimal>>(RemainingJson, PermitDocument.Json)!;

    public static Permit Create(Guid id, string documentJson, string signature, string holder, bool isCopy, DateTimeOffset now)
    {
        var p = new Permit { Id = id, Holder = holder, IsCopy = isCopy, ReceivedAt = now, Status = PermitStatus.Valid };
        p.Apply(documentJson, signature);
        return p;
    }

    /// <summary>Takes a revision of the signed document (its canonical JSON, as signed); what was drawn stays drawn.</summary>
    public void Apply(string documentJson, string signature)
    {
        var document = JsonSerializer.Deserialize<PermitDocument>(documentJson, PermitDocument.Json)!;
        var drawn = RemainingJson.Length == 0 ? null : Document.Lines.ToDictionary(l => l.Sequence, l => l.Quantity - Remaining.GetValueOrDefault(l.Sequence));
        Number = document.Number;
        Kind = document.Kind;
        Revision = document.Revision;
        DeclarationNumber = document.DeclarationNumber;
        IssuerNode = document.IssuerNode;
        IssuerOffice = document.IssuerOffice;
        Port = document.Port;
        TraderUscc = document.TraderUscc;
        IssuedAt = document.IssuedAt;
        ValidUntil = document.ValidUntil;
        BasedOn = document.BasedOn;
        DocumentJson = documentJson;
        Digest = Jws.Digest(System.Text.Encoding.UTF8.GetBytes(documentJson));
        Signature = signature;
        RemainingJson = JsonSerializer.Serialize(
            document.Lines.ToDictionary(l => l.Sequence, l => Math.Max(0, l.Quantity - (drawn?.GetValueOrDefault(l.Sequence) ?? 0))), PermitDocument.Json);

        Version++;
    }

    /// <summary>A copy's current revision came in <paramref name="envelope"/>, in case <paramref name="caseId"/>.</summary>
    public void ArrivedIn(Guid envelope, Guid caseId) => (SourceEnvelope, SourceCase) = (envelope, caseId);

    public void Draw(IReadOnlyDictionary<int, decimal> quantities)
    {
        var remaining = Remaining;
        foreach (var (sequence, quantity) in quantities)
        {
            remaining[sequence] -= quantity;
        }

        RemainingJson = JsonSerializer.Serialize(remaining, PermitDocument.Json);
        Version++;
    }

    public void Revoke(string reason, DateTimeOffset now)
    {
        Status = PermitStatus.Revoked;
        RevokedAt = now;
        RevocationReason = reason;
        Version++;
    }

    /// <summary>Holds the row: the port check and the Customs verification answer held, nothing is drawn.</summary>
    public void Hold(string reason, string? alert)
    {
        HeldReason = reason.Length <= 1024 ? reason : reason[..1024];
        HeldAlert = alert;
        Version++;
    }

    /// <summary>Lifts the hold (a decision ended every hold on the row).</summary>
    public void Unhold()
    {
        (HeldReason, HeldAlert) = (null, null);
        Version++;
    }

    public void Sent(IEnumerable<string> parties) => SentTo = string.Join(' ', SentTo.Split(' ', StringSplitOptions.RemoveEmptyEntries).Concat(parties).Distinct(StringComparer.Ordinal));

    public void ClearedWith(string clearancePermit) => ClearancePermit = clearancePermit;

    internal static string NewNumber(PermitKind kind, string office, Guid id, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{(kind == PermitKind.Inspection ? "IP" : "CP")}-{office}-{now:yyyyMMdd}-{id.ToString("N")[22..].ToUpperInvariant()}");
}

/// <summary>One check of a paper permit against the electronic copy, kept for audit (forgeries included).</summary>
internal sealed class PermitCheck
{
    private PermitCheck()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Office { get; private set; } = "";

    public string Actor { get; private set; } = "";

    public string PermitNumber { get; private set; } = "";

    public string Outcome { get; private set; } = "";

    public string Detail { get; private set; } = "";

    /// <summary>The quantities drawn by this check (a release), as JSON; null for a check only.</summary>
    public string? DrawnJson { get; private set; }

    public static PermitCheck Create(Guid id, DateTimeOffset at, string office, string actor, string number, string outcome, string detail, string? drawn) =>
        new() { Id = id, At = at, Office = office, Actor = actor, PermitNumber = number, Outcome = outcome, Detail = detail, DrawnJson = drawn };
}

internal sealed class PermitConfiguration : IEntityTypeConfiguration<Permit>
{
    public void Configure(EntityTypeBuilder<Permit> b)
    {
        b.ToTable("certificates_permits");
        b.HasKey(x => x.Id);
        b.Property(x => x.Number).HasMaxLength(64);
        b.Property(x => x.Holder).HasMaxLength(64);
        b.HasIndex(x => new { x.Number, x.Holder }).IsUnique();
        b.Property(x => x.DeclarationNumber).HasMaxLength(32);
        b.HasIndex(x => x.DeclarationNumber);
        b.Property(x => x.IssuerNode).HasMaxLength(128);
        b.Property(x => x.IssuerOffice).HasMaxLength(64);
        b.Property(x => x.Port).HasMaxLength(5);
        b.Property(x => x.TraderUscc).HasMaxLength(18);
        b.Property(x => x.RevocationReason).HasMaxLength(1024);
        b.Property(x => x.Digest).HasMaxLength(43);
        b.Property(x => x.SentTo).HasMaxLength(2048);
        b.Property(x => x.ClearancePermit).HasMaxLength(64);
        b.Property(x => x.BasedOn).HasMaxLength(64);
        b.Property(x => x.HeldReason).HasMaxLength(1024);
        b.Property(x => x.HeldAlert).HasMaxLength(64);
        b.HasIndex(x => x.BasedOn);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Document);
        b.Ignore(x => x.Remaining);
    }
}

internal sealed class PermitCheckConfiguration : IEntityTypeConfiguration<PermitCheck>
{
    public void Configure(EntityTypeBuilder<PermitCheck> b)
    {
        b.ToTable("certificates_checks");
        b.HasKey(x => x.Id);
        b.Property(x => x.Office).HasMaxLength(64);
        b.Property(x => x.Actor).HasMaxLength(128);
        b.Property(x => x.PermitNumber).HasMaxLength(64);
        b.Property(x => x.Outcome).HasMaxLength(32);
        b.Property(x => x.Detail).HasMaxLength(4000);
        b.HasIndex(x => new { x.PermitNumber, x.At });
        b.HasIndex(x => new { x.Office, x.At });
    }
}
