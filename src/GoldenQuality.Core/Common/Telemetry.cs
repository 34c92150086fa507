namespace GoldenQuality.Common;

/// <summary>The node's own OpenTelemetry meter, exported on <c>/metrics</c> with ASP.NET Core's (docs/operations.md, "Monitoring").</summary>
public static class Telemetry
{
    public const string MeterName = "GoldenQuality";
}
