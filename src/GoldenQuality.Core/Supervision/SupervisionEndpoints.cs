using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry;
using GoldenQuality.Standards;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Supervision;

public sealed record LineRequest(string? Code, string? Name, string? EnterpriseUscc);

public sealed record LineView(Guid Id, string Uscc, string Code, string Name, DateTimeOffset CreatedAt);

public sealed record LotRequest(string? Line, string? Number, string? Product, string? ProcessingState, string? Market, string? EnterpriseUscc);

public sealed record LotView(Guid Id, string Uscc, string Line, string Number, string Product, string? ProcessingState, string Market, string Office,
    string Status, DateTimeOffset OpenedAt, DateTimeOffset? HeldAt, string? HoldReason, DateTimeOffset? CompletedAt, long Measurements, long Nonconformities, long SpcSignals);

public sealed record MeasurementView(DateTimeOffset At, string Device, string Sensor, string Parameter, double Value, string Unit, double CanonicalValue, string Verdict, Guid? RequirementId);

public sealed record EventView(Guid Id, DateTimeOffset At, string Kind, string Office, string Uscc, Guid Lot, string LotNumber, string? Parameter, double? Value, string? Unit,
    Guid? RequirementId, string Detail, DateTimeOffset? DispatchedAt);

public sealed record RecordView(string Number, Guid Lot, string Uscc, string LotNumber, string Product, string Market, string Office, DateTimeOffset IssuedAt,
    DateTimeOffset ProductionFrom, long Measurements, string[] Parameters, string[] Standards, long SpcSignals, string Outcome);

public sealed record VideoRequest(string? Camera, DateTimeOffset? From, DateTimeOffset? To, string? Uri, string? Sha256);

public sealed record VideoView(Guid Id, Guid Lot, string Camera, DateTimeOffset From, DateTimeOffset To, string Uri, string Sha256, DateTimeOffset RegisteredAt,
    DateTimeOffset? LastCheckedAt, bool? LastCheckPassed);

public sealed record VideoCheckView(Guid Id, bool Passed, string Expected, string? Actual, long? Bytes, DateTimeOffset CheckedAt, string? Problem);

/// <summary>E-Supervision: production lines, lots, measurement ingestion, events, supervision records, video references.</summary>
internal static class SupervisionEndpoints
{
    public static RouteGroupBuilder MapSupervision(this RouteGroupBuilder group)
    {
        group.MapPost("/lines", CreateLine).WithName("CreateProductionLine").WithSummary("Registers a production line of an enterprise (its own, for an enterprise user).").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/lines", Lines).WithName("ListProductionLines").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/lots", CreateLot).WithName("CreateSupervisedLot")
            .WithSummary("Opens a supervised lot: product category, processing state, market (export, domestic, domestic:<province>). The supervising CIQ office follows from the enterprise's area.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/lots", ListLots).WithName("ListSupervisedLots").WithSummary("Lists lots (an enterprise sees its own), by status (open, held, completed) or office.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/lots/{id:guid}", GetLot).WithName("GetSupervisedLot").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/lots/{id:guid}/complete", Complete).WithName("CompleteSupervisedLot")
            .WithSummary("Completes a lot. A lot without nonconformity gets a supervision record; a held lot cannot complete (409).").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/lots/{id:guid}/record", LotRecord).WithName("GetLotSupervisionRecord").WithSummary("The supervision record of a lot that completed conforming.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/records/{number}", RecordByNumber).WithName("GetSupervisionRecord").WithSummary("A supervision record by number (for the clearance flow's risk decision).").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/lots/{id:guid}/measurements", LotMeasurements).WithName("ListLotMeasurements").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/measurements", Ingest).WithName("IngestMeasurements").Accepts<MeasurementBatch>("application/json", "text/csv")
            .WithSummary("Ingests a batch (JSON {measurements:[...]} or CSV lot,device,sensor,parameter,value,unit,at). Atomic: any bad record refuses the batch (422, per-record errors). ?mode=partial stores the valid records and reports the rest.").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/measurements/stream", Stream).WithName("StreamMeasurements").Accepts<MeasurementRecord>("application/x-ndjson")
            .WithSummary("One long-lived NDJSON stream: one measurement per line; checked and stored in micro-batches (partial mode); one NDJSON result line per micro-batch, then a summary.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/events", Events).WithName("ListSupervisionEvents").WithSummary("Events for CIQ offices: nonconformities, SPC signals, conforming lots, video integrity failures.").RequireAuthorization(Policies.Official);
        group.MapGet("/received-events", ReceivedEvents).WithName("ListReceivedSupervisionEvents")
            .WithSummary("Nonconformities this node received over the exchange for the CIQ offices it hosts (officials and system only).").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/lots/{id:guid}/videos", AddVideo).WithName("AddSurveillanceVideo").WithSummary("References a surveillance video of the lot: camera, time range, URI and SHA-256.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/lots/{id:guid}/videos", Videos).WithName("ListSurveillanceVideos").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/lots/{id:guid}/videos/{videoId:guid}/check", CheckVideo).WithName("CheckSurveillanceVideo").WithSummary("Reads the video and compares its SHA-256 with the registered one.").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/lots/{id:guid}/videos/{videoId:guid}/content", VideoContent).WithName("GetSurveillanceVideo")
            .WithSummary("The video itself, served only after its SHA-256 matches; a mismatch is a 409 and an event for the office.").RequireAuthorization(Policies.SignedIn);
        return group;
    }

    private static bool MayWrite(Actor actor, Guid enterpriseId) => actor.EnterpriseId == enterpriseId || actor.Roles.HasFlag(UserRoles.System);

    private static bool MayRead(Actor actor, Guid enterpriseId) => actor.CanRead(enterpriseId) || actor.Roles.HasFlag(UserRoles.System);

    internal static LotView View(SupervisedLot l, string line) => new(l.Id, l.Uscc, line, l.Number, l.ProductCode, l.ProcessingState.Length == 0 ? null : l.ProcessingState,
        l.Market, l.OfficeCode, WireNames.Of(l.Status), l.OpenedAt, l.HeldAt, l.HoldReason, l.CompletedAt, l.Measurements, l.Nonconformities, l.SpcSignals);

    private static RecordView View(SupervisionRecord r) => new(r.Number, r.LotId, r.Uscc, r.LotNumber, r.ProductCode, r.Market, r.OfficeCode, r.IssuedAt, r.ProductionFrom,
        r.Measurements, r.Parameters.Split(';', StringSplitOptions.RemoveEmptyEntries), r.Standards.Split(';', StringSplitOptions.RemoveEmptyEntries), r.SpcSignals, "conforming");

    private static VideoView View(VideoReference v) => new(v.Id, v.LotId, v.Camera, v.From, v.To, v.Uri, v.Sha256, v.RegisteredAt, v.LastCheckedAt, v.LastCheckPassed);

    /// <summary>The enterprise a request acts for: an enterprise user's own; an official or system client names it by USCC.</summary>
    private static async Task<Registry.Enterprise?> EnterpriseFor(GqDbContext db, Actor actor, string? uscc, Validation v, CancellationToken ct)
    {
        if (actor.EnterpriseId is { } own)
        {
            return await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(e => e.Id == own, ct);
        }

        if (!actor.Roles.HasFlag(UserRoles.System) && !actor.IsOfficial)
        {
            v.Add("enterpriseUscc", "only an enterprise user, an official or a system client may register lines and lots");
            return null;
        }

        if (string.IsNullOrWhiteSpace(uscc))
        {
            v.Add("enterpriseUscc", "is required when an official or a system client acts for an enterprise");
            return null;
        }

        var e = await db.Enterprises.AsNoTracking().FirstOrDefaultAsync(x => x.Uscc == uscc.Trim(), ct);
        if (e is null)
        {
            v.Add("enterpriseUscc", $"no enterprise '{uscc}' exists");
        }

        return e;
    }

    /// <summary>The CIQ office whose jurisdiction (GB/T 2260 prefixes) matches the enterprise's area most specifically.</summary>
    private static async Task<string> SupervisingOffice(GqDbContext db, string areaCode, CancellationToken ct)
    {
        var offices = await db.Organisations.AsNoTracking().Where(o => o.Agency == "CIQ" && o.Jurisdiction != "")
            .Select(o => new { o.Code, o.Jurisdiction }).ToListAsync(ct);
        var best = offices
            .SelectMany(o => o.Jurisdiction.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => (o.Code, Prefix: p)))
            .Where(x => areaCode.StartsWith(x.Prefix, StringComparison.Ordinal))
            .OrderByDescending(x => x.Prefix.Length).ThenBy(x => x.Code, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Code ?? "AQSIQ";
    }

    private static async Task<Results<Created<LineView>, ValidationProblem, ProblemHttpResult>> CreateLine(HttpContext http, GqDbContext db, TimeProvider clock, LineRequest request, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var v = new Validation();
        var code = v.Required("code", request.Code, 64);
        var name = v.Required("name", request.Name, 256);
        var enterprise = await EnterpriseFor(db, actor, request.EnterpriseUscc, v, ct);
        if (!v.IsValid || enterprise is null)
        {
            return v.Result();
        }

        if (await db.Set<ProductionLine>().AnyAsync(l => l.EnterpriseId == enterprise.Id && l.Code == code, ct))
        {
            return Problems.Conflict("code", $"the enterprise already has a line '{code}'");
        }

        var line = ProductionLine.Create(Ids.New(clock), enterprise.Id, code, name, clock.GetUtcNow());
        db.Add(line);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/supervision/lines/{line.Id}", new LineView(line.Id, enterprise.Uscc, line.Code, line.Name, line.CreatedAt));
    }

    private static async Task<Ok<LineView[]>> Lines(HttpContext http, GqDbContext db, string? enterpriseUscc, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var query = from l in db.Set<ProductionLine>().AsNoTracking()
                    join e in db.Enterprises.AsNoTracking() on l.EnterpriseId equals e.Id
                    select new { l, e.Uscc };
        if (actor.EnterpriseId is { } own)
        {
            query = query.Where(x => x.l.EnterpriseId == own);
        }
        else if (!actor.IsOfficial && !actor.Roles.HasFlag(UserRoles.System))
        {
            return TypedResults.Ok(Array.Empty<LineView>());
        }

        if (enterpriseUscc is { Length: > 0 })
        {
            query = query.Where(x => x.Uscc == enterpriseUscc);
        }

        var items = await query.OrderBy(x => x.Uscc).ThenBy(x => x.l.Code).Take(Paging.MaxPageSize).ToListAsync(ct);
        return TypedResults.Ok(items.Select(x => new LineView(x.l.Id, x.Uscc, x.l.Code, x.l.Name, x.l.CreatedAt)).ToArray());
    }

    private static async Task<Results<Created<LotView>, ValidationProblem, ProblemHttpResult>> CreateLot(HttpContext http, GqDbContext db, TimeProvider clock, StandardsCatalogue catalogue,
        LotRequest request, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var v = new Validation();
        var lineCode = v.Required("line", request.Line, 64);
        var number = v.Required("number", request.Number, 64);
        var product = v.Required("product", request.Product, 64);
        var state = v.Optional("processingState", request.ProcessingState, 64) ?? "";
        var market = string.IsNullOrWhiteSpace(request.Market) ? "export" : request.Market.Trim();
        if (StandardsIndex.ProvinceOfMarket(market) is null)
        {
            v.Add("market", "must be export, domestic, or domestic:<province code> (e.g. domestic:330000)");
        }

        var index = await catalogue.IndexAsync(ct);
        if (product.Length > 0 && !index.Nodes.ContainsKey(product))
        {
            v.Add("product", $"unknown product category '{product}' (see /api/standards/categories)");
        }

        var enterprise = await EnterpriseFor(db, actor, request.EnterpriseUscc, v, ct);
        ProductionLine? line = null;
        if (enterprise is not null && lineCode.Length > 0)
        {
            line = await db.Set<ProductionLine>().AsNoTracking().FirstOrDefaultAsync(l => l.EnterpriseId == enterprise.Id && l.Code == lineCode, ct);
            if (line is null)
            {
                v.Add("line", $"the enterprise has no production line '{lineCode}'");
            }
        }

        if (!v.IsValid || enterprise is null || line is null)
        {
            return v.Result();
        }

        if (await db.Set<SupervisedLot>().AnyAsync(l => l.EnterpriseId == enterprise.Id && l.Number == number, ct))
        {
            return Problems.Conflict("number", $"the enterprise already has a lot '{number}'");
        }

        var office = await SupervisingOffice(db, enterprise.AreaCode, ct);
        var lot = SupervisedLot.Create(Ids.New(clock), enterprise.Id, enterprise.Uscc, line.Id, number, product, state, market, office, clock.GetUtcNow());
        db.Add(lot);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/supervision/lots/{lot.Id}", View(lot, line.Code));
    }

    internal static async Task<Results<Ok<Paged<LotView>>, ValidationProblem>> ListLots(HttpContext http, GqDbContext db, string? status, string? office, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var query = db.Set<SupervisedLot>().AsNoTracking();
        if (status is { Length: > 0 })
        {
            var s = v.Enum<LotStatus>("status", status);
            query = query.Where(l => l.Status == s);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        query = Visible(query, actor, office);

        var total = await query.CountAsync(ct);
        var items = await (from l in query
                           join line in db.Set<ProductionLine>() on l.LineId equals line.Id
                           orderby l.OpenedAt descending, l.Id
                           select new { l, line.Code }).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<LotView>([.. items.Select(x => View(x.l, x.Code))], p, size, total));
    }

    private static async Task<(SupervisedLot? Lot, ProblemHttpResult? Problem)> FindLot(GqDbContext db, Actor actor, Guid id, bool write, CancellationToken ct)
    {
        var lot = await db.Set<SupervisedLot>().FirstOrDefaultAsync(l => l.Id == id, ct);
        if (lot is null)
        {
            return (null, Problems.NotFound("lot", id.ToString()));
        }

        if (write ? !MayWrite(actor, lot.EnterpriseId) : !MayRead(actor, lot.EnterpriseId))
        {
            return (null, Problems.Forbidden("The lot belongs to another enterprise."));
        }

        return (lot, null);
    }

    internal static async Task<Results<Ok<LotView>, ProblemHttpResult>> GetLot(HttpContext http, GqDbContext db, Guid id, CancellationToken ct)
    {
        var (lot, problem) = await FindLot(db, Actor.From(http.User), id, write: false, ct);
        if (lot is null)
        {
            return problem!;
        }

        var line = await db.Set<ProductionLine>().Where(l => l.Id == lot.LineId).Select(l => l.Code).FirstAsync(ct);
        return TypedResults.Ok(View(lot, line));
    }

    private static async Task<Results<Created<RecordView>, ProblemHttpResult>> Complete(HttpContext http, GqDbContext db, TimeProvider clock, StandardsCatalogue catalogue, LotLocks locks, Guid id, CancellationToken ct)
    {
        using var held = await locks.AcquireAsync([id], ct);
        var (lot, problem) = await FindLot(db, Actor.From(http.User), id, write: true, ct);
        if (lot is null)
        {
            return problem!;
        }

        if (lot.Status == LotStatus.Held)
        {
            return Problems.Conflict("status", $"the lot is held and cannot complete as conforming: {lot.HoldReason}");
        }

        if (lot.Status == LotStatus.Completed)
        {
            return Problems.Conflict("status", "the lot is already completed");
        }

        var checkedOn = await db.Set<Measurement>().Where(m => m.LotId == id && m.Verdict != Verdict.NoLimit)
            .Select(m => new { m.Parameter, m.RequirementId }).Distinct().ToListAsync(ct);
        var index = await catalogue.IndexAsync(ct);
        var byId = index.Requirements.ToDictionary(r => r.Id, r => r.Standard);
        var parameters = string.Join(';', checkedOn.Select(c => c.Parameter).Distinct().Order(StringComparer.Ordinal));
        var standards = string.Join(';', checkedOn.Select(c => c.RequirementId is { } r && byId.TryGetValue(r, out var s) ? s : null).OfType<string>().Distinct().Order(StringComparer.Ordinal));
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        lot.Complete(now);
        var record = SupervisionRecord.Create(Ids.New(clock), lot, now, parameters, standards);
        db.Add(record);
        db.Add(SupervisionEvent.Create(Ids.New(clock), now, SupervisionEventKind.LotConforming, lot, null, null, null, null,
            string.Create(CultureInfo.InvariantCulture, $"lot {lot.Number} completed conforming: {lot.Measurements} measurements, parameters {parameters}; supervision record {record.Number}")));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/supervision/records/{record.Number}", View(record));
    }

    private static async Task<Results<Ok<RecordView>, ProblemHttpResult>> LotRecord(HttpContext http, GqDbContext db, Guid id, CancellationToken ct)
    {
        var (lot, problem) = await FindLot(db, Actor.From(http.User), id, write: false, ct);
        if (lot is null)
        {
            return problem!;
        }

        var record = await db.Set<SupervisionRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.LotId == id, ct);
        return record is null
            ? Problems.NotFound("supervision record for lot", id.ToString())
            : TypedResults.Ok(View(record));
    }

    private static async Task<Results<Ok<RecordView>, ProblemHttpResult>> RecordByNumber(HttpContext http, GqDbContext db, string number, CancellationToken ct)
    {
        var record = await db.Set<SupervisionRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Number == number, ct);
        if (record is null)
        {
            return Problems.NotFound("supervision record", number);
        }

        return MayRead(Actor.From(http.User), record.EnterpriseId) ? TypedResults.Ok(View(record)) : Problems.Forbidden("The record belongs to another enterprise.");
    }

    internal static async Task<Results<Ok<Paged<MeasurementView>>, ValidationProblem, ProblemHttpResult>> LotMeasurements(HttpContext http, GqDbContext db, Guid id, int? page, int? pageSize, CancellationToken ct)
    {
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var (lot, problem) = await FindLot(db, Actor.From(http.User), id, write: false, ct);
        if (lot is null)
        {
            return problem!;
        }

        var query = db.Set<Measurement>().AsNoTracking().Where(m => m.LotId == id);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(m => m.At).ThenBy(m => m.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<MeasurementView>([.. items.Select(m => new MeasurementView(m.At, m.Device, m.Sensor, m.Parameter, m.Value, m.Unit, m.CanonicalValue,
            WireNames.Of(m.Verdict), m.RequirementId))], p, size, total));
    }

    private static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadBody(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(string.Create(CultureInfo.InvariantCulture, $"the body has {request.ContentLength} bytes; at most {limit} are accepted per request")));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return (null, TooLarge(string.Create(CultureInfo.InvariantCulture, $"the body exceeds {limit} bytes")));
            }
        }

        return (buffer.ToArray(), null);
    }

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large", extensions: new Dictionary<string, object?> { ["field"] = "measurements" });

    private static async Task<Results<Ok<IngestResult>, ProblemHttpResult>> Ingest(HttpContext http, Ingestion ingestion, IOptions<SupervisionOptions> options, string? mode, CancellationToken ct)
    {
        var partial = mode switch
        {
            null or "" or "atomic" => false,
            "partial" => true,
            _ => (bool?)null,
        };
        if (partial is null)
        {
            return TypedResults.Problem(detail: "mode: must be atomic (the default) or partial", statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                extensions: new Dictionary<string, object?> { ["field"] = "mode" });
        }

        var contentType = http.Request.ContentType ?? "";
        var csv = contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(detail: "Send application/json ({\"measurements\": [...]}) or text/csv (lot,device,sensor,parameter,value,unit,at); for NDJSON use /measurements/stream.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        var (body, problem) = await ReadBody(http.Request, options.Value.MaxBodyBytes, ct);
        if (body is null)
        {
            return problem!;
        }

        List<RawMeasurement> batch;
        try
        {
            batch = csv ? MeasurementParsing.Csv(body) : MeasurementParsing.Json(body);
        }
        catch (MalformedBodyException e)
        {
            return TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Malformed body",
                extensions: new Dictionary<string, object?> { ["field"] = "body", ["line"] = e.Line });
        }

        if (batch.Count > options.Value.MaxBatch)
        {
            return TooLarge(string.Create(CultureInfo.InvariantCulture, $"the batch has {batch.Count} measurements; at most {options.Value.MaxBatch} are accepted per request"));
        }

        var result = await ingestion.IngestAsync(Actor.From(http.User), batch, partial.Value, ct);
        if (!result.Stored && result.Errors.Length > 0)
        {
            return TypedResults.Problem(
                detail: string.Create(CultureInfo.InvariantCulture, $"{result.Rejected} of {result.Received} measurement(s) are invalid; {(partial.Value ? "none was valid" : "nothing was stored (the request is atomic; ?mode=partial stores the valid ones)")}."),
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Invalid measurements",
                extensions: new Dictionary<string, object?> { ["errors"] = result.Errors, ["received"] = result.Received, ["rejected"] = result.Rejected });
        }

        return TypedResults.Ok(result);
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Stream(HttpContext http, Ingestion ingestion, GqDbContext db, IOptions<SupervisionOptions> options,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        var contentType = http.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/x-ndjson", StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith("application/jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(detail: "Send application/x-ndjson: one JSON measurement per line.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        // A long-lived stream has no overall size; each line is bounded instead, and each micro-batch by MaxBatch.
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = null;
        // A sensor may send a line a minute: Kestrel's minimum body data rate (240 bytes/s) would cut such a stream off.
        http.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttpMinRequestBodyDataRateFeature>()?.MinDataRate = null;
        var actor = Actor.From(http.User);
        var maxBatch = Math.Min(options.Value.MaxBatch, 10_000);
        var channel = Channel.CreateBounded<RawMeasurement>(new BoundedChannelOptions(maxBatch * 2) { SingleReader = true, SingleWriter = true });
        var maxLine = options.Value.MaxLineBytes;
        LineTooLongException? tooLong = null;
        var producer = Task.Run(async () =>
        {
            try
            {
                // Read incrementally from the body's pipe: a line longer than the limit is refused before it is buffered whole.
                var lines = new NdjsonLines(http.Request.BodyReader, maxLine);
                while (await lines.ReadLineAsync(ct) is { } text)
                {
                    var line = lines.Line;
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        continue;
                    }

                    RawMeasurement raw;
                    try
                    {
                        raw = JsonSerializer.Deserialize(text, MeasurementJson.Default.MeasurementRecord) is { } r
                            ? MeasurementParsing.From(r, line)
                            : new RawMeasurement(line, null, null, null, null, null, null, null, null, "the line is not a JSON object");
                    }
                    catch (JsonException e)
                    {
                        raw = new RawMeasurement(line, null, null, null, null, null, null, null, null, "malformed JSON: " + e.Message);
                    }

                    await channel.Writer.WriteAsync(raw, ct);
                }

                channel.Writer.Complete();
            }
            catch (LineTooLongException e)
            {
                tooLong = e;
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, ct);

        // The response starts with the first micro-batch's result, so that a stream refused before any batch gets a 413 problem.
        async Task StartAsync()
        {
            if (!http.Response.HasStarted)
            {
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = "application/x-ndjson";
                await http.Response.StartAsync(ct);
            }
        }

        var batch = new List<RawMeasurement>(maxBatch);
        long accepted = 0, rejected = 0, nonconforming = 0;
        var batches = 0;
        try
        {
            while (await channel.Reader.WaitToReadAsync(ct))
            {
                // Take what has arrived, waiting at most 100 ms for more, so that a slow sensor's data is still checked promptly.
                using (var window = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    window.CancelAfter(TimeSpan.FromMilliseconds(100));
                    try
                    {
                        while (batch.Count < maxBatch)
                        {
                            if (channel.Reader.TryRead(out var item))
                            {
                                batch.Add(item);
                            }
                            else if (!await channel.Reader.WaitToReadAsync(window.Token))
                            {
                                break;
                            }
                        }
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                    }
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                var result = await ingestion.IngestAsync(actor, batch, partial: true, ct);
                batches++;
                accepted += result.Accepted;
                rejected += result.Rejected;
                nonconforming += result.Nonconforming;
                await StartAsync();
                await http.Response.WriteAsync(JsonSerializer.Serialize(new { batch = batches, result }, json.Value.SerializerOptions) + "\n", ct);
                await http.Response.Body.FlushAsync(ct);
                batch.Clear();
            }

            await producer;
            if (tooLong is not null)
            {
                if (!http.Response.HasStarted)
                {
                    return TypedResults.Problem(detail: "line: " + tooLong.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Line too long",
                        extensions: new Dictionary<string, object?> { ["field"] = "line", ["line"] = tooLong.Line, ["limit"] = tooLong.Limit });
                }

                await http.Response.WriteAsync(JsonSerializer.Serialize(new { done = false, batches, accepted, rejected, nonconforming, error = "line: " + tooLong.Message, line = tooLong.Line, limit = tooLong.Limit },
                    json.Value.SerializerOptions) + "\n", CancellationToken.None);
                return TypedResults.Empty;
            }

            await StartAsync();
            await http.Response.WriteAsync(JsonSerializer.Serialize(new { done = true, batches, accepted, rejected, nonconforming }, json.Value.SerializerOptions) + "\n", ct);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            await StartAsync();
            await http.Response.WriteAsync(JsonSerializer.Serialize(new { done = false, batches, accepted, rejected, nonconforming, error = e.Message }, json.Value.SerializerOptions) + "\n", CancellationToken.None);
        }

        return TypedResults.Empty;
    }

    internal static async Task<Results<Ok<Paged<EventView>>, ValidationProblem>> Events(HttpContext http, GqDbContext db, string? office, Guid? lot, string? kind, bool? undispatched,
        int? page, int? pageSize, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var query = db.Set<SupervisionEvent>().AsNoTracking();
        if (kind is { Length: > 0 })
        {
            var k = v.Enum<SupervisionEventKind>("kind", kind);
            query = query.Where(e => e.Kind == k);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        query = Visible(query, actor, office);

        if (lot is { } l)
        {
            query = query.Where(e => e.LotId == l);
        }

        if (undispatched == true)
        {
            query = query.Where(e => e.DispatchedAt == null);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(e => e.At).ThenBy(e => e.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<EventView>([.. items.Select(e => new EventView(e.Id, e.At, WireNames.Of(e.Kind), e.OfficeCode, e.Uscc, e.LotId, e.LotNumber, e.Parameter,
            e.Value, e.Unit, e.RequirementId, e.Detail, e.DispatchedAt))], p, size, total));
    }

    private static async Task<Results<Ok<Paged<ReceivedEventView>>, ValidationProblem>> ReceivedEvents(HttpContext http, GqDbContext db, string? office,
        int? page, int? pageSize, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!actor.IsOfficial && !actor.Roles.HasFlag(UserRoles.System))
        {
            return TypedResults.Ok(new Paged<ReceivedEventView>([], p, size, 0));
        }

        var (items, total) = await NonconformityRaisedHandler.ListAsync(db, office, p, size, ct);
        return TypedResults.Ok(new Paged<ReceivedEventView>([.. items], p, size, total));
    }

    private static async Task<Results<Created<VideoView>, ValidationProblem, ProblemHttpResult>> AddVideo(HttpContext http, GqDbContext db, TimeProvider clock, IOptions<SupervisionOptions> options,
        VideoStorage storage, Guid id, VideoRequest request, CancellationToken ct)
    {
        var (lot, problem) = await FindLot(db, Actor.From(http.User), id, write: true, ct);
        if (lot is null)
        {
            return problem!;
        }

        var v = new Validation();
        var camera = v.Required("camera", request.Camera, 64);
        var uri = v.Required("uri", request.Uri, 2048);
        var sha = (request.Sha256 ?? "").Trim().ToLowerInvariant();
        if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))
        {
            v.Add("sha256", "must be 64 hexadecimal characters");
        }

        if (request.From is null || request.To is null || request.To <= request.From)
        {
            v.Add("to", "from and to are required, and to must be after from");
        }

        if (uri.Length > 0 && ResolveVideo(uri, options.Value, storage) is { Error: { } error })
        {
            v.Add("uri", error);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        var video = VideoReference.Create(Ids.New(clock), lot.Id, camera, request.From!.Value, request.To!.Value, uri, sha, clock.GetUtcNow());
        db.Add(video);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/supervision/lots/{lot.Id}/videos/{video.Id}", View(video));
    }

    private static async Task<Results<Ok<VideoView[]>, ProblemHttpResult>> Videos(HttpContext http, GqDbContext db, Guid id, CancellationToken ct)
    {
        var (lot, problem) = await FindLot(db, Actor.From(http.User), id, write: false, ct);
        if (lot is null)
        {
            return problem!;
        }

        // Bounded like a page of any list: the first Paging.MaxPageSize references of the lot.
        var items = await db.Set<VideoReference>().AsNoTracking().Where(x => x.LotId == id).OrderBy(x => x.From).Take(Paging.MaxPageSize).ToListAsync(ct);
        return TypedResults.Ok(items.Select(View).ToArray());
    }

    private static (Uri? Uri, string? Path, string? Error) ResolveVideo(string text, SupervisionOptions options, VideoStorage storage)
    {
        if (!System.Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return (null, null, "must be an absolute URI (file:, http: or https:)");
        }

        if (uri.Scheme is "http" or "https")
        {
            return storage.Refusal(uri) is { } refusal ? (null, null, refusal) : (uri, null, null);
        }

        if (uri.Scheme != "file")
        {
            return (null, null, $"scheme '{uri.Scheme}' is not supported: use file:, http: or https:");
        }

        var root = Path.GetFullPath(options.VideoRoot) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(uri.LocalPath);
        return path.StartsWith(root, StringComparison.Ordinal)
            ? (uri, path, null)
            : (null, null, $"a file: URI must point into the node's video folder ({root})");
    }

    /// <summary>Reads the video into a temporary file while hashing it; the caller serves the file only when the hash matches.</summary>
    private static async Task<(VideoCheckView Check, FileStream? Content)> Verify(GqDbContext db, TimeProvider clock, SupervisionOptions options, VideoStorage storage, SupervisedLot lot,
        VideoReference video, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (uri, path, error) = ResolveVideo(video.Uri, options, storage);
        FileStream? temp = null;
        string? actual = null;
        long? bytes = null;
        if (error is null)
        {
            try
            {
                await using var source = path is not null
                    ? File.OpenRead(path)
                    : await storage.OpenAsync(uri!, ct);
                temp = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer, ct)) > 0)
                {
                    if (temp.Length + read > storage.MaxBytes)
                    {
                        throw new VideoRefusedException(storage.TooLarge());
                    }

                    hash.AppendData(buffer, 0, read);
                    await temp.WriteAsync(buffer.AsMemory(0, read), ct);
                }

                actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                bytes = temp.Length;
                temp.Position = 0;
            }
            catch (VideoRefusedException e)
            {
                error = "the video is refused: " + e.Message;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or UnauthorizedAccessException)
            {
                error = "the video cannot be read: " + e.Message;
            }

            if (error is not null && temp is not null)
            {
                await temp.DisposeAsync();
                temp = null;
            }
        }

        var passed = error is null && actual == video.Sha256;
        var tracked = await db.Set<VideoReference>().FirstAsync(v => v.Id == video.Id, ct);
        tracked.Checked(passed, now);
        if (!passed)
        {
            db.Add(SupervisionEvent.Create(Ids.New(clock), now, SupervisionEventKind.VideoIntegrityFailure, lot, null, null, null, null,
                $"video {video.Id} of camera {video.Camera} ({video.Uri}): {error ?? $"SHA-256 is {actual}, registered {video.Sha256}"}"));
            if (temp is not null)
            {
                await temp.DisposeAsync();
                temp = null;
            }
        }

        await db.SaveChangesAsync(ct);
        return (new VideoCheckView(video.Id, passed, video.Sha256, actual, bytes, now, passed ? null : error ?? "the SHA-256 does not match: the video was altered or replaced"), temp);
    }

    private static async Task<Results<Ok<VideoCheckView>, ProblemHttpResult>> CheckVideo(HttpContext http, GqDbContext db, TimeProvider clock, IOptions<SupervisionOptions> options, VideoStorage storage,
        Guid id, Guid videoId, CancellationToken ct)
    {
        var (lot, problem) = await FindLot(db, Actor.From(http.User), id, write: false, ct);
        if (lot is null)
        {
            return problem!;
        }

        var video = await db.Set<VideoReference>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == videoId && v.LotId == id, ct);
        if (video is null)
        {
            return Problems.NotFound("video", videoId.ToString());
        }

        var (check, content) = await Verify(db, clock, options.Value, storage, lot, video, ct);
        if (content is not null)
        {
            await content.DisposeAsync();
        }

        return TypedResults.Ok(check);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> VideoContent(HttpContext http, GqDbContext db, TimeProvider clock, IOptions<SupervisionOptions> options, VideoStorage storage,
        Guid id, Guid videoId, CancellationToken ct)
    {
        var (lot, problem) = await FindLot(db, Actor.From(http.User), id, write: false, ct);
        if (lot is null)
        {
            return problem!;
        }

        var video = await db.Set<VideoReference>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == videoId && v.LotId == id, ct);
        if (video is null)
        {
            return Problems.NotFound("video", videoId.ToString());
        }

        var (check, content) = await Verify(db, clock, options.Value, storage, lot, video, ct);
        if (content is null)
        {
            // Unreadable or refused (the reference itself is at fault) names the uri; a read video with another hash names the sha256.
            return Problems.Conflict(check.Actual is null ? "uri" : "sha256", check.Problem ?? "integrity check failed",
                new Dictionary<string, object?> { ["expected"] = check.Expected, ["actual"] = check.Actual });
        }

        http.Response.Headers["X-Content-SHA256"] = check.Actual;
        return TypedResults.Stream(content, "application/octet-stream", fileDownloadName: null);
    }

    /// <summary>What the actor may list: an enterprise its own rows, officials and systems all (optionally one office's), anyone else nothing.</summary>
    private static IQueryable<T> Visible<T>(IQueryable<T> query, Actor actor, string? office)
        where T : class, IOfficeScoped
    {
        if (actor.EnterpriseId is { } own)
        {
            query = query.Where(x => x.EnterpriseId == own);
        }
        else if (!actor.IsOfficial && !actor.Roles.HasFlag(UserRoles.System))
        {
            query = query.Where(_ => false);
        }

        return office is { Length: > 0 } ? query.Where(x => x.OfficeCode == office) : query;
    }
}
