using System.Text;
using System.Text.Json;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Certificates;

/// <summary>How long permits are valid (<c>Certificates</c> section).</summary>
public sealed class CertificateOptions
{
    public const string Section = "Certificates";

    public TimeSpan InspectionPermitValidFor { get; set; } = TimeSpan.FromDays(60);

    public TimeSpan ClearancePermitValidFor { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>The exchange messages of the Certificates module.</summary>
public static class PermitMessages
{
    public const string Issued = "certificates.permit.issued";
    public const string Amended = "certificates.permit.amended";
    public const string Revoked = "certificates.permit.revoked";
}

/// <summary>An electronic copy as sent: the signed document (canonical JSON, as signed), its JWS, and the office that holds it.</summary>
public sealed record PermitCopyMessage(string Document, string Signature, string Holder);

/// <summary>A revocation, sent to every holder of a copy.</summary>
public sealed record PermitRevokedMessage(string Number, string IssuerOffice, string Reason, DateTimeOffset RevokedAt);

/// <summary>What was issued, and to whom the electronic copies were queued (or why not).</summary>
internal sealed record IssueResult(Permit Permit, string[] SentTo, string[] NotSent);

/// <summary>
/// Issues, amends and revokes permits. A permit is signed with the node's key (JWS ES256 over its canonical
/// JSON, kid = node id); its electronic copies go over the exchange in the same transaction as the permit, to
/// the offices named, wherever the directory says they are hosted (the same node included: local delivery).
/// </summary>
internal sealed class PermitService(GqDbContext db, ExchangeNode node, ExchangeSender sender, PortCustoms portCustoms, TimeProvider clock, IOptions<CertificateOptions> options)
    : IPermitIssuer
{
    public bool CanSign => node.Enabled && node.Directory.Current is not null;

    public IssueResult Issue(PermitKind kind, PermitDocumentDraft draft, IReadOnlyCollection<string> copiesFor, Guid? causedBy = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var now = clock.GetUtcNow();
        var id = Ids.New(clock);
        var validity = kind == PermitKind.Inspection ? options.Value.InspectionPermitValidFor : options.Value.ClearancePermitValidFor;
        var document = new PermitDocument(Permit.NewNumber(kind, draft.IssuerOffice, id, now), kind, 1, draft.DeclarationNumber, draft.DeclarationKind, node.Id,
            draft.IssuerOffice, draft.Port, draft.PortOffice, draft.TraderUscc, draft.TraderName, draft.ManufacturerUscc, draft.Country, draft.Lines,
            QrCodes.NewVerificationCode(), now, now + validity, draft.BasedOn);
        var json = document.Canonical();
        var permit = Permit.Create(id, json, Sign(json), draft.IssuerOffice, isCopy: false, now);
        db.Add(permit);
        var (sent, notSent) = SendCopies(permit, PermitMessages.Issued, copiesFor.Where(o => o != draft.IssuerOffice), causedBy);
        db.Raise(new PermitIssued(permit.Number, kind, draft.DeclarationNumber, draft.IssuerOffice, draft.BasedOn, sent, notSent));
        return new IssueResult(permit, sent, notSent);
    }

    public IssuedPermits IssueInspection(PermitDocumentDraft draft, IReadOnlyCollection<string> copiesFor, bool withClearance)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var inspection = Issue(PermitKind.Inspection, draft, copiesFor);
        if (!withClearance)
        {
            return new IssuedPermits(Issued(inspection), null);
        }

        var clearance = IssueClearance(draft with { BasedOn = inspection.Permit.Number });
        inspection.Permit.ClearedWith(clearance.Permit.Number);
        return new IssuedPermits(Issued(inspection), Issued(clearance));
    }

    private static IssuedPermit Issued(IssueResult r) => new(r.Permit.Number, r.SentTo, r.NotSent);

    /// <summary>
    /// The customs clearance permit, issued by the port office, with its copy for the Customs district of the port;
    /// <paramref name="causedBy"/> is the envelope of the inspection permit's copy the port verified, if any.
    /// </summary>
    public IssueResult IssueClearance(PermitDocumentDraft draft, Guid? causedBy = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return Issue(PermitKind.Clearance, draft with { IssuerOffice = draft.PortOffice }, portCustoms.OfficeFor(draft.Port) is { } customs ? [customs] : [], causedBy);
    }

    /// <summary>A new revision with changed quantities or validity, signed again and sent to every holder.</summary>
    public void Amend(Permit permit, IReadOnlyDictionary<int, decimal> quantities, DateTimeOffset? validUntil)
    {
        ArgumentNullException.ThrowIfNull(permit);
        var current = permit.Document;
        var document = current with
        {
            Revision = current.Revision + 1,
            Lines = [.. current.Lines.Select(l => quantities.TryGetValue(l.Sequence, out var q) ? l with { Quantity = q } : l)],
            ValidUntil = validUntil ?? current.ValidUntil,
        };
        var json = document.Canonical();
        permit.Apply(json, Sign(json));
        foreach (var holder in permit.SentTo.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            sender.As(SendingModule.Certificates).Send(db, PermitMessages.Amended, new PermitCopyMessage(json, permit.Signature, Parties.OfficeOf(holder) ?? ""), [holder], correlationId: permit.Id);
        }
    }

    /// <summary>Revokes a permit this node issued, tells every holder, and revokes the clearance permits issued on it here.</summary>
    public async Task RevokeAsync(Permit permit, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(permit);
        var now = clock.GetUtcNow();
        permit.Revoke(reason, now);
        var holders = permit.SentTo.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (holders.Length > 0)
        {
            sender.As(SendingModule.Certificates).Send(db, PermitMessages.Revoked, new PermitRevokedMessage(permit.Number, permit.IssuerOffice, reason, now), holders, correlationId: permit.Id);
        }

        await RevokeDerivedAsync(permit.Number, reason, ct);
    }

    /// <summary>Clearance permits this node issued on a permit that is revoked are revoked with it.</summary>
    public async Task RevokeDerivedAsync(string number, string reason, CancellationToken ct)
    {
        var derived = await db.Set<Permit>().Where(p => p.BasedOn == number && !p.IsCopy && p.Status == PermitStatus.Valid).ToListAsync(ct);
        foreach (var d in derived)
        {
            await RevokeAsync(d, $"the permit it was issued on, {number}, was revoked: {reason}", ct);
        }
    }

    private (string[] Sent, string[] NotSent) SendCopies(Permit permit, string type, IEnumerable<string> offices, Guid? causedBy)
    {
        var sent = new List<string>();
        var notSent = new List<string>();
        foreach (var office in offices.Distinct(StringComparer.Ordinal))
        {
            if (node.PartyOf(office) is not { } party)
            {
                notSent.Add($"{office}: no node of the directory hosts it");
                continue;
            }

            var result = sender.As(SendingModule.Certificates).Send(db, type, new PermitCopyMessage(permit.DocumentJson, permit.Signature, office), [party],
                correlationId: permit.Id, causationId: causedBy);
            if (result.Envelopes.Count > 0)
            {
                sent.Add(party);
            }
            else
            {
                notSent.AddRange(result.Denied.Select(d => $"{office}: {d.Reason}"));
            }
        }

        permit.Sent(sent);
        return ([.. sent], [.. notSent]);
    }

    private string Sign(string json)
    {
        if (!CanSign)
        {
            throw new InvalidOperationException("Permits are signed with the node's exchange key, and the exchange is not configured on this node.");
        }

        return Jws.Sign(Encoding.UTF8.GetBytes(json), node.Id, node.Key);
    }
}

/// <summary>
/// Receives electronic copies (issued and amended) and revocations. A copy must verify with the issuing node's
/// key from the directory, and its signed content must be the document it carries; it is stored for the office it
/// was addressed to, which from then on verifies paper against it without asking anyone (offline).
/// </summary>
internal sealed class PermitCopyHandler(ExchangeNode node, ExchangeSender sender, PortCustoms portCustoms, TimeProvider clock, IOptions<CertificateOptions> options) : IEnvelopeHandler
{
    public bool Handles(string type) => type is PermitMessages.Issued or PermitMessages.Amended or PermitMessages.Revoked;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Type == PermitMessages.Revoked)
        {
            await RevokedAsync(db, header, payload.Deserialize<PermitRevokedMessage>(Envelopes.Json) ?? throw new InvalidOperationException("no revocation"), ct);
            return;
        }

        var message = payload.Deserialize<PermitCopyMessage>(Envelopes.Json) ?? throw new InvalidOperationException("no permit copy");
        if (!header.Recipients.Any(r => Parties.OfficeOf(r) == message.Holder))
        {
            throw new InvalidOperationException($"the copy is for {message.Holder}, which the envelope is not addressed to");
        }

        var document = JsonSerializer.Deserialize<PermitDocument>(message.Document, PermitDocument.Json) ?? throw new InvalidOperationException("no permit document");
        var directory = node.Directory.Required;
        if (directory.Node(document.IssuerNode) is null)
        {
            throw new InvalidOperationException($"the issuer {document.IssuerNode} is not in the directory");
        }

        if (!Jws.TryRead(message.Signature, out var kid, out var signed) || kid != document.IssuerNode || !directory.Verifies(kid, message.Signature, clock.GetUtcNow()) ||
            !signed.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(message.Document)))
        {
            throw new InvalidOperationException($"permit {document.Number}: the signature does not verify with {document.IssuerNode}'s key or does not cover the document");
        }

        var copy = await db.Set<Permit>().FirstOrDefaultAsync(p => p.Number == document.Number && p.Holder == message.Holder, ct);
        if (copy is null)
        {
            copy = Permit.Create(Ids.New(clock), message.Document, message.Signature, message.Holder, isCopy: true, clock.GetUtcNow());
            copy.ArrivedIn(header.Id, header.CorrelationId ?? header.Id);
            db.Add(copy);
            db.Raise(new PermitCopyReceived(document.Number, document.DeclarationNumber, message.Holder, header.Sender));
        }
        else if (document.Revision > copy.Revision)
        {
            copy.Apply(message.Document, message.Signature);
            copy.ArrivedIn(header.Id, header.CorrelationId ?? header.Id);
        }
    }

    private async Task RevokedAsync(GqDbContext db, EnvelopeHeader header, PermitRevokedMessage message, CancellationToken ct)
    {
        var offices = header.Recipients.Select(Parties.OfficeOf).OfType<string>().ToArray();
        var copies = await db.Set<Permit>().Where(p => p.Number == message.Number && p.IsCopy && offices.Contains(p.Holder)).ToListAsync(ct);
        foreach (var copy in copies.Where(c => c.Status == PermitStatus.Valid))
        {
            if (copy.IssuerNode != Parties.NodeOf(header.Sender))
            {
                throw new InvalidOperationException($"{header.Sender} did not issue {message.Number}");
            }

            copy.Revoke(message.Reason, message.RevokedAt);
        }

        // Clearance permits the port issued on the revoked permit go with it, and so on to Customs.
        await new PermitService(db, node, sender, portCustoms, clock, options).RevokeDerivedAsync(message.Number, message.Reason, ct);
    }
}

/// <summary>The Customs district of each port (data/clearance/port-customs.csv).</summary>
internal sealed class PortCustoms(IOptions<ReferenceDataOptions> node)
{
    private readonly Lazy<Dictionary<string, string>> map = new(() =>
        CsvData.Read(Path.Combine(node.Value.ReferenceData, "clearance", "port-customs.csv"), "locode", "customs_office")
            .ToDictionary(x => x.Values["locode"], x => x.Values["customs_office"], StringComparer.Ordinal));

    public string? OfficeFor(string locode) => map.Value.GetValueOrDefault(locode);
}
