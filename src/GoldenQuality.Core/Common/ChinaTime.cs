namespace GoldenQuality.Common;

/// <summary>
/// China Standard Time (UTC+8, no daylight saving): the time people read on the screens and the paper permits.
/// Times are stored and exchanged in UTC; only what a person reads is shown in China's time, with the zone named.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset Of(DateTimeOffset at) => at.ToOffset(Offset);
}
