namespace GoldenQuality.Exchange.Contracts;

/// <summary>
/// Whom an office reports to, as the exchange needs it to let an officer send for the offices under its own.
/// Exchange owns this contract; the Registry implements and registers it (the arrow points Registry → Exchange).
/// </summary>
public interface IOfficeHierarchy
{
    /// <summary>True when <paramref name="superior"/> is in the chain of command of <paramref name="office"/> (both codes).</summary>
    Task<bool> ReportsToAsync(string office, string superior, CancellationToken ct);
}
