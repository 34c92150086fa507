using System.Text.Json;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Accountability;

/// <summary>The on-time rate per accountable party, from this node's tracked steps whose deadline fell in a window.</summary>
internal sealed class OnTimeRates(GqDbContext db, TimeProvider clock)
{
    public async Task<OnTimeRate[]> BetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Set<StepRow>().AsNoTracking().Where(s => s.DueAt != null && s.DueAt >= from && s.DueAt < to)
            .Select(s => new { s.Accountable, s.DueAt, s.CompletedAt }).ToListAsync(ct);
        return [.. rows.GroupBy(r => r.Accountable, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new OnTimeRate(g.Key,
            g.Count(r => r.CompletedAt is { } c && c <= r.DueAt),
            g.Count(r => r.CompletedAt is { } c && c > r.DueAt),
            g.Count(r => r.CompletedAt is null && r.DueAt < now)))];
    }
}

/// <summary>
/// Keeps an <c>accountability.step.escalated</c> addressed to this node's agency (the accountable party) or to the
/// coordinating body this node hosts; a repeat of the same escalation is kept once.
/// </summary>
internal sealed class StepEscalatedHandler(ExchangeNode node, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == AccountabilityWire.StepEscalatedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        var wire = payload.Deserialize<StepEscalation>(Envelopes.Json) ?? throw new JsonException("An escalation's payload is empty.");
        if (Invalid(wire) is { } reason)
        {
            throw new InvalidOperationException($"The escalation is refused: {reason}.");
        }

        var fromNode = Parties.NodeOf(header.Sender);
        var toCoordinator = header.Recipients.Any(r => Parties.OfficeOf(r) == Policies.CoordinatingOffice && node.Hosts(r));
        var toUs = Parties.MemberOf(node.Id) == wire.Accountable;
        if (toCoordinator)
        {
            await KeepAsync(db, header, fromNode, true, wire, ct);
        }

        if (toUs)
        {
            await KeepAsync(db, header, fromNode, false, wire, ct);
        }
    }

    private async Task KeepAsync(GqDbContext db, EnvelopeHeader header, string fromNode, bool coordinator, StepEscalation wire, CancellationToken ct)
    {
        var kept = await db.Set<EscalationRow>().AnyAsync(e => e.FromNode == fromNode && e.CaseEnvelope == wire.CaseEnvelope &&
            e.CaseRecipient == wire.CaseRecipient && e.StepIndex == wire.StepIndex && e.ToCoordinator == coordinator, ct);
        if (!kept)
        {
            db.Add(EscalationRow.From(Ids.New(clock), header.Id, fromNode, coordinator, wire, clock.GetUtcNow()));
        }
    }

    private static string? Invalid(StepEscalation e) =>
        e.CaseRecipient is null || e.CaseRecipient.Length > 160 ? "caseRecipient is required, at most 160 characters"
        : e.Agreement is null || e.Agreement.Length > 64 ? "agreement is required, at most 64 characters"
        : e.MessageType is null || e.MessageType.Length > 128 ? "messageType is required, at most 128 characters"
        : e.Step is null || e.Step.Length > 128 ? "step is required, at most 128 characters"
        : e.Accountable is null || e.Accountable.Length > 160 ? "accountable is required, at most 160 characters"
        : e.OwedTo is null || e.OwedTo.Length > 160 ? "owedTo is required, at most 160 characters"
        : e.StepIndex is < 0 or > 100 ? "stepIndex must be between 0 and 100"
        : null;
}

/// <summary>
/// Runs the step tracker every <c>Accountability:TrackEverySeconds</c> and sends the reciprocity summary every
/// <c>Accountability:ReportEverySeconds</c> (0: never by itself), on the node's clock.
/// </summary>
internal sealed partial class StepWorker(IServiceScopeFactory scopes, IOptions<StepOptions> options, TimeProvider clock, ILogger<StepWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            RunAsync(options.Value.TrackEverySeconds, async sp => await sp.GetRequiredService<StepTracker>().TrackAsync(stoppingToken), "track", stoppingToken),
            RunAsync(options.Value.ReportEverySeconds, async sp => await sp.GetRequiredService<ReciprocityReporter>().ReportAsync(stoppingToken), "report", stoppingToken));

    private async Task RunAsync(int seconds, Func<IServiceProvider, Task> work, string what, CancellationToken ct)
    {
        if (seconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await work(scope.ServiceProvider);
            }
            catch (Exception e) when (e is InvalidOperationException or DbUpdateException or HttpRequestException)
            {
                LogFailed(logger, what, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accountability {What} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string what, string reason);
}
