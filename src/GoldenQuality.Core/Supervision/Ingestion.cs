using System.Collections.Concurrent;
using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Standards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Supervision;

/// <summary>Settings of E-Supervision (section <c>Supervision</c>).</summary>
public sealed class SupervisionOptions
{
    public const string Section = "Supervision";

    /// <summary>How far in the future a measurement's timestamp may be (device clocks drift).</summary>
    public TimeSpan AllowedSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most measurements one request (or one streamed batch) may carry.</summary>
    public int MaxBatch { get; set; } = 100_000;

    /// <summary>The largest request body accepted for batched ingestion, in bytes.</summary>
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Where <c>file:</c> video URIs must point (videos elsewhere on the server are never read).</summary>
    public string VideoRoot { get; set; } = Path.Combine(AppContext.BaseDirectory, "video");

    /// <summary>The longest line of an NDJSON measurement stream, in bytes (a measurement is about 200).</summary>
    public int MaxLineBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The video storage that http(s) video references may point to: base URLs (scheme, host, port and path prefix),
    /// e.g. <c>https://video.example.gov.cn/cameras/</c>. Empty (the default): http(s) video references are refused.
    /// </summary>
    public string[] VideoStorage { get; set; } = [];

    /// <summary>
    /// Hosts of <see cref="VideoStorage"/> (names or IP literals, as written there) that are on a private network on
    /// purpose. Any other host that is, or resolves to, a loopback, link-local, private or unique-local address is
    /// refused: checked on the address actually connected to, after DNS resolution. Empty by default.
    /// </summary>
    public string[] VideoStoragePrivateHosts { get; set; } = [];

    /// <summary>The largest video read from storage, in bytes.</summary>
    public long MaxVideoBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How long reading a video from storage may take in all.</summary>
    public TimeSpan VideoTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>One measurement as received, before it is checked; everything may be missing or wrong.</summary>
internal readonly record struct RawMeasurement(int Line, string? Lot, string? Device, string? Sensor, string? Parameter, double? Value, string? ValueText, string? Unit, string? At, string? Malformed = null);

/// <summary>Why one record was refused; <c>index</c> counts from 0 in the request, <c>line</c> is the CSV/NDJSON line.</summary>
public sealed record RecordError(int Index, int Line, string Field, string Reason);

/// <summary>An SPC rule that started to signal.</summary>
public sealed record SpcSignalView(Guid Lot, string Device, string Sensor, string Parameter, string[] Rules, DateTimeOffset At);

/// <summary>What an ingestion request did.</summary>
public sealed record IngestResult(
    int Received,
    int Accepted,
    int Rejected,
    bool Stored,
    int Conforming,
    int Nonconforming,
    int WithoutLimit,
    Guid[] LotsHeld,
    SpcSignalView[] SpcSignals,
    RecordError[] Errors,
    long StandardsGeneration);

/// <summary>Serialises the ingestion of each lot within this process (a lot's streams are read, advanced and written back).</summary>
internal sealed class LotLocks
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> locks = new();

    public async Task<IDisposable> AcquireAsync(IEnumerable<Guid> lots, CancellationToken ct)
    {
        var taken = new List<SemaphoreSlim>();
        try
        {
            foreach (var id in lots.Order())
            {
                var gate = locks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
                await gate.WaitAsync(ct);
                taken.Add(gate);
            }
        }
        catch
        {
            taken.ForEach(g => g.Release());
            throw;
        }

        return new Releaser(taken);
    }

    private sealed class Releaser(List<SemaphoreSlim> taken) : IDisposable
    {
        public void Dispose() => taken.ForEach(g => g.Release());
    }
}

/// <summary>
/// Checks and stores a batch of measurements: every value against its specification limit (the compiled
/// standards index), every process stream against the SPC rules; a nonconformity holds the lot and records an
/// event for the supervising CIQ office. All of it commits in one transaction.
/// </summary>
internal sealed class Ingestion(GqDbContext db, StandardsCatalogue catalogue, LotLocks locks, TimeProvider clock, IOptions<SupervisionOptions> options,
    SupervisionDispatcher dispatcher)
{
    private sealed class LotContext(SupervisedLot lot, MarketTable table, int node)
    {
        public SupervisedLot Lot => lot;

        public MarketTable Table => table;

        public int Node => node;

        public string? Refusal { get; init; }

        public int Nonconforming { get; set; }

        public int Accepted { get; set; }
    }

    private sealed class StreamState(LotStream stream, bool isNew)
    {
        public LotStream Stream => stream;

        public bool IsNew => isNew;

        public SpcMonitor Monitor { get; } = SpcMonitor.Parse(stream.Spc);

        public DateTimeOffset LastAt { get; set; } = stream.LastAt;

        public int Added { get; set; }
    }

    public async Task<IngestResult> IngestAsync(Actor actor, IReadOnlyList<RawMeasurement> batch, bool partial, CancellationToken ct)
    {
        var loaded = catalogue.Current ?? await catalogue.ReloadAsync(ct);
        var index = loaded.Index;
        var now = clock.GetUtcNow();
        var latest = now + options.Value.AllowedSkew;
        var errors = new List<RecordError>();

        var lotIds = new HashSet<Guid>();
        foreach (var m in batch)
        {
            if (Guid.TryParse(m.Lot, out var id))
            {
                lotIds.Add(id);
            }
        }

        using var held = await locks.AcquireAsync(lotIds, ct);
        var lots = new Dictionary<Guid, LotContext>();
        foreach (var lot in await db.Set<SupervisedLot>().Where(l => lotIds.Contains(l.Id)).ToListAsync(ct))
        {
            var province = StandardsIndex.ProvinceOfMarket(lot.Market) ?? "";
            var node = index.Nodes.TryGetValue(lot.ProductCode, out var n) ? n : -1;
            string? refusal = null;
            if (lot.EnterpriseId != actor.EnterpriseId && !actor.Roles.HasFlag(UserRoles.System))
            {
                refusal = "belongs to another enterprise: an enterprise streams data only for its own lots";
            }
            else if (lot.Status == LotStatus.Completed)
            {
                refusal = "is completed: it takes no more measurements";
            }

            lots[lot.Id] = new LotContext(lot, index.Table(province, lot.ProcessingState), node) { Refusal = refusal };
        }

        var streams = new Dictionary<(Guid, string, string, string), StreamState>();
        foreach (var s in await db.Set<LotStream>().Where(s => lotIds.Contains(s.LotId)).ToListAsync(ct))
        {
            streams[(s.LotId, s.Device, s.Sensor, s.Parameter)] = new StreamState(s, false);
        }

        var rows = new List<MeasurementRow>(batch.Count);
        var signals = new List<SpcSignalView>();
        var firstNonconformity = new Dictionary<(Guid, string), (MeasurementRow Row, int Requirement, int Count)>();
        int conforming = 0, nonconforming = 0, withoutLimit = 0;
        var rejected = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var m = batch[i];
            var before = errors.Count;
            if (m.Malformed is { } malformed)
            {
                errors.Add(new RecordError(i, m.Line, "line", malformed));
                rejected++;
                continue;
            }

            LotContext? lot = null;
            if (!Guid.TryParse(m.Lot, out var lotId))
            {
                errors.Add(new RecordError(i, m.Line, "lot", string.IsNullOrEmpty(m.Lot) ? "is required" : $"'{m.Lot}' is not a lot id"));
            }
            else if (!lots.TryGetValue(lotId, out lot))
            {
                errors.Add(new RecordError(i, m.Line, "lot", $"no lot '{lotId}' exists"));
            }
            else if (lot.Refusal is { } refusal)
            {
                errors.Add(new RecordError(i, m.Line, "lot", refusal));
            }

            var device = Text(m.Device, "device", errors, i, m.Line);
            var sensor = Text(m.Sensor, "sensor", errors, i, m.Line);
            var parameter = -1;
            UnitConversion conversion = default;
            if (string.IsNullOrEmpty(m.Parameter) || !index.Parameters.TryGetValue(m.Parameter, out parameter))
            {
                errors.Add(new RecordError(i, m.Line, "parameter", string.IsNullOrEmpty(m.Parameter) ? "is required" : $"unknown parameter '{m.Parameter}' (see /api/standards/parameters)"));
            }
            else if (string.IsNullOrEmpty(m.Unit) || Units.Conversion(m.Unit, index.ParameterRows[parameter].Unit) is not { } c)
            {
                errors.Add(new RecordError(i, m.Line, "unit", string.IsNullOrEmpty(m.Unit) ? "is required"
                    : $"'{m.Unit}' is not a known unit of {index.ParameterRows[parameter].Quantity} (the canonical unit of {m.Parameter} is {index.ParameterRows[parameter].Unit})"));
            }
            else
            {
                conversion = c;
            }

            if (m.Value is not { } value)
            {
                errors.Add(new RecordError(i, m.Line, "value", m.ValueText is null ? "is required" : $"'{m.ValueText}' is not a number"));
                value = 0;
            }
            else if (!double.IsFinite(value))
            {
                errors.Add(new RecordError(i, m.Line, "value", "must be a finite number (NaN and infinity are refused)"));
            }

            DateTimeOffset at = default;
            if (string.IsNullOrEmpty(m.At) || !ParseTime(m.At, out at))
            {
                errors.Add(new RecordError(i, m.Line, "at", string.IsNullOrEmpty(m.At) ? "is required" : $"'{m.At}' is not an ISO 8601 timestamp"));
            }
            else if (at > latest)
            {
                errors.Add(new RecordError(i, m.Line, "at", string.Create(CultureInfo.InvariantCulture, $"{at:O} is in the future beyond the allowed clock skew of {options.Value.AllowedSkew.TotalSeconds:F0} s")));
            }

            StreamState? stream = null;
            if (errors.Count == before)
            {
                var key = (lotId, device, sensor, m.Parameter!);
                if (!streams.TryGetValue(key, out stream))
                {
                    streams[key] = stream = new StreamState(LotStream.Create(Ids.New(clock), lotId, device, sensor, m.Parameter!), true);
                }

                if (at < stream.LastAt)
                {
                    errors.Add(new RecordError(i, m.Line, "at", string.Create(CultureInfo.InvariantCulture, $"{at:O} is out of order: stream {device}/{sensor}/{m.Parameter} is already at {stream.LastAt:O}")));
                }
            }

            if (errors.Count > before)
            {
                rejected++;
                continue;
            }

            var canonical = conversion.ToCanonical(value);
            var requirement = -1;
            var verdict = lot!.Node < 0 ? Verdict.NoLimit : lot.Table.Check(lot.Node, parameter, at.UtcTicks, canonical, out requirement);
            var row = new MeasurementRow(lotId, device, sensor, m.Parameter!, value, m.Unit!, canonical, at, verdict,
                requirement >= 0 ? index.Requirements[requirement].Id : null);
            rows.Add(row);
            lot.Accepted++;
            stream!.LastAt = at;
            stream.Added++;
            switch (verdict)
            {
                case Verdict.Conforming:
                    conforming++;
                    break;
                case Verdict.Nonconforming:
                    nonconforming++;
                    lot.Nonconforming++;
                    var k = (lotId, m.Parameter!);
                    firstNonconformity[k] = firstNonconformity.TryGetValue(k, out var first) ? first with { Count = first.Count + 1 } : (row, requirement, 1);
                    break;
                default:
                    withoutLimit++;
                    break;
            }

            var fired = stream.Monitor.Add(canonical);
            if (fired != SpcRules.None)
            {
                signals.Add(new SpcSignalView(lotId, device, sensor, m.Parameter!, WireNames.Flags(fired), at));
            }
        }

        var stored = rows.Count > 0 && (partial || errors.Count == 0);
        var heldLots = new List<Guid>();
        var dispatched = false;
        if (stored)
        {
            // The exchange's message log takes the node's write lock inside SaveChanges, and the delivery worker takes
            // that lock before it opens its own transaction. On SQLite (one writer) a transaction opened here first would
            // hold the database while SaveChanges waits for the lock: a lock-order inversion with the worker. So a batch
            // that may queue an envelope on SQLite is stored by one SaveChanges, whose own transaction opens after the lock.
            var single = firstNonconformity.Count > 0 && dispatcher.Active && !db.Database.IsNpgsql();
            await using var tx = single ? null : await db.Database.BeginTransactionAsync(ct);
            if (single)
            {
                db.AddRange(rows.Select(r => Measurement.Create(r, now)));
            }
            else
            {
                await MeasurementWriter.WriteAsync(db, rows, now, ct);
            }

            foreach (var s in streams.Values.Where(s => s.Added > 0))
            {
                s.Stream.Advance(s.LastAt, s.Added, s.Monitor.Serialize());
                if (s.IsNew)
                {
                    db.Add(s.Stream);
                }
            }

            foreach (var ((lotId, parameterCode), (row, requirement, count)) in firstNonconformity)
            {
                var lot = lots[lotId].Lot;
                var r = index.Requirements[requirement];
                var limit = r.Kind switch
                {
                    LimitKind.Max => $"max {Num(r.Upper)} {r.Unit}",
                    LimitKind.Min => $"min {Num(r.Lower)} {r.Unit}",
                    LimitKind.Range => $"range {Num(r.Lower)}..{Num(r.Upper)} {r.Unit}",
                    _ => r.Upper is { } lod ? $"not detected (below {Num(lod)} {r.Unit})" : "not detected",
                };
                var detail = string.Create(CultureInfo.InvariantCulture,
                    $"{parameterCode} = {Num(row.Value)} {row.Unit} at {row.At:O} ({row.Device}/{row.Sensor}) breaks {r.Standard} {r.Clause}: {limit} for category {r.Category}; {count} nonconforming value(s) in this batch; lot held");
                var raised = SupervisionEvent.Create(Ids.New(clock), now, SupervisionEventKind.Nonconformity, lot, parameterCode, row.Value, row.Unit, r.Id, detail);
                db.Add(raised);
                if (lot.Hold(detail, now))
                {
                    heldLots.Add(lot.Id);
                }

                // Queued in this transaction: the event and its envelope commit together, or neither does.
                dispatched |= dispatcher.Dispatch(db, raised, new NonconformityRaised(raised.Id, now, lot.Id, lot.Number, lot.Uscc, lot.OfficeCode, parameterCode,
                    row.Value, row.Unit, limit, WireNames.Of(r.Kind), r.Standard, r.Clause, r.Id, row.At, count, lot.Status == LotStatus.Held, detail));
            }

            // One early-warning event per stream and request, naming every rule that fired and how often, so that a
            // badly behaved stream cannot flood the office (the response still lists each signal).
            foreach (var group in signals.GroupBy(s => (s.Lot, s.Device, s.Sensor, s.Parameter)))
            {
                var lot = lots[group.Key.Lot].Lot;
                var monitor = streams[group.Key].Monitor;
                var rules = string.Join(", ", group.SelectMany(s => s.Rules).GroupBy(r => r, StringComparer.Ordinal).Select(r => r.Count() == 1 ? r.Key : $"{r.Key} ×{r.Count()}"));
                db.Add(SupervisionEvent.Create(Ids.New(clock), now, SupervisionEventKind.SpcSignal, lot, group.Key.Parameter, null, null, null,
                    string.Create(CultureInfo.InvariantCulture,
                        $"SPC early warning on {group.Key.Device}/{group.Key.Sensor}/{group.Key.Parameter} from {group.First().At:O}: {rules} (centre {monitor.Centre:G6}, σ {monitor.Sigma:G6})")));
            }

            foreach (var lot in lots.Values.Where(l => l.Accepted > 0))
            {
                lot.Lot.Count(lot.Accepted, lot.Nonconforming, signals.Count(s => s.Lot == lot.Lot.Id));
            }

            await db.SaveChangesAsync(ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }

            if (dispatched)
            {
                dispatcher.Nudge();
            }
        }

        // The context serves the next micro-batch of a stream: forget what this batch tracked.
        db.ChangeTracker.Clear();
        return new IngestResult(batch.Count, stored ? rows.Count : 0, rejected, stored, stored ? conforming : 0, stored ? nonconforming : 0, stored ? withoutLimit : 0,
            [.. heldLots], stored ? [.. signals] : [], [.. errors], loaded.Generation);
    }

    private static string Text(string? value, string field, List<RecordError> errors, int index, int line)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new RecordError(index, line, field, "is required"));
            return "";
        }

        if (value.Length > 64)
        {
            errors.Add(new RecordError(index, line, field, "must be at most 64 characters"));
        }

        return value;
    }

    /// <summary>ISO 8601; the round-trip form ("O") that devices and our own clients send is parsed on a fast path.</summary>
    private static bool ParseTime(string text, out DateTimeOffset at) =>
        DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out at) ||
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);

    private static string Num(double? v) => v?.ToString("G", CultureInfo.InvariantCulture) ?? "";
}
