namespace GoldenQuality.Codes.Contracts;

/// <summary>The code lists (UN/ECE Rec. 19, ISO 3166-1, …) as other modules check codes against them: which version is in force, and whether a code is valid in it.</summary>
public interface ICodeLists
{
    /// <summary>The code lists as they stand now (one consistent snapshot: check every code of a request against the same one).</summary>
    Task<CodeListsSnapshot> CurrentAsync(CancellationToken ct);
}

/// <summary>One consistent snapshot of the code lists.</summary>
public sealed class CodeListsSnapshot
{
    private readonly CodeSnapshot snapshot;

    internal CodeListsSnapshot(CodeSnapshot snapshot) => this.snapshot = snapshot;

    /// <summary>
    /// Why <paramref name="code"/> is not valid in <paramref name="system"/> on the day (no version in force, not in
    /// the list, or outside its validity), or null when it is.
    /// </summary>
    public string? Check(string system, string code, DateOnly on)
    {
        var version = snapshot.InForce(system, on);
        return version is null ? $"no version of {system} is in force today" : version.CheckCode(code, on);
    }
}
