using GoldenQuality.Common;

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
    private readonly PublishedLists published;

    internal CodeListsSnapshot(CodeSnapshot snapshot, PublishedLists published)
    {
        this.snapshot = snapshot;
        this.published = published;
    }

    /// <summary>
    /// Why <paramref name="code"/> is not valid in <paramref name="system"/> on the day (no version in force, not in
    /// the list, or outside its validity), or null when it is. A code the code tables' subset lacks is still valid when
    /// the complete published list of the version in force has it (HS 2022 subheadings, with any four national digits
    /// for China's tariff; ISO 3166-1; ISO 4217).
    /// </summary>
    public Message? Check(string system, string code, DateOnly on)
    {
        var version = snapshot.InForce(system, on);
        if (version is null)
        {
            return new Message("code.no-version", system, CodeMessages.ListName(system));
        }

        var problem = version.CheckCode(code, on);
        if (problem is null || published.Has(system, version.Ref.Version, code))
        {
            return null;
        }

        if (system == "cn-tariff" && version.Ref.Version == "2022" && problem.Code == "code.not-in-list")
        {
            return code.Length == 10 && code.All(char.IsAsciiDigit)
                ? new Message("code.tariff-not-hs", code, version.Ref.ToString(), code[..6], CodeMessages.ListName(system))
                : new Message("code.tariff-format", code, version.Ref.ToString(), CodeMessages.ListName(system));
        }

        return problem;
    }

    /// <summary>The codes of the version of <paramref name="system"/> in force on the day (none when no version is), in code order.</summary>
    public IEnumerable<(string Code, string Description, bool Illustrative)> Entries(string system, DateOnly on) =>
        snapshot.InForce(system, on) is { } version
            ? version.Codes.Values.Where(e => (e.ValidFrom is not { } from || from <= on) && (e.ValidTo is not { } to || on <= to))
                .OrderBy(e => e.Code, StringComparer.Ordinal).Select(e => (e.Code, e.Description, version.Status == ListStatus.Illustrative))
            : [];
}
