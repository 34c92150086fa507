using System.Collections.Concurrent;
using System.Globalization;
using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Standards.Contracts;
using GoldenQuality.Supervision.Contracts;
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
/// <remarks><see cref="Time"/> is the timestamp when the reader has already parsed it (then <see cref="At"/> is not needed and may be null).</remarks>
internal readonly record struct RawMeasurement(int Line, string? Lot, string? Device, string? Sensor, string? Parameter, double? Value, string? ValueText, string? Unit, string? At, string? Malformed = null)
{
    public DateTimeOffset? Time { get; init; }
}

/// <summary>How a measurement's timestamp is read.</summary>
internal static class MeasurementTime
{
    /// <summary>ISO 8601; the round-trip form ("O") that devices and our own clients send is parsed on a fast path.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset at) =>
        DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out at) ||
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
}

/// <summary>
/// Serialises the ingestion of each lot (a lot's streams are read, advanced and written back): within this process by a
/// semaphore per lot, and across the node's instances on PostgreSQL by a session advisory lock per lot, held on the
/// batch's own connection from reading the streams until the batch is committed. On SQLite it also serialises the stores
/// of all batches.
/// </summary>
internal sealed class LotLocks
{
    /// <summary>The first key of the two-key advisory locks of lots ("GQLT"); the second is a hash of the lot id.</summary>
    private const int AdvisoryClass = 0x4751_4C54;

    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> locks = new();

    private readonly SemaphoreSlim sqliteStore = new(1, 1);

    /// <summary>
    /// A turn to store a batch on SQLite, which has one writer at a time. Batches of this process wait for each other
    /// here and start the moment the previous one commits; waiting in SQLite's busy handler instead, a batch polls with
    /// sleeps of up to 100 ms and typically wakes well after the other's commit.
    /// </summary>
    public async Task<IDisposable> SqliteStoreAsync(CancellationToken ct)
    {
        await sqliteStore.WaitAsync(ct);
        return new Releaser([sqliteStore], null, []);
    }

    public async Task<IAsyncDisposable> AcquireAsync(GqDbContext db, IEnumerable<Guid> lots, CancellationToken ct)
    {
        var taken = new List<SemaphoreSlim>();
        var ordered = lots.Order().ToList();
        try
        {
            foreach (var id in ordered)
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

        if (!db.Database.IsNpgsql() || ordered.Count == 0)
        {
            return new Releaser(taken, null, []);
        }

        // Every instance takes the keys in the same order, so two batches naming the same lots cannot deadlock.
        int[] keys = [.. ordered.Select(KeyOf).Distinct().Order()];
        await db.Database.OpenConnectionAsync(ct);
        var releaser = new Releaser(taken, db, []);
        try
        {
            foreach (var key in keys)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({AdvisoryClass}, {key})", ct);
                releaser.Held.Add(key);
            }
        }
        catch
        {
            await releaser.DisposeAsync();
            throw;
        }

        return releaser;
    }

    private static int KeyOf(Guid lot)
    {
        Span<byte> bytes = stackalloc byte[16];
        lot.TryWriteBytes(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes) ^ System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) ^
            System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) ^ System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
    }

    private sealed class Releaser(List<SemaphoreSlim> taken, GqDbContext? db, List<int> held) : IDisposable, IAsyncDisposable
    {
        public List<int> Held => held;

        public void Dispose() => taken.ForEach(g => g.Release());

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (db is not null)
                {
                    // A failed batch may have left its transaction aborted; the locks are the session's, not the transaction's.
                    foreach (var key in held)
                    {
                        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({AdvisoryClass}, {key})", CancellationToken.None);
                    }

                    await db.Database.CloseConnectionAsync();
                }
            }
            finally
            {
                Dispose();
            }
        }
    }
}

/// <summary>
/// Checks and stores a batch of measurements: every value against its specification limit (the compiled
/// standards index), every process stream against the SPC rules; a nonconformity holds the lot and records an
/// event for the supervising CIQ office. All of it commits in one transaction.
/// </summary>
/// <remarks>
/// <see cref="IngestAsync"/> reads as its steps: lock and load the lots and their streams, check each measurement
/// (lot, device, sensor, parameter and unit, value, time, stream order), judge the accepted ones (limit and SPC),
/// then, when the batch is to be stored, save everything once: the measurements, the streams' state, the
/// nonconformities (each holds its lot and is queued for the office), the SPC warnings and the lots' counters.
/// </remarks>
internal sealed class Ingestion(GqDbContext db, IStandardsCatalogue catalogue, LotLocks locks, TimeProvider clock, IOptions<SupervisionOptions> options,
    SupervisionDispatcher dispatcher, IHoldRegister holds)
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

    /// <summary>The first nonconforming row of a lot's parameter in this batch, its requirement, and how many there were.</summary>
    private readonly record struct Breach(MeasurementRow Row, int Requirement, int Count);

    /// <summary>A measurement that passed every check, ready to be judged.</summary>
    private readonly record struct Valid(LotContext Lot, Guid LotId, string Device, string Sensor, string Parameter, int ParameterIndex,
        UnitConversion Conversion, double Value, string Unit, DateTimeOffset At, StreamState Stream);

    /// <summary>The state of one ingestion request, from the loaded lots to the tallies.</summary>
    private sealed class Run(StandardsIndex index, DateTimeOffset now, TimeSpan skew, int size) : IDisposable
    {
        public StandardsIndex Index => index;

        public DateTimeOffset Now => now;

        public TimeSpan Skew => skew;

        public DateTimeOffset Latest { get; } = now + skew;

        public Dictionary<Guid, LotContext> Lots { get; } = [];

        public Dictionary<(Guid, string, string, string), StreamState> Streams { get; } = [];

        public List<RecordError> Errors { get; } = [];

        public PooledList<MeasurementRow> Rows { get; } = new(size);

        public List<SpcSignalView> Signals { get; } = [];

        public Dictionary<(Guid, string), Breach> FirstNonconformity { get; } = [];

        /// <summary>The conversion of each (parameter, unit) met in this batch to the parameter's canonical unit; null for a unit that does not apply.</summary>
        public Dictionary<(int Parameter, string Unit), UnitConversion?> Conversions { get; } = [];

        public List<Guid> HeldLots { get; } = [];

        public int Conforming { get; set; }

        public int Nonconforming { get; set; }

        public int WithoutLimit { get; set; }

        public int Rejected { get; set; }

        public void Error(int index, int line, string field, string reason) => Errors.Add(new RecordError(index, line, field, reason));

        public void Dispose() => Rows.Dispose();
    }

    public async Task<IngestResult> IngestAsync(Actor actor, IReadOnlyList<RawMeasurement> batch, bool partial, CancellationToken ct)
    {
        var (index, generation) = await catalogue.LoadedAsync(ct);
        using var run = new Run(index, clock.GetUtcNow(), options.Value.AllowedSkew, batch.Count);
        var lotIds = LotIdsOf(batch);
        await using var held = await locks.AcquireAsync(db, lotIds, ct);
        await LoadLotsAsync(run, actor, lotIds, ct);
        await LoadStreamsAsync(run, lotIds, ct);
        for (var i = 0; i < batch.Count; i++)
        {
            if (Check(run, i, batch[i]) is { } valid)
            {
                Judge(run, valid);
            }
            else
            {
                run.Rejected++;
            }
        }

        var stored = run.Rows.Count > 0 && (partial || run.Errors.Count == 0);
        if (stored)
        {
            await StoreAsync(run, ct);
        }

        // The context serves the next micro-batch of a stream: forget what this batch tracked.
        db.ChangeTracker.Clear();
        return new IngestResult(batch.Count, stored ? run.Rows.Count : 0, run.Rejected, stored, stored ? run.Conforming : 0, stored ? run.Nonconforming : 0,
            stored ? run.WithoutLimit : 0, [.. run.HeldLots], stored ? [.. run.Signals] : [], [.. run.Errors], generation);
    }

    // ---- Step 1: the lots named, locked, loaded with their market table, and their streams ----

    private static HashSet<Guid> LotIdsOf(IReadOnlyList<RawMeasurement> batch)
    {
        var lotIds = new HashSet<Guid>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (Guid.TryParse(batch[i].Lot, out var id))
            {
                lotIds.Add(id);
            }
        }

        return lotIds;
    }

    private async Task LoadLotsAsync(Run run, Actor actor, HashSet<Guid> lotIds, CancellationToken ct)
    {
        foreach (var lot in await db.Set<SupervisedLot>().Where(l => lotIds.Contains(l.Id)).ToListAsync(ct))
        {
            var province = StandardsIndex.ProvinceOfMarket(lot.Market) ?? "";
            var node = run.Index.Nodes.TryGetValue(lot.ProductCode, out var n) ? n : -1;
            run.Lots[lot.Id] = new LotContext(lot, run.Index.Table(province, lot.ProcessingState), node) { Refusal = Refusal(lot, actor) };
        }
    }

    /// <summary>Why the actor may not stream into the lot, or null when it may.</summary>
    private static string? Refusal(SupervisedLot lot, Actor actor) =>
        !LotAccess.MayWrite(actor, lot.EnterpriseId)
            ? "belongs to another enterprise: an enterprise streams data only for its own lots"
            : lot.Status == LotStatus.Completed ? "is completed: it takes no more measurements" : null;

    private async Task LoadStreamsAsync(Run run, HashSet<Guid> lotIds, CancellationToken ct)
    {
        foreach (var s in await db.Set<LotStream>().Where(s => lotIds.Contains(s.LotId)).ToListAsync(ct))
        {
            run.Streams[(s.LotId, s.Device, s.Sensor, s.Parameter)] = new StreamState(s, false);
        }
    }

    // ---- Step 2: each measurement checked field by field; every error of a record is reported ----

    /// <summary>The measurement with its lot, parameter, conversion and stream resolved; null (with errors recorded) when refused.</summary>
    private Valid? Check(Run run, int i, in RawMeasurement m)
    {
        if (m.Malformed is { } malformed)
        {
            run.Error(i, m.Line, "line", malformed);
            return null;
        }

        var before = run.Errors.Count;
        var lot = CheckLot(run, i, m, out var lotId);
        var device = Text(run, m.Device, "device", i, m.Line);
        var sensor = Text(run, m.Sensor, "sensor", i, m.Line);
        var (parameter, conversion) = CheckParameterAndUnit(run, i, m);
        var value = CheckValue(run, i, m);
        var at = CheckTime(run, i, m);
        if (run.Errors.Count > before)
        {
            return null;
        }

        var stream = StreamOf(run, lotId, device, sensor, m.Parameter!);
        if (at < stream.LastAt)
        {
            run.Error(i, m.Line, "at", string.Create(CultureInfo.InvariantCulture, $"{at:O} is out of order: stream {device}/{sensor}/{m.Parameter} is already at {stream.LastAt:O}"));
            return null;
        }

        return new Valid(lot!, lotId, device, sensor, m.Parameter!, parameter, conversion, value, m.Unit!, at, stream);
    }

    private static LotContext? CheckLot(Run run, int i, in RawMeasurement m, out Guid lotId)
    {
        LotContext? lot = null;
        if (!Guid.TryParse(m.Lot, out lotId))
        {
            run.Error(i, m.Line, "lot", string.IsNullOrEmpty(m.Lot) ? "is required" : $"'{m.Lot}' is not a lot id");
        }
        else if (!run.Lots.TryGetValue(lotId, out lot))
        {
            run.Error(i, m.Line, "lot", $"no lot '{lotId}' exists");
        }
        else if (lot.Refusal is { } refusal)
        {
            run.Error(i, m.Line, "lot", refusal);
        }

        return lot;
    }

    private static string Text(Run run, string? value, string field, int index, int line)
    {
        if (string.IsNullOrEmpty(value))
        {
            run.Error(index, line, field, "is required");
            return "";
        }

        if (value.Length > 64)
        {
            run.Error(index, line, field, "must be at most 64 characters");
        }

        return value;
    }

    /// <summary>The parameter's position in the index and the conversion of the measurement's unit to the parameter's canonical unit.</summary>
    private static (int Parameter, UnitConversion Conversion) CheckParameterAndUnit(Run run, int i, in RawMeasurement m)
    {
        var index = run.Index;
        if (string.IsNullOrEmpty(m.Parameter) || !index.Parameters.TryGetValue(m.Parameter, out var parameter))
        {
            run.Error(i, m.Line, "parameter", string.IsNullOrEmpty(m.Parameter) ? "is required" : $"unknown parameter '{m.Parameter}' (see /api/standards/parameters)");
            return (-1, default);
        }

        if (string.IsNullOrEmpty(m.Unit) || ConversionOf(run, parameter, m.Unit) is not { } conversion)
        {
            run.Error(i, m.Line, "unit", string.IsNullOrEmpty(m.Unit) ? "is required"
                : $"'{m.Unit}' is not a known unit of {index.ParameterRows[parameter].Quantity} (the canonical unit of {m.Parameter} is {index.ParameterRows[parameter].Unit})");
            return (parameter, default);
        }

        return (parameter, conversion);
    }

    private static UnitConversion? ConversionOf(Run run, int parameter, string unit)
    {
        if (!run.Conversions.TryGetValue((parameter, unit), out var conversion))
        {
            run.Conversions[(parameter, unit)] = conversion = Units.Conversion(unit, run.Index.ParameterRows[parameter].Unit);
        }

        return conversion;
    }

    private static double CheckValue(Run run, int i, in RawMeasurement m)
    {
        if (m.Value is not { } value)
        {
            run.Error(i, m.Line, "value", m.ValueText is null ? "is required" : $"'{m.ValueText}' is not a number");
            return 0;
        }

        if (!double.IsFinite(value))
        {
            run.Error(i, m.Line, "value", "must be a finite number (NaN and infinity are refused)");
        }

        return value;
    }

    private static DateTimeOffset CheckTime(Run run, int i, in RawMeasurement m)
    {
        if (m.Time is not { } at && (string.IsNullOrEmpty(m.At) || !MeasurementTime.TryParse(m.At, out at)))
        {
            run.Error(i, m.Line, "at", string.IsNullOrEmpty(m.At) ? "is required" : $"'{m.At}' is not an ISO 8601 timestamp");
            return default;
        }

        if (at > run.Latest)
        {
            run.Error(i, m.Line, "at", string.Create(CultureInfo.InvariantCulture, $"{at:O} is in the future beyond the allowed clock skew of {run.Skew.TotalSeconds:F0} s"));
        }

        return at;
    }

    /// <summary>The stream (lot, device, sensor, parameter) the measurement continues; a new one when the lot has none yet.</summary>
    private StreamState StreamOf(Run run, Guid lotId, string device, string sensor, string parameter)
    {
        var key = (lotId, device, sensor, parameter);
        if (!run.Streams.TryGetValue(key, out var stream))
        {
            run.Streams[key] = stream = new StreamState(LotStream.Create(Ids.New(clock), lotId, device, sensor, parameter), true);
        }

        return stream;
    }

    // ---- Step 3: an accepted measurement judged against its limit and its stream's SPC rules ----

    /// <summary>The wire names of each combination of rules that fired (at most 2^11; the arrays are only read, never changed).</summary>
    private static readonly ConcurrentDictionary<SpcRules, string[]> RuleNames = new();

    private static void Judge(Run run, in Valid m)
    {
        var canonical = m.Conversion.ToCanonical(m.Value);
        var requirement = -1;
        var verdict = m.Lot.Node < 0 ? Verdict.NoLimit : m.Lot.Table.Check(m.Lot.Node, m.ParameterIndex, m.At.UtcTicks, canonical, out requirement);
        var row = new MeasurementRow(m.LotId, m.Device, m.Sensor, m.Parameter, m.Value, m.Unit, canonical, m.At, verdict,
            requirement >= 0 ? run.Index.Requirements[requirement].Id : null);
        run.Rows.Add(row);
        m.Lot.Accepted++;
        m.Stream.LastAt = m.At;
        m.Stream.Added++;
        Tally(run, m.Lot, row, requirement);
        var fired = m.Stream.Monitor.Add(canonical);
        if (fired != SpcRules.None)
        {
            run.Signals.Add(new SpcSignalView(m.LotId, m.Device, m.Sensor, m.Parameter, RuleNames.GetOrAdd(fired, static f => WireNames.Flags(f)), m.At));
        }
    }

    private static void Tally(Run run, LotContext lot, in MeasurementRow row, int requirement)
    {
        switch (row.Verdict)
        {
            case Verdict.Conforming:
                run.Conforming++;
                break;
            case Verdict.Nonconforming:
                run.Nonconforming++;
                lot.Nonconforming++;
                var k = (row.LotId, row.Parameter);
                run.FirstNonconformity[k] = run.FirstNonconformity.TryGetValue(k, out var first)
                    ? first with { Count = first.Count + 1 }
                    : new Breach(row, requirement, 1);
                break;
            default:
                run.WithoutLimit++;
                break;
        }
    }

    // ---- Step 4: everything stored by one SaveChanges (and, with the fast writer, one transaction) ----

    private async Task StoreAsync(Run run, CancellationToken ct)
    {
        // The exchange's message log takes the node's write lock inside SaveChanges, and the delivery worker takes
        // that lock before it opens its own transaction. On SQLite (one writer) a transaction opened here first would
        // hold the database while SaveChanges waits for the lock: a lock-order inversion with the worker. So a batch
        // that may queue an envelope on SQLite is stored by one SaveChanges, whose own transaction opens after the lock.
        var sqlite = !db.Database.IsNpgsql();
        var single = run.FirstNonconformity.Count > 0 && dispatcher.Active && sqlite;
        using var turn = sqlite ? await locks.SqliteStoreAsync(ct) : null;
        await using var tx = single ? null : await db.Database.BeginTransactionAsync(ct);
        if (single)
        {
            db.AddRange(run.Rows.Select(r => Measurement.Create(r, run.Now)));
        }
        else
        {
            await MeasurementWriter.WriteAsync(db, run.Rows, run.Now, ct);
        }

        AdvanceStreams(run);
        await RaiseNonconformitiesAsync(run, ct);
        RaiseSpcWarnings(run);
        CountLots(run);
        await db.SaveChangesAsync(ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
    }

    private void AdvanceStreams(Run run)
    {
        foreach (var s in run.Streams.Values.Where(s => s.Added > 0))
        {
            s.Stream.Advance(s.LastAt, s.Added, s.Monitor.Serialize());
            if (s.IsNew)
            {
                db.Add(s.Stream);
            }
        }
    }

    /// <summary>One event per lot and parameter that broke its limit: the lot is held, the event queued for the office (the outbox wakes the delivery worker once the batch commits).</summary>
    private async Task RaiseNonconformitiesAsync(Run run, CancellationToken ct)
    {
        foreach (var ((lotId, parameterCode), (row, requirement, count)) in run.FirstNonconformity)
        {
            var lot = run.Lots[lotId].Lot;
            var r = run.Index.Requirements[requirement];
            var limit = LimitText.Of(r.Kind, r.Lower, r.Upper, r.Unit);
            // Kept coded on the event, the lot and the hold register (shown in the reader's language); the office's
            // envelope and the credit event get the English sentence.
            var message = new Message("supervision.nonconformity", parameterCode, LimitText.Num(row.Value), row.Unit, ChinaTime.Of(row.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                row.Device, row.Sensor, r.Standard, r.Clause, LimitText.Message(r.Kind, r.Lower, r.Upper, r.Unit), r.Category, count);
            var detail = message.Render(CultureInfo.InvariantCulture);
            var raised = SupervisionEvent.Create(Ids.New(clock), run.Now, SupervisionEventKind.Nonconformity, lot, parameterCode, row.Value, row.Unit, r.Id,
                message.Store(SupervisionEvent.MaxDetail));
            db.Add(raised);
            if (lot.Hold(message.Store(SupervisedLot.MaxHoldReason), run.Now))
            {
                run.HeldLots.Add(lot.Id);

                // The hold enters the register in the same save: it ends only by a recorded decision (docs/alerts.md).
                await holds.PlaceAsync(db, new HoldCandidate(HoldSubjectKind.Lot, LotHolds.KeyOf(lot.Uscc, lot.Number), lot.OfficeCode, $"lot {lot.Number} of {lot.Uscc} ({lot.ProductCode})"),
                    HoldOrigin.SupervisionNonconformity, message, null, dispatcher.PartyOf(lot.OfficeCode) is { } party ? [party] : [], ct);
            }

            // Queued in this transaction: the event and its envelope commit together, or neither does.
            dispatcher.Dispatch(db, raised, new NonconformityRaised(raised.Id, run.Now, lot.Id, lot.Number, lot.Uscc, lot.OfficeCode, parameterCode,
                row.Value, row.Unit, limit, WireNames.Of(r.Kind), r.Standard, r.Clause, r.Id, row.At, count, lot.Status == LotStatus.Held, detail));
        }
    }

    /// <summary>
    /// One early-warning event per stream and request, naming every rule that fired and how often, so that a
    /// badly behaved stream cannot flood the office (the response still lists each signal).
    /// </summary>
    private void RaiseSpcWarnings(Run run)
    {
        foreach (var group in run.Signals.GroupBy(s => (s.Lot, s.Device, s.Sensor, s.Parameter)))
        {
            var lot = run.Lots[group.Key.Lot].Lot;
            var monitor = run.Streams[group.Key].Monitor;
            var rules = string.Join(", ", group.SelectMany(s => s.Rules).GroupBy(r => r, StringComparer.Ordinal).Select(r => r.Count() == 1 ? r.Key : $"{r.Key} ×{r.Count()}"));
            db.Add(SupervisionEvent.Create(Ids.New(clock), run.Now, SupervisionEventKind.SpcSignal, lot, group.Key.Parameter, null, null, null,
                new Message("supervision.spc", group.Key.Device, group.Key.Sensor, group.Key.Parameter, ChinaTime.Of(group.First().At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), rules,
                    monitor.Centre.ToString("G6", CultureInfo.InvariantCulture), monitor.Sigma.ToString("G6", CultureInfo.InvariantCulture)).Store(SupervisionEvent.MaxDetail)));
        }
    }

    private static void CountLots(Run run)
    {
        foreach (var lot in run.Lots.Values.Where(l => l.Accepted > 0))
        {
            lot.Lot.Count(lot.Accepted, lot.Nonconforming, run.Signals.Count(s => s.Lot == lot.Lot.Id));
        }
    }
}
