namespace GoldenQuality.Common;

/// <summary>Creates the platform's identifiers: UUIDv7, so that ids sort by creation time.</summary>
public static class Ids
{
    /// <summary>A new UUIDv7 stamped with the given clock's current time.</summary>
    public static Guid New(TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow());
}
