using System.Text.Json;
using System.Threading.Channels;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Supervision;

/// <summary>
/// One long-lived NDJSON measurement stream: a producer reads the body line by line into a bounded channel; the
/// consumer takes micro-batches (at most 100 ms of waiting, at most <c>MaxBatch</c> lines), ingests each in
/// partial mode and writes one NDJSON result line per micro-batch, then a summary. A line longer than the limit
/// ends the stream: a 413 problem when nothing was answered yet, otherwise a last line naming it.
/// </summary>
internal sealed class MeasurementStreaming(Ingestion ingestion, IOptions<SupervisionOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private sealed class Totals
    {
        public int Batches { get; set; }

        public long Accepted { get; set; }

        public long Rejected { get; set; }

        public long Nonconforming { get; set; }
    }

    public async Task<Results<EmptyHttpResult, ProblemHttpResult>> RunAsync(HttpContext http, Actor actor, CancellationToken ct)
    {
        // A long-lived stream has no overall size; each line is bounded instead, and each micro-batch by MaxBatch.
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = null;
        // A sensor may send a line a minute: Kestrel's minimum body data rate (240 bytes/s) would cut such a stream off.
        http.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttpMinRequestBodyDataRateFeature>()?.MinDataRate = null;
        var maxBatch = Math.Min(options.Value.MaxBatch, 10_000);
        var channel = Channel.CreateBounded<RawMeasurement>(new BoundedChannelOptions(maxBatch * 2) { SingleReader = true, SingleWriter = true });
        LineTooLongException? tooLong = null;
        var producer = Task.Run(async () => tooLong = await ProduceAsync(http, channel.Writer, ct), ct);
        var totals = new Totals();
        try
        {
            await ConsumeAsync(http, actor, channel.Reader, maxBatch, totals, ct);
            await producer;
            if (tooLong is not null)
            {
                return await RefuseLineAsync(http, tooLong, totals);
            }

            await StartAsync(http, ct);
            await WriteAsync(http, new { done = true, batches = totals.Batches, accepted = totals.Accepted, rejected = totals.Rejected, nonconforming = totals.Nonconforming }, ct);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            await StartAsync(http, ct);
            await WriteAsync(http, new { done = false, batches = totals.Batches, accepted = totals.Accepted, rejected = totals.Rejected, nonconforming = totals.Nonconforming, error = e.Message },
                CancellationToken.None);
        }

        return TypedResults.Empty;
    }

    /// <summary>Reads the body's lines into the channel; returns the line that was too long, if one was.</summary>
    private async Task<LineTooLongException?> ProduceAsync(HttpContext http, ChannelWriter<RawMeasurement> writer, CancellationToken ct)
    {
        try
        {
            // Read incrementally from the body's pipe: a line longer than the limit is refused before it is buffered whole.
            var lines = new NdjsonLines(http.Request.BodyReader, options.Value.MaxLineBytes);
            while (await lines.ReadLineAsync(ct) is { } text)
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    await writer.WriteAsync(Parse(text, lines.Line), ct);
                }
            }

            writer.Complete();
            return null;
        }
        catch (LineTooLongException e)
        {
            writer.Complete();
            return e;
        }
        catch (Exception e)
        {
            writer.Complete(e);
            return null;
        }
    }

    private static RawMeasurement Parse(string text, int line)
    {
        try
        {
            return JsonSerializer.Deserialize(text, MeasurementJson.Default.MeasurementRecord) is { } r
                ? MeasurementParsing.From(r, line)
                : new RawMeasurement(line, null, null, null, null, null, null, null, null, "the line is not a JSON object");
        }
        catch (JsonException e)
        {
            return new RawMeasurement(line, null, null, null, null, null, null, null, null, "malformed JSON: " + e.Message);
        }
    }

    private async Task ConsumeAsync(HttpContext http, Actor actor, ChannelReader<RawMeasurement> reader, int maxBatch, Totals totals, CancellationToken ct)
    {
        var batch = new List<RawMeasurement>(maxBatch);
        while (await reader.WaitToReadAsync(ct))
        {
            await TakeAsync(reader, batch, maxBatch, ct);
            if (batch.Count == 0)
            {
                continue;
            }

            var result = await ingestion.IngestAsync(actor, batch, partial: true, ct);
            totals.Batches++;
            totals.Accepted += result.Accepted;
            totals.Rejected += result.Rejected;
            totals.Nonconforming += result.Nonconforming;
            await StartAsync(http, ct);
            await WriteAsync(http, new { batch = totals.Batches, result }, ct);
            await http.Response.Body.FlushAsync(ct);
            batch.Clear();
        }
    }

    /// <summary>Takes what has arrived, waiting at most 100 ms for more, so that a slow sensor's data is still checked promptly.</summary>
    private static async Task TakeAsync(ChannelReader<RawMeasurement> reader, List<RawMeasurement> batch, int maxBatch, CancellationToken ct)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
        window.CancelAfter(TimeSpan.FromMilliseconds(100));
        try
        {
            while (batch.Count < maxBatch)
            {
                if (reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
                else if (!await reader.WaitToReadAsync(window.Token))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    private async Task<Results<EmptyHttpResult, ProblemHttpResult>> RefuseLineAsync(HttpContext http, LineTooLongException tooLong, Totals totals)
    {
        if (!http.Response.HasStarted)
        {
            return TypedResults.Problem(detail: "line: " + tooLong.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Line too long",
                extensions: new Dictionary<string, object?> { ["field"] = "line", ["line"] = tooLong.Line, ["limit"] = tooLong.Limit });
        }

        await WriteAsync(http, new
        {
            done = false, batches = totals.Batches, accepted = totals.Accepted, rejected = totals.Rejected, nonconforming = totals.Nonconforming,
            error = "line: " + tooLong.Message, line = tooLong.Line, limit = tooLong.Limit,
        }, CancellationToken.None);
        return TypedResults.Empty;
    }

    /// <summary>The response starts with the first micro-batch's result, so that a stream refused before any batch gets a 413 problem.</summary>
    private static async Task StartAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Response.HasStarted)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/x-ndjson";
            await http.Response.StartAsync(ct);
        }
    }

    private Task WriteAsync<T>(HttpContext http, T line, CancellationToken ct) =>
        http.Response.WriteAsync(JsonSerializer.Serialize(line, json.Value.SerializerOptions) + "\n", ct);
}
