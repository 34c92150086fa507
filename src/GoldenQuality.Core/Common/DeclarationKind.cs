namespace GoldenQuality.Common;

/// <summary>
/// The direction of the goods a declaration, and the permits issued on it, are about. Shared vocabulary: the
/// declaration (Declarations) and the signed permit document (Certificates) both carry it.
/// </summary>
public enum DeclarationKind
{
    Export,
    Import,
}
