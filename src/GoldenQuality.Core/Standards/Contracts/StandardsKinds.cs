namespace GoldenQuality.Standards.Contracts;

/// <summary>What kind of body issued a standard (Standardization Law of the PRC, art. 2).</summary>
public enum StandardKind
{
    /// <summary>A national standard (GB, GB/T), issued by the State.</summary>
    National,
    /// <summary>An industry standard, issued by a ministry for its sector.</summary>
    Industry,
    /// <summary>A local standard (DB), issued by a province for its own territory.</summary>
    Provincial,
    /// <summary>An enterprise's own standard (Q/...): catalogued, never a regulatory limit.</summary>
    Enterprise,
}

/// <summary>How a requirement limits a measured value.</summary>
public enum LimitKind
{
    /// <summary>The value must not exceed the upper limit.</summary>
    Max,
    /// <summary>The value must not fall below the lower limit.</summary>
    Min,
    /// <summary>The value must lie between the lower and the upper limit, both included.</summary>
    Range,
    /// <summary>The substance must not be detected: the value must stay below the method's limit of detection (or be 0 when none is given).</summary>
    NotDetected,
}
