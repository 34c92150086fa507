using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoldenQuality.International;

/// <summary>An envelope this node pulled from the hub (<c>in_received_envelopes</c>): header, content, and the outcome it acknowledged.</summary>
internal sealed class ReceivedEnvelopeRow
{
    private ReceivedEnvelopeRow()
    {
    }

    public Guid Id { get; private set; }

    public string HubDeliveryNumber { get; private set; } = "";

    public string From { get; private set; } = "";

    public string To { get; private set; } = "";

    public HubContentKind Kind { get; private set; }

    public string CertificateType { get; private set; } = "";

    public string CertificateStatus { get; private set; } = "";

    public string NppoCertificateNumber { get; private set; } = "";

    public string Content { get; private set; } = "";

    public string Sha256 { get; private set; } = "";

    /// <summary>When the hub received it from the sender.</summary>
    public DateTimeOffset DeliveredAt { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public HubTrackingState Outcome { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>How many acknowledgements this node sent (more than one when the hub offered it again).</summary>
    public int Acknowledgements { get; private set; }

    public DateTimeOffset LastAcknowledgedAt { get; private set; }

    public static ReceivedEnvelopeRow Create(Guid id, HubEnvelope e, HubContentKind kind, AcceptOutcome outcome, DateTimeOffset now) =>
        new()
        {
            Id = id, HubDeliveryNumber = e.Header.HubDeliveryNumber, From = e.Header.From, To = e.Header.To, Kind = kind, CertificateType = e.Header.CertificateType,
            CertificateStatus = e.Header.CertificateStatus, NppoCertificateNumber = e.Header.NppoCertificateNumber, Content = e.Content, Sha256 = HubRules.Sha256(e.Content),
            DeliveredAt = e.Header.DeliveredAt, ReceivedAt = now, Outcome = outcome.Outcome, Reason = outcome.Reason?.Store(HubRules.MaxReason), Acknowledgements = 1, LastAcknowledgedAt = now,
        };

    public void AcknowledgedAgain(DateTimeOffset now)
    {
        Acknowledgements++;
        LastAcknowledgedAt = now;
    }

    public ReceivedEnvelopeView View() =>
        new(HubDeliveryNumber, From, WireNames.Of(Kind), CertificateType, CertificateStatus, NppoCertificateNumber, DeliveredAt, ReceivedAt, WireNames.Of(Outcome), Message.Show(Reason),
            Acknowledgements, Sha256);
}

internal sealed class ReceivedEnvelopeRowConfiguration : IEntityTypeConfiguration<ReceivedEnvelopeRow>
{
    public void Configure(EntityTypeBuilder<ReceivedEnvelopeRow> b)
    {
        b.ToTable("in_received_envelopes");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.HubDeliveryNumber).IsUnique();
        b.HasIndex(x => x.NppoCertificateNumber);
        b.HasIndex(x => x.ReceivedAt);
        b.Property(x => x.HubDeliveryNumber).HasMaxLength(32);
        b.Property(x => x.From).HasMaxLength(2);
        b.Property(x => x.To).HasMaxLength(2);
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.CertificateType).HasMaxLength(8);
        b.Property(x => x.CertificateStatus).HasMaxLength(8);
        b.Property(x => x.NppoCertificateNumber).HasMaxLength(HubRules.MaxCertificateNumber);
        b.Property(x => x.Content).HasMaxLength(InternationalWire.MaxContentBytes);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.Outcome).HasMaxLength(32);
        b.Property(x => x.Reason).HasMaxLength(HubRules.MaxReason);
    }
}

/// <summary>Serialises the pulls of this process (the background worker and <c>POST /api/international/pull</c>).</summary>
internal sealed class HubPullGate : IDisposable
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public void Dispose() => Gate.Dispose();
}

/// <summary>
/// The member side of the hub: asks the hub for the headers of the envelopes waiting for this node's country, pulls
/// each, keeps it (once per hub delivery number), hands it to <see cref="IReceivedEnvelopes"/> when a service is
/// registered (otherwise the outcome is <c>delivered</c> and the raw envelope is what is kept), saves, and acknowledges
/// it to the hub. An envelope received before (the hub offered it again after a lost acknowledgement) is acknowledged
/// again with the outcome kept.
/// </summary>
internal sealed class HubPuller(
    GqDbContext db, HubMembers members, ExchangeNode node, ExchangeQueries queries, ExchangeSender sender, HubPullGate gate, IServiceProvider services,
    TimeProvider clock)
{
    /// <summary>Why this node cannot pull from the hub (no hub, this node is the hub, no agreement), or null.</summary>
    public Message? CannotPull()
    {
        if (!node.Enabled || node.Directory.Current is not { } directory)
        {
            return new Message("hub.pull.exchange-off");
        }

        if (members.HubNode is not { } hub)
        {
            return new Message("hub.no-hub", InternationalWire.HubOffice);
        }

        if (members.IsHub)
        {
            return new Message("hub.pull.is-hub");
        }

        var (valid, _) = directory.Find(hub, node.Id, InternationalWire.HeadersDataset, dataset: true, clock.GetUtcNow());
        return valid is null ? new Message("hub.pull.no-agreement", node.Id, InternationalWire.HeadersDataset, hub) : null;
    }

    public async Task<HubPullSummary> PullAsync(CancellationToken ct)
    {
        if (CannotPull() is { } refused)
        {
            return new HubPullSummary(members.HubNode, members.OfThisNode?.Country, [], [refused.ToString()]);
        }

        await gate.Gate.WaitAsync(ct);
        try
        {
            return await PullLockedAsync(members.HubNode!, ct);
        }
        finally
        {
            gate.Gate.Release();
        }
    }

    private async Task<HubPullSummary> PullLockedAsync(string hub, CancellationToken ct)
    {
        var problems = new List<string>();
        var pulled = new List<PulledEnvelope>();
        var headers = await queries.QueryAsync(hub, InternationalWire.HeadersDataset, new HubHeadersQuery(HubHeadersDataset.DefaultMax), ct);
        if (!headers.Answered)
        {
            return new HubPullSummary(hub, members.OfThisNode?.Country, [], [$"the hub did not answer: {headers.Reason} {headers.Detail}".TrimEnd()]);
        }

        if (Refusal(headers.Answer) is { } headersRefused)
        {
            return new HubPullSummary(hub, members.OfThisNode?.Country, [], [headersRefused]);
        }

        var list = headers.Answer!.Value.Deserialize<HubHeaders>(Envelopes.Json) ?? new HubHeaders("", []);
        foreach (var header in list.Envelopes)
        {
            var answer = await queries.QueryAsync(hub, InternationalWire.EnvelopeDataset, new HubEnvelopeQuery(header.HubDeliveryNumber), ct);
            if (!answer.Answered || Refusal(answer.Answer) is not null)
            {
                problems.Add($"{header.HubDeliveryNumber}: {(answer.Answered ? Refusal(answer.Answer) : $"{answer.Reason} {answer.Detail}".TrimEnd())}");
                continue;
            }

            var envelope = answer.Answer!.Value.Deserialize<HubEnvelope>(Envelopes.Json);
            if (envelope?.Header is not { } h || h.HubDeliveryNumber != header.HubDeliveryNumber || envelope.Content is null
                || !WireNames.TryParse<HubContentKind>(h.Kind, out var kind) || h.HubDeliveryNumber.Length > 32)
            {
                problems.Add($"{header.HubDeliveryNumber}: the hub's answer is not the envelope asked for");
                continue;
            }

            pulled.Add(await KeepAsync(hub, envelope, kind, ct));
        }

        return new HubPullSummary(hub, list.Country, [.. pulled], [.. problems]);
    }

    /// <summary>Keeps the envelope once, decides the outcome, and acknowledges it to the hub in the same save.</summary>
    internal async Task<PulledEnvelope> KeepAsync(string hub, HubEnvelope envelope, HubContentKind kind, CancellationToken ct)
    {
        var number = envelope.Header.HubDeliveryNumber;
        var now = clock.GetUtcNow();
        var known = await db.Set<ReceivedEnvelopeRow>().FirstOrDefaultAsync(r => r.HubDeliveryNumber == number, ct);
        var duplicate = known is not null;
        if (known is null)
        {
            var outcome = new AcceptOutcome(HubTrackingState.Delivered, null);
            if (services.GetService<IReceivedEnvelopes>() is { } receiver)
            {
                var h = envelope.Header;
                outcome = await receiver.AcceptAsync(db, new ReceivedEnvelope(number, h.From, kind, h.CertificateType, h.CertificateStatus, h.NppoCertificateNumber, envelope.Content,
                    h.DeliveredAt), ct);
                if (!HubRules.Outcomes.Contains(outcome.Outcome))
                {
                    throw new InvalidOperationException($"{number}: {WireNames.Of(outcome.Outcome)} is not an acknowledgement outcome.");
                }
            }

            known = ReceivedEnvelopeRow.Create(Ids.New(clock), envelope, kind, outcome, now);
            db.Set<ReceivedEnvelopeRow>().Add(known);
        }
        else
        {
            known.AcknowledgedAgain(now);
        }

        // The hub is answered in English; the row keeps the reason coded, shown in the reader's language.
        var reason = known.Outcome == HubTrackingState.Delivered ? null : Clip(Message.FromStored(known.Reason)?.Render(CultureInfo.InvariantCulture)) ?? WireNames.Of(known.Outcome);
        sender.As(SendingModule.International).Send(db, InternationalWire.AcknowledgedType, new HubAcknowledgement(number, WireNames.Of(known.Outcome), reason), [hub],
            members.OfThisNode?.Office);
        await db.SaveChangesAsync(ct);
        return new PulledEnvelope(number, known.From, known.NppoCertificateNumber, WireNames.Of(known.Outcome), Message.Show(known.Reason), duplicate);
    }

    private static string? Clip(string? reason) => reason is { Length: > HubRules.MaxReason } ? reason[..HubRules.MaxReason] : reason;

    /// <summary>The hub's refusal in an answer (<c>{found: false, error, detail}</c>), or null.</summary>
    private static string? Refusal(JsonElement? answer) =>
        answer is { ValueKind: JsonValueKind.Object } a && a.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
            ? $"{error.GetString()}: {(a.TryGetProperty("detail", out var d) ? d.GetString() : "")}"
            : null;
}

/// <summary>Pulls from the hub every <see cref="InternationalOptions.PullEverySeconds"/> of the injected clock (0: never by itself).</summary>
internal sealed partial class HubPullWorker(IServiceScopeFactory scopes, IOptions<InternationalOptions> options, TimeProvider clock, ILogger<HubPullWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.PullEverySeconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PullEverySeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var puller = scope.ServiceProvider.GetRequiredService<HubPuller>();
                if (puller.CannotPull() is null)
                {
                    var summary = await puller.PullAsync(stoppingToken);
                    if (summary.Pulled.Length > 0 || summary.Problems.Length > 0)
                    {
                        LogPulled(logger, summary.Pulled.Length, string.Join("; ", summary.Problems));
                    }
                }
            }
            catch (Exception e) when (e is InvalidOperationException or DbUpdateException or HttpRequestException or JsonException)
            {
                LogFailed(logger, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled {Count} envelopes from the hub; problems: {Problems}")]
    private static partial void LogPulled(ILogger logger, int count, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The pull from the hub failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
