using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Exchange;

/// <summary>The directory authority (see <see cref="IDirectoryAuthority"/>).</summary>
internal sealed class DirectoryAuthority(GqDbContext db, ExchangeNode node, DirectoryService service, TimeProvider clock) : IDirectoryAuthority
{
    /// <summary>The most agreements one signed agreement JWS may be (64 KiB).</summary>
    public const int MaxAgreementJws = 64 * 1024;

    public bool IsAuthority =>
        node.Enabled && node.Directory.Current is { } d && d.Document.Authority == node.Id &&
        node.TrustedAuthorityKey is { } anchor && string.Equals(NodeKeys.PublicKey(node.Key), anchor, StringComparison.Ordinal);

    public string SignAgreement(Agreement agreement) =>
        Jws.Sign(JsonSerializer.SerializeToUtf8Bytes(agreement, DirectorySigning.Json), node.Id, node.Key);

    public async Task<string?> QueueAsync(GqDbContext context, string agreementJws, string coordinatingOffice, string source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsAuthority)
        {
            return $"{(node.Enabled ? node.Id : "this node")} is not the directory authority";
        }

        var (agreement, problem) = Read(agreementJws, coordinatingOffice, clock.GetUtcNow());
        if (agreement is null)
        {
            return problem;
        }

        if (await context.Set<ApprovedAgreementRow>().AnyAsync(a => a.AgreementId == agreement.Id, ct) ||
            context.ChangeTracker.Entries<ApprovedAgreementRow>().Any(e => e.Entity.AgreementId == agreement.Id))
        {
            return null;
        }

        Jws.TryRead(agreementJws, out var kid, out _);
        context.Add(ApprovedAgreementRow.Create(Ids.New(clock), agreement.Id, agreementJws, kid, source, clock.GetUtcNow()));
        return null;
    }

    /// <summary>
    /// Verifies a signed agreement: the signer hosts the coordinating office and a directory key it held at
    /// <paramref name="signedBy"/> (when it was queued) verifies it.
    /// </summary>
    private (Agreement? Agreement, string? Problem) Read(string jws, string coordinatingOffice, DateTimeOffset signedBy)
    {
        var directory = node.Directory.Required;
        if (jws.Length > MaxAgreementJws || !Jws.TryRead(jws, out var kid, out var payload))
        {
            return (null, "the agreement is not a JWS (ES256) of at most 64 KiB");
        }

        if (directory.HostOf(coordinatingOffice)?.Id != kid)
        {
            return (null, $"{kid} does not host the coordinating office {coordinatingOffice}");
        }

        if (!directory.Verifies(kid, jws, signedBy))
        {
            return (null, $"the agreement's signature does not verify with the directory's key of {kid}");
        }

        try
        {
            var agreement = JsonSerializer.Deserialize<Agreement>(payload, DirectorySigning.Json);
            return agreement is { Id.Length: > 0 } ? (agreement, null) : (null, "the agreement is empty");
        }
        catch (JsonException e)
        {
            return (null, "the agreement is not valid JSON: " + e.Message);
        }
    }

    public async Task<IReadOnlyList<QueuedAgreementView>> QueueViewAsync(CancellationToken ct)
    {
        var rows = await db.Set<ApprovedAgreementRow>().AsNoTracking().ToListAsync(ct);
        return [.. rows.OrderBy(r => r.IncludedInVersion.HasValue).ThenBy(r => r.QueuedAt)
            .Select(r => new QueuedAgreementView(r.AgreementId, r.SignedBy, r.Source, r.QueuedAt, r.IncludedInVersion))];
    }

    public async Task<HandlerResult<DirectorySignedView>> SignNextAsync(Actor actor, CancellationToken ct)
    {
        if (!Policies.IsAdministrator(actor))
        {
            return Problems.Forbidden(new Message("exchange.directory.forbidden"));
        }

        if (!IsAuthority)
        {
            return Problems.Conflict("node", new Message("exchange.directory.not-authority", node.Enabled ? node.Id : (object)new Message("exchange.this-node")));
        }

        var current = node.Directory.Required.Document;
        var pending = await db.Set<ApprovedAgreementRow>().Where(a => a.IncludedInVersion == null).ToListAsync(ct);
        var added = new List<Agreement>();
        foreach (var row in pending.OrderBy(r => r.QueuedAt))
        {
            var (agreement, _) = Read(row.Jws, Policies.CoordinatingOffice, row.QueuedAt);
            if (agreement is not null && current.Agreements.All(a => a.Id != agreement.Id) && added.All(a => a.Id != agreement.Id))
            {
                added.Add(agreement);
            }
        }

        if (added.Count == 0)
        {
            return Problems.Conflict("queue", new Message("exchange.directory.nothing"));
        }

        var next = current with { Version = current.Version + 1, Agreements = [.. current.Agreements, .. added] };
        var jws = DirectorySigning.Sign(next, node.Key);
        DirectorySigning.Verify(jws, node.TrustedAuthorityKey!, clock.GetUtcNow(), out var authorityKey);
        foreach (var row in pending.Where(r => added.Any(a => a.Id == r.AgreementId)))
        {
            row.Included(next.Version);
        }

        var cached = await db.Set<CachedDirectory>().FirstOrDefaultAsync(d => d.Id == 1, ct);
        if (cached is null)
        {
            cached = CachedDirectory.Create();
            db.Add(cached);
        }

        cached.Set(next.Version, jws, clock.GetUtcNow());
        if (node.Options.DirectoryFile is { Length: > 0 } file)
        {
            var temporary = file + "." + next.Version.ToString(CultureInfo.InvariantCulture) + ".tmp";
            await File.WriteAllTextAsync(temporary, jws, ct);
            File.Move(temporary, file, overwrite: true);
        }

        await db.SaveChangesAsync(ct);
        node.Directory.Set(next, jws, authorityKey);
        return new DirectorySignedView(next.Version, next.ValidFrom, next.ValidTo, [.. added.Select(a => a.Id)]);
    }

    public async Task<DirectoryRefreshedView> RefreshAsync(CancellationToken ct)
    {
        await service.LoadAsync(ct);
        var current = node.Directory.Current?.Document;
        return new DirectoryRefreshedView(current?.Version, current?.Authority, current?.Agreements.Length ?? 0);
    }
}
