using System.Buffers;
using System.Globalization;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Supervision.Contracts;

/// <summary>A batch of measurements as sent: <c>?mode=</c> (atomic, partial), the content type (JSON or CSV), the declared length and the body.</summary>
public sealed record MeasurementUpload(string? Mode, string? ContentType, long? ContentLength, Stream Body);

/// <summary>
/// Ingests a batch of measurements (JSON <c>{measurements:[...]}</c> or CSV): atomic by default, so that any bad
/// record refuses the batch (422, with every record's errors); in partial mode the valid records are stored.
/// </summary>
public sealed class MeasurementIntake
{
    private readonly Ingestion ingestion;
    private readonly SupervisionOptions options;

    internal MeasurementIntake(Ingestion ingestion, IOptions<SupervisionOptions> options)
    {
        this.ingestion = ingestion;
        this.options = options.Value;
    }

    public async Task<HandlerResult<IngestResult>> IngestAsync(Actor actor, MeasurementUpload upload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (IngestMode.Partial(upload.Mode) is not { } partial)
        {
            return TypedResults.Problem(detail: "mode: must be atomic (the default) or partial", statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                extensions: new Dictionary<string, object?> { ["field"] = "mode" });
        }

        var contentType = upload.ContentType ?? "";
        var csv = contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(detail: "Send application/json ({\"measurements\": [...]}) or text/csv (lot,device,sensor,parameter,value,unit,at); for NDJSON use /measurements/stream.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        var (read, problem) = await ReadBatchAsync(upload, csv, ct);
        if (read is null)
        {
            return problem!;
        }

        using var batch = read;
        var result = await ingestion.IngestAsync(actor, batch, partial, ct);
        if (!result.Stored && result.Errors.Length > 0)
        {
            return TypedResults.Problem(
                detail: string.Create(CultureInfo.InvariantCulture, $"{result.Rejected} of {result.Received} measurement(s) are invalid; {(partial ? "none was valid" : "nothing was stored (the request is atomic; ?mode=partial stores the valid ones)")}."),
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Invalid measurements",
                extensions: new Dictionary<string, object?> { ["errors"] = result.Errors, ["received"] = result.Received, ["rejected"] = result.Rejected });
        }

        return result;
    }

    /// <summary>The body read (within the size limit) and parsed, within the batch limit.</summary>
    private async Task<(PooledList<RawMeasurement>? Batch, ProblemHttpResult? Problem)> ReadBatchAsync(MeasurementUpload upload, bool csv, CancellationToken ct)
    {
        var (body, length, problem) = await ReadBodyAsync(upload, options.MaxBodyBytes, ct);
        if (body is null)
        {
            return (null, problem);
        }

        PooledList<RawMeasurement> batch;
        try
        {
            // The records hold strings of their own, not slices of the body: the buffer goes back to the pool here.
            batch = csv ? MeasurementParsing.Csv(body.AsMemory(0, length)) : MeasurementParsing.Json(body.AsMemory(0, length));
        }
        catch (MalformedBodyException e)
        {
            return (null, TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Malformed body",
                extensions: new Dictionary<string, object?> { ["field"] = "body", ["line"] = e.Line }));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }

        if (batch.Count is var count && count > options.MaxBatch)
        {
            batch.Dispose();
            return (null, TooLarge(string.Create(CultureInfo.InvariantCulture, $"the batch has {count} measurements; at most {options.MaxBatch} are accepted per request")));
        }

        return (batch, null);
    }

    /// <summary>
    /// The body in a buffer from the shared pool (the caller returns it), sized by the declared length when there is one:
    /// a batch of 10,000 measurements is about 2 MB, and a fresh array that size per request would be a large-object
    /// allocation each time.
    /// </summary>
    private static async Task<(byte[]? Body, int Length, ProblemHttpResult? Problem)> ReadBodyAsync(MeasurementUpload upload, long limit, CancellationToken ct)
    {
        if (upload.ContentLength > limit)
        {
            return (null, 0, TooLarge(string.Create(CultureInfo.InvariantCulture, $"the body has {upload.ContentLength} bytes; at most {limit} are accepted per request")));
        }

        // One byte more than declared, so that the end of the body is seen without growing the buffer.
        var buffer = ArrayPool<byte>.Shared.Rent(upload.ContentLength is { } declared ? (int)declared + 1 : 81920);
        var length = 0;
        try
        {
            int read;
            while ((read = await upload.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0, TooLarge(string.Create(CultureInfo.InvariantCulture, $"the body exceeds {limit} bytes")));
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, 2L * buffer.Length));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return (buffer, length, null);
    }

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large", extensions: new Dictionary<string, object?> { ["field"] = "measurements" });
}
