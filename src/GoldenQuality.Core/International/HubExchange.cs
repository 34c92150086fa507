using System.Text.Json;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.International;

/// <summary>
/// The hub's side of the exchange with federation member nodes (China's AQSIQ node): a delivery
/// (<see cref="InternationalWire.DeliveredType"/>) and an acknowledgement (<see cref="InternationalWire.AcknowledgedType"/>)
/// from the node of a member country. A refused delivery is answered with a <c>failed-delivery</c> tracking message
/// naming the field and the reason; an acknowledgement the hub cannot take fails the envelope (the sender's outbox
/// records why).
/// </summary>
internal sealed class HubMessageHandler(HubMembers members, ExchangeSender sender, IOptions<InternationalOptions> options, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type is InternationalWire.DeliveredType or InternationalWire.AcknowledgedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(header);
        var desk = new HubDesk(db, members, sender, options, clock);
        if (!members.IsHub)
        {
            throw new InvalidOperationException($"{header.Type}: this node is not the hub ({members.HubNode ?? "no node"} is).");
        }

        var from = Parties.NodeOf(header.Sender);
        var member = members.OfNode(from)
            ?? throw new InvalidOperationException($"{header.Type}: {from} does not host the authority of a member country of the hub.");
        if (header.Type == InternationalWire.DeliveredType)
        {
            var d = Read<HubDelivery>(payload, header.Type);
            var (delivery, errors) = HubRules.Check(member, members, d.DeliveryId, d.To, d.Kind, d.CertificateType, d.CertificateStatus, d.NppoCertificateNumber, d.Content);
            if (delivery is null)
            {
                if (d.DeliveryId == Guid.Empty)
                {
                    throw new InvalidOperationException($"{header.Type}: a delivery needs its delivery id ({HubRules.Reason(errors)}).");
                }

                desk.ReportRefused(from, d.DeliveryId, HubRules.Reason(errors));
                return;
            }

            var (row, duplicate) = await desk.DeliverAsync(member, from, delivery, header.Sender, ct);
            if (duplicate)
            {
                // The same delivery again (a retry after a lost answer): kept once; the sender is told where it stands.
                desk.Report(row, clock.GetUtcNow());
            }

            return;
        }

        var a = Read<HubAcknowledgement>(payload, header.Type);
        var (outcome, reason, invalid) = HubDesk.CheckAcknowledgement(a.Outcome, a.Reason);
        if (!invalid.IsValid)
        {
            throw new InvalidOperationException($"{header.Type}: {HubRules.Reason(invalid)}");
        }

        var envelope = await desk.FindAsync(a.HubDeliveryNumber ?? "", member.Country, asDestination: true, ct)
            ?? throw new InvalidOperationException($"{header.Type}: envelope-not-exists: no envelope '{a.HubDeliveryNumber}' was sent to {member.Country}.");
        if (desk.Acknowledge(envelope, outcome, reason, header.Sender) is { } problem)
        {
            throw new InvalidOperationException($"{header.Type}: {problem.ProblemDetails.Detail}");
        }
    }

    private static T Read<T>(JsonElement payload, string type)
    {
        try
        {
            return payload.Deserialize<T>(Envelopes.Json) ?? throw new InvalidOperationException($"{type}: the payload is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{type}: the payload is not a {typeof(T).Name}: {e.Message}");
        }
    }
}

/// <summary>
/// <see cref="InternationalWire.HeadersDataset"/> on the hub: the headers of the envelopes waiting for the asking node's
/// country (pending and not under an offer that still runs), oldest first.
/// </summary>
internal sealed class HubHeadersDataset(HubMembers members, ExchangeSender sender, IOptions<InternationalOptions> options, TimeProvider clock) : IDatasetProvider
{
    public const int DefaultMax = 100;

    public string Dataset => InternationalWire.HeadersDataset;

    public Task<object?> QueryAsync(GqDbContext db, JsonElement parameters, CancellationToken ct) => QueryAsync(db, null, parameters, ct);

    public async Task<object?> QueryAsync(GqDbContext db, string? asker, JsonElement parameters, CancellationToken ct)
    {
        if (HubDatasets.Refusal(members, asker) is { } refusal)
        {
            return refusal;
        }

        var member = members.OfNode(Parties.NodeOf(asker!))!;
        var max = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("max", out var m) && m.TryGetInt32(out var n) ? Math.Clamp(n, 1, 500) : DefaultMax;
        var desk = new HubDesk(db, members, sender, options, clock);
        var rows = await desk.WaitingAsync(member.Country, max, ct);
        return new HubHeaders(member.Country, [.. rows.Select(r => r.Header())]);
    }
}

/// <summary>
/// <see cref="InternationalWire.EnvelopeDataset"/> on the hub: one envelope sent to the asking node's country, with its
/// content; a pending envelope not under offer counts one delivery attempt (saved with the answer).
/// </summary>
internal sealed class HubEnvelopeDataset(HubMembers members, ExchangeSender sender, IOptions<InternationalOptions> options, TimeProvider clock) : IDatasetProvider
{
    public string Dataset => InternationalWire.EnvelopeDataset;

    public Task<object?> QueryAsync(GqDbContext db, JsonElement parameters, CancellationToken ct) => QueryAsync(db, null, parameters, ct);

    public async Task<object?> QueryAsync(GqDbContext db, string? asker, JsonElement parameters, CancellationToken ct)
    {
        if (HubDatasets.Refusal(members, asker) is { } refusal)
        {
            return refusal;
        }

        var member = members.OfNode(Parties.NodeOf(asker!))!;
        var number = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("hubDeliveryNumber", out var h) && h.ValueKind == JsonValueKind.String
            ? h.GetString()!.Trim()
            : "";
        var desk = new HubDesk(db, members, sender, options, clock);
        if (number.Length is 0 or > 32 || await desk.FindAsync(number, member.Country, asDestination: true, ct) is not { } row)
        {
            return new { found = false, error = "envelope-not-exists", detail = $"no envelope '{number}' was sent to {member.Country}" };
        }

        if (desk.Pull(row, asker!) is { } problem)
        {
            return new { found = false, error = "failed-delivery", detail = problem.ProblemDetails.Detail };
        }

        return new HubEnvelope(row.Header(), row.Content);
    }
}

internal static class HubDatasets
{
    /// <summary>Why the hub does not answer this asker (not the hub; not the node of a member country), or null.</summary>
    public static object? Refusal(HubMembers members, string? asker) =>
        !members.IsHub ? new { found = false, error = "not-the-hub", detail = $"this node is not the hub ({members.HubNode ?? "no node"} is)" }
        : asker is null || members.OfNode(Parties.NodeOf(asker)) is null
            ? new { found = false, error = "not-a-member", detail = $"{asker ?? "the asker"} does not host the authority of a member country of the hub" }
            : null;
}

/// <summary>
/// Applies the retry rules on the hub every <c>min(AcknowledgeWithinSeconds, 60)</c> seconds of the injected clock, so that
/// an envelope nobody lists still fails after the most attempts (listing and pulling also apply them, lazily).
/// </summary>
internal sealed partial class HubSweep(IServiceScopeFactory scopes, HubMembers members, IOptions<InternationalOptions> options, TimeProvider clock, ILogger<HubSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Min(options.Value.AcknowledgeWithinSeconds, 60)), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!members.IsHub)
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var desk = scope.ServiceProvider.GetRequiredService<HubDesk>();
                if (await desk.SweepAsync(stoppingToken) > 0)
                {
                    await desk.Db.SaveChangesAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                LogFailed(logger, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The hub's retry sweep failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
