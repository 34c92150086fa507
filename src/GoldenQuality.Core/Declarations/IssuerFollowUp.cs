using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Declarations;

/// <summary>The Declarations module's own settings (<c>Declarations:*</c>; the risk rules are under <c>Declarations:Risk</c>).</summary>
public sealed class DeclarationOptions
{
    public const string Section = "Declarations";

    /// <summary>How often declarations waiting for an LPCO issuer's answer are checked again, in seconds.</summary>
    public double IssuerRetrySeconds { get; set; } = 30;

    /// <summary>How many waiting declarations one round checks again.</summary>
    public int IssuerRetryBatch { get; set; } = 100;
}

/// <summary>
/// Asks the issuers again for the declarations that wait for them (status awaiting-issuer), every
/// <see cref="DeclarationOptions.IssuerRetrySeconds"/>: when the answer arrives the declaration proceeds exactly as a
/// submission would (accepted and risk-decided) or is returned with the issuer's reasons; while it does not, it waits.
/// </summary>
internal sealed partial class IssuerRetryWorker(IServiceScopeFactory scopes, ExchangeNode node, IOptions<DeclarationOptions> options, TimeProvider clock, ILogger<IssuerRetryWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.IssuerRetrySeconds));
        using var timer = new PeriodicTimer(period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RetryAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failed(log, e);
            }
        }
    }

    /// <summary>One round: each waiting declaration in its own scope and save. Returns how many left the waiting status.</summary>
    internal async Task<int> RetryAsync(CancellationToken ct)
    {
        if (!node.Enabled || node.Directory.Current is null)
        {
            return 0;
        }

        List<Guid> waiting;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            waiting = await db.Set<Declaration>().AsNoTracking().Where(d => d.Status == DeclarationStatus.AwaitingIssuer)
                .OrderBy(d => d.UpdatedAt).Select(d => d.Id).Take(Math.Max(1, options.Value.IssuerRetryBatch)).ToListAsync(ct);
        }

        var moved = 0;
        foreach (var id in waiting)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var d = await db.Set<Declaration>().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (d is not { Status: DeclarationStatus.AwaitingIssuer })
            {
                continue;
            }

            var data = d.Data;
            var check = await scope.ServiceProvider.GetRequiredService<LpcoChecks>().CheckAsync(data, d.Number, ct);
            await scope.ServiceProvider.GetRequiredService<DeclarationFlow>().ApplyIssuerCheckAsync(d, data, check, ct);
            DeclarationForwarding.Report(db, d);
            try
            {
                await db.SaveChangesAsync(ct);
                moved += d.Status == DeclarationStatus.AwaitingIssuer ? 0 : 1;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Changed meanwhile (amended, withdrawn, or another instance got there first): the next round sees it as it is.
            }
        }

        return moved;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking the LPCO issuers again for waiting declarations failed")]
    private static partial void Failed(ILogger logger, Exception exception);
}

/// <summary>
/// An issuer suspended, reinstated, amended, revoked or let expire an LPCO (<see cref="MinistriesWire.LpcoStatusChangedType"/>):
/// every declaration on this node that cites it gets a history entry, and those not yet given their permit are
/// returned with the reason when the LPCO no longer covers goods (suspended, revoked, expired). Only the node that
/// hosts the LPCO kind's issuing ministry may say so.
/// </summary>
internal sealed class LpcoStatusChangedHandler(ExchangeNode node, TimeProvider clock) : IEnvelopeHandler
{
    private static readonly string[] Stopping = ["suspended", "revoked", "expired"];

    public bool Handles(string type) => type == MinistriesWire.LpcoStatusChangedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var m = payload.Deserialize<LpcoStatusChanged>(Envelopes.Json);
        if (m is null || string.IsNullOrWhiteSpace(m.Number) || string.IsNullOrWhiteSpace(m.Status) || !LpcoChecks.IsLpco(m.Kind ?? "", out var kind))
        {
            throw new InvalidOperationException($"{MinistriesWire.LpcoStatusChangedType} needs a kind (quarantine-permit or waste-import-licence), a number and a status");
        }

        var issuer = MinistriesWire.IssuerOf(kind);
        if (node.Directory.Current is not { } directory || !directory.IsHost(Parties.NodeOf(header.Sender), issuer))
        {
            throw new InvalidOperationException($"{MinistriesWire.LpcoStatusChangedType} from {header.Sender}: only the node hosting {issuer} changes the status of a {m.Kind}");
        }

        var number = m.Number;
        var candidates = await db.Set<Declaration>().Where(d => d.Kind == DeclarationKind.Import && d.DataJson.Contains(number)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var stops = Stopping.Contains(m.Status, StringComparer.Ordinal);
        foreach (var d in candidates)
        {
            var document = Array.FindIndex(d.Data.Documents, x => x.Number == number && LpcoChecks.IsLpco(x.Type, out var k) && k == kind);
            if (document < 0)
            {
                continue;
            }

            var text = new Message("decl.event.lpco-status", document, issuer, Message.Term("lpco.status.", m.Status), m.Kind, number, Message.FromStored(Cut(m.Reason, 1000)),
                m.ValidTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.Remaining, m.Unit);
            if (stops && d.CanRecall)
            {
                d.Recall(text, now);
                db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "returned", Cut(header.Sender, 128), text));
                DeclarationForwarding.Report(db, d);
            }
            else
            {
                db.Add(DeclarationEvent.Create(HistoryIds.Next(clock), d, now, "lpco-status-changed", Cut(header.Sender, 128), text));
            }
        }
    }

    private static string Cut(string? text, int max) => text is null ? "" : text.Length > max ? text[..max] : text;
}
