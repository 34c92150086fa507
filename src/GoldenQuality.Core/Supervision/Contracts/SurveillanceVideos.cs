using System.Security.Cryptography;
using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Supervision.Contracts;

/// <summary>A video read and hashed, served only when its SHA-256 matches: the check, and the content (the caller disposes it).</summary>
public sealed record VerifiedVideo(VideoCheckView Check, Stream Content);

/// <summary>Surveillance videos of a lot: reference one (camera, time range, URI, SHA-256), list them, check one, serve one.</summary>
public sealed class SurveillanceVideos
{
    private readonly GqDbContext db;
    private readonly TimeProvider clock;
    private readonly SupervisionOptions options;
    private readonly VideoStorage storage;

    internal SurveillanceVideos(GqDbContext db, TimeProvider clock, IOptions<SupervisionOptions> options, VideoStorage storage)
    {
        this.db = db;
        this.clock = clock;
        this.options = options.Value;
        this.storage = storage;
    }

    public async Task<HandlerResult<VideoView>> AddAsync(Actor actor, Guid lotId, VideoRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (lot, problem) = await SupervisionQueries.FindLotAsync(db, actor, lotId, write: true, ct);
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
            v.Add("sha256", new Message("supervision.sha256-format"));
        }

        if (request.From is null || request.To is null || request.To <= request.From)
        {
            v.Add("to", new Message("supervision.video.window"));
        }

        if (uri.Length > 0 && VideoLocation.Resolve(uri, options.VideoRoot, storage) is { Error: { } error })
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
        return SupervisionQueries.View(video);
    }

    /// <summary>The lot's first <see cref="Paging.MaxPageSize"/> video references, by start time.</summary>
    public async Task<HandlerResult<VideoView[]>> ListAsync(Actor actor, Guid lotId, CancellationToken ct)
    {
        var (lot, problem) = await SupervisionQueries.FindLotAsync(db, actor, lotId, write: false, ct);
        if (lot is null)
        {
            return problem!;
        }

        var items = await db.Set<VideoReference>().AsNoTracking().Where(x => x.LotId == lotId).OrderBy(x => x.From).Take(Paging.MaxPageSize).ToListAsync(ct);
        return items.Select(SupervisionQueries.View).ToArray();
    }

    /// <summary>Reads the video and compares its SHA-256 with the registered one; a failure is an event for the office.</summary>
    public async Task<HandlerResult<VideoCheckView>> CheckAsync(Actor actor, Guid lotId, Guid videoId, CancellationToken ct)
    {
        var (check, content, problem) = await VerifyAsync(actor, lotId, videoId, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (content is not null)
        {
            await content.DisposeAsync();
        }

        return check!;
    }

    /// <summary>The video, only after its SHA-256 matches; a mismatch (or an unreadable video) is a 409 naming the field at fault.</summary>
    public async Task<HandlerResult<VerifiedVideo>> OpenAsync(Actor actor, Guid lotId, Guid videoId, CancellationToken ct)
    {
        var (check, content, problem) = await VerifyAsync(actor, lotId, videoId, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (content is null)
        {
            // Unreadable or refused (the reference itself is at fault) names the uri; a read video with another hash names the sha256.
            return Problems.Conflict(check!.Actual is null ? "uri" : "sha256", check.Reason ?? new Message("supervision.video.integrity-failed"),
                new Dictionary<string, object?> { ["expected"] = check.Expected, ["actual"] = check.Actual });
        }

        return new VerifiedVideo(check!, content);
    }

    private async Task<(VideoCheckView? Check, FileStream? Content, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem)> VerifyAsync(
        Actor actor, Guid lotId, Guid videoId, CancellationToken ct)
    {
        var (lot, problem) = await SupervisionQueries.FindLotAsync(db, actor, lotId, write: false, ct);
        if (lot is null)
        {
            return (null, null, problem);
        }

        var video = await db.Set<VideoReference>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == videoId && v.LotId == lotId, ct);
        if (video is null)
        {
            return (null, null, Problems.NotFound(new Message("noun.video"), videoId.ToString()));
        }

        var (check, content) = await VerifyAsync(lot, video, ct);
        return (check, content, null);
    }

    /// <summary>Reads the video into a temporary file while hashing it; the file is kept only when the hash matches.</summary>
    private async Task<(VideoCheckView Check, FileStream? Content)> VerifyAsync(SupervisedLot lot, VideoReference video, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (temp, actual, bytes, error) = await ReadAsync(video, ct);
        var passed = error is null && actual == video.Sha256;
        var tracked = await db.Set<VideoReference>().FirstAsync(v => v.Id == video.Id, ct);
        tracked.Checked(passed, now);
        if (!passed)
        {
            db.Add(SupervisionEvent.Create(Ids.New(clock), now, SupervisionEventKind.VideoIntegrityFailure, lot, null, null, null, null,
                (error is null
                    ? new Message("supervision.video.altered", video.Id, video.Camera, video.Uri, actual, video.Sha256)
                    : new Message("supervision.video.unreadable", video.Id, video.Camera, video.Uri, error)).Store(SupervisionEvent.MaxDetail)));
            if (temp is not null)
            {
                await temp.DisposeAsync();
                temp = null;
            }
        }

        await db.SaveChangesAsync(ct);
        var problem = passed ? null : error ?? new Message("supervision.video.hash-mismatch");
        return (new VideoCheckView(video.Id, passed, video.Sha256, actual, bytes, now, problem?.ToString()) { Reason = problem }, temp);
    }

    /// <summary>The video copied to a temporary file (positioned at its start), its SHA-256 and length; or why it could not be read.</summary>
    private async Task<(FileStream? Temp, string? Actual, long? Bytes, Message? Error)> ReadAsync(VideoReference video, CancellationToken ct)
    {
        var (uri, path, error) = VideoLocation.Resolve(video.Uri, options.VideoRoot, storage);
        if (error is not null)
        {
            return (null, null, null, error);
        }

        FileStream? temp = null;
        try
        {
            await using var source = path is not null ? File.OpenRead(path) : await storage.OpenAsync(uri!, ct);
            temp = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            var actual = await CopyHashingAsync(source, temp, ct);
            temp.Position = 0;
            return (temp, actual, temp.Length, null);
        }
        catch (VideoRefusedException e)
        {
            error = new Message("supervision.video.refused", e.Reason);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or UnauthorizedAccessException)
        {
            error = new Message("supervision.video.cannot-read", e.Message);
        }

        if (temp is not null)
        {
            await temp.DisposeAsync();
        }

        return (null, null, null, error);
    }

    private async Task<string> CopyHashingAsync(Stream source, FileStream temp, CancellationToken ct)
    {
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

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
