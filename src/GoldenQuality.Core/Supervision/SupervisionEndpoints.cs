using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Supervision.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Supervision;

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

    private static async Task<Results<Created<LineView>, ValidationProblem, ProblemHttpResult>> CreateLine(HttpContext http, ProductionLines lines, LineRequest request, CancellationToken ct) =>
        (await lines.CreateAsync(Actor.From(http.User), request, ct)).ToCreated(l => $"/api/supervision/lines/{l.Id}");

    private static async Task<Ok<LineView[]>> Lines(HttpContext http, ProductionLines lines, string? enterpriseUscc, CancellationToken ct) =>
        TypedResults.Ok(await lines.ListAsync(Actor.From(http.User), enterpriseUscc, ct));

    private static async Task<Results<Created<LotView>, ValidationProblem, ProblemHttpResult>> CreateLot(HttpContext http, SupervisedLots lots, LotRequest request, CancellationToken ct) =>
        (await lots.CreateAsync(Actor.From(http.User), request, ct)).ToCreated(l => $"/api/supervision/lots/{l.Id}");

    private static async Task<Results<Ok<Paged<LotView>>, ValidationProblem>> ListLots(HttpContext http, SupervisedLots lots, string? status, string? office, int? page, int? pageSize,
        CancellationToken ct) =>
        (await lots.ListAsync(Actor.From(http.User), new LotQuery(status, office, page, pageSize), ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<LotView>, ProblemHttpResult>> GetLot(HttpContext http, SupervisedLots lots, Guid id, CancellationToken ct) =>
        (await lots.GetAsync(Actor.From(http.User), id, ct)).ToOkOrProblem();

    private static async Task<Results<Created<RecordView>, ProblemHttpResult>> Complete(HttpContext http, SupervisedLots lots, Guid id, CancellationToken ct) =>
        (await lots.CompleteAsync(Actor.From(http.User), id, ct)).ToCreatedOrProblem(r => $"/api/supervision/records/{r.Number}");

    private static async Task<Results<Ok<RecordView>, ProblemHttpResult>> LotRecord(HttpContext http, SupervisedLots lots, Guid id, CancellationToken ct) =>
        (await lots.RecordOfLotAsync(Actor.From(http.User), id, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<RecordView>, ProblemHttpResult>> RecordByNumber(HttpContext http, SupervisedLots lots, string number, CancellationToken ct) =>
        (await lots.RecordAsync(Actor.From(http.User), number, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<Paged<MeasurementView>>, ValidationProblem, ProblemHttpResult>> LotMeasurements(HttpContext http, SupervisedLots lots, Guid id, int? page, int? pageSize,
        CancellationToken ct) =>
        (await lots.MeasurementsAsync(Actor.From(http.User), id, page, pageSize, ct)).ToOk();

    private static async Task<Results<Ok<IngestResult>, ProblemHttpResult>> Ingest(HttpContext http, MeasurementIntake intake, string? mode, CancellationToken ct) =>
        (await intake.IngestAsync(Actor.From(http.User), new MeasurementUpload(mode, http.Request.ContentType, http.Request.ContentLength, http.Request.Body), ct)).ToOkOrProblem();

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Stream(HttpContext http, MeasurementStreaming streaming, CancellationToken ct)
    {
        var contentType = http.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/x-ndjson", StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith("application/jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(detail: "Send application/x-ndjson: one JSON measurement per line.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        return await streaming.RunAsync(http, Actor.From(http.User), ct);
    }

    private static async Task<Results<Ok<Paged<EventView>>, ValidationProblem>> Events(HttpContext http, SupervisionEvents events, string? office, Guid? lot, string? kind, bool? undispatched,
        int? page, int? pageSize, CancellationToken ct) =>
        (await events.ListAsync(Actor.From(http.User), new EventQuery(office, lot, kind, undispatched, page, pageSize), ct)).ToOkOrInvalid();

    private static async Task<Results<Ok<Paged<ReceivedEventView>>, ValidationProblem>> ReceivedEvents(HttpContext http, SupervisionEvents events, string? office,
        int? page, int? pageSize, CancellationToken ct) =>
        (await events.ReceivedAsync(Actor.From(http.User), office, page, pageSize, ct)).ToOkOrInvalid();

    private static async Task<Results<Created<VideoView>, ValidationProblem, ProblemHttpResult>> AddVideo(HttpContext http, SurveillanceVideos videos, Guid id, VideoRequest request,
        CancellationToken ct) =>
        (await videos.AddAsync(Actor.From(http.User), id, request, ct)).ToCreated(v => $"/api/supervision/lots/{v.Lot}/videos/{v.Id}");

    private static async Task<Results<Ok<VideoView[]>, ProblemHttpResult>> Videos(HttpContext http, SurveillanceVideos videos, Guid id, CancellationToken ct) =>
        (await videos.ListAsync(Actor.From(http.User), id, ct)).ToOkOrProblem();

    private static async Task<Results<Ok<VideoCheckView>, ProblemHttpResult>> CheckVideo(HttpContext http, SurveillanceVideos videos, Guid id, Guid videoId, CancellationToken ct) =>
        (await videos.CheckAsync(Actor.From(http.User), id, videoId, ct)).ToOkOrProblem();

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> VideoContent(HttpContext http, SurveillanceVideos videos, Guid id, Guid videoId, CancellationToken ct)
    {
        var opened = await videos.OpenAsync(Actor.From(http.User), id, videoId, ct);
        if (opened.Value is not { } video)
        {
            return opened.Problem!;
        }

        http.Response.Headers["X-Content-SHA256"] = video.Check.Actual;
        return TypedResults.Stream(video.Content, "application/octet-stream", fileDownloadName: null);
    }
}
