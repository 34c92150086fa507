using System.Globalization;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Standards.Contracts;

namespace GoldenQuality.Supervision;

/// <summary>
/// Who may read and write a lot: an enterprise its own lots; a system client any lot; officials read every lot
/// (they write none: measurements and videos come from the enterprise or its devices).
/// </summary>
internal static class LotAccess
{
    public static bool MayWrite(Actor actor, Guid enterpriseId) => actor.EnterpriseId == enterpriseId || actor.Roles.HasFlag(UserRoles.System);

    public static bool MayRead(Actor actor, Guid enterpriseId) => actor.CanRead(enterpriseId) || actor.Roles.HasFlag(UserRoles.System);

    /// <summary>True when the actor may act for an enterprise it names by USCC (an official or a system client).</summary>
    public static bool MayActForOthers(Actor actor) => actor.Roles.HasFlag(UserRoles.System) || actor.IsOfficial;

    /// <summary>True when the actor may list lines, lots and events of enterprises other than its own.</summary>
    public static bool MayListOthers(Actor actor) => actor.IsOfficial || actor.Roles.HasFlag(UserRoles.System);
}

/// <summary>Where a video reference may point, and where it is read from.</summary>
internal static class VideoLocation
{
    /// <summary>
    /// The reference resolved: an http(s) URI the video storage accepts, or a <c>file:</c> URI inside the node's
    /// video folder (with its full path); otherwise the reason it is refused.
    /// </summary>
    public static (Uri? Uri, string? Path, Common.Message? Error) Resolve(string text, string videoRoot, VideoStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return (null, null, new Common.Message("video.uri.not-absolute"));
        }

        if (uri.Scheme is "http" or "https")
        {
            return storage.Refusal(uri) is { } refusal ? (null, null, refusal) : (uri, null, null);
        }

        if (uri.Scheme != "file")
        {
            return (null, null, new Common.Message("video.uri.scheme", uri.Scheme));
        }

        var root = System.IO.Path.GetFullPath(videoRoot) + System.IO.Path.DirectorySeparatorChar;
        var path = System.IO.Path.GetFullPath(uri.LocalPath);
        return path.StartsWith(root, StringComparison.Ordinal)
            ? (uri, path, null)
            : (null, null, new Common.Message("video.uri.outside-folder", root));
    }
}

/// <summary>How a nonconformity names the limit it broke (e.g. <c>max 0.2 mg/kg</c>), in the event and in the message to the office.</summary>
internal static class LimitText
{
    public static string Of(LimitKind kind, double? lower, double? upper, string unit) => kind switch
    {
        LimitKind.Max => $"max {Num(upper)} {unit}",
        LimitKind.Min => $"min {Num(lower)} {unit}",
        LimitKind.Range => $"range {Num(lower)}..{Num(upper)} {unit}",
        _ => upper is { } lod ? $"not detected (below {Num(lod)} {unit})" : "not detected",
    };

    /// <summary>The limit as a coded message (its English rendering is <see cref="Of"/>).</summary>
    public static Common.Message Message(LimitKind kind, double? lower, double? upper, string unit) => kind switch
    {
        LimitKind.Max => new("supervision.limit.max", Num(upper), unit),
        LimitKind.Min => new("supervision.limit.min", Num(lower), unit),
        LimitKind.Range => new("supervision.limit.range", Num(lower), Num(upper), unit),
        _ => upper is { } lod ? new("supervision.limit.not-detected-below", Num(lod), unit) : new("supervision.limit.not-detected"),
    };

    public static string Num(double? v) => v?.ToString("G", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>How a measurement batch is stored: <c>atomic</c> (the default: any bad record refuses the batch) or <c>partial</c> (the valid records are stored).</summary>
internal static class IngestMode
{
    /// <summary>True for partial, false for atomic (also when no mode is given), null for anything else.</summary>
    public static bool? Partial(string? mode) => mode switch
    {
        null or "" or "atomic" => false,
        "partial" => true,
        _ => null,
    };
}
