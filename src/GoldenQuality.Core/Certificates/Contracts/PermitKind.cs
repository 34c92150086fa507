namespace GoldenQuality.Certificates.Contracts;

public enum PermitKind
{
    /// <summary>The inspection permit the inspecting CIQ office issues on a pass.</summary>
    Inspection,

    /// <summary>The customs clearance permit the port CIQ office issues for Customs.</summary>
    Clearance,
}
