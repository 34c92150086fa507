using System.Text;

namespace GoldenQuality.Tests.Architecture;

/// <summary>
/// The architecture as rules: the modules of <c>src/GoldenQuality.Core</c> (a folder and namespace each) and the
/// modules each may use. The architecture tests hold the code to this table, in both directions (an arrow the code
/// does not have is an error too, so the table and the diagram generated from it are the code's real shape), and
/// <c>docs/architecture.md</c> shows the diagram generated from it (decision 0011).
/// </summary>
internal static class ModuleRules
{
    /// <summary>Modules every other module may use (except where a rule says otherwise): shared kernel and the one DbContext.</summary>
    public static readonly string[] Foundation = ["Common", "Persistence"];

    /// <summary>
    /// Modules whose public types others may use directly: the foundation, and the host (the demo builds nodes with it).
    /// A use of any other module must go through its <c>Contracts</c> namespace.
    /// </summary>
    public static readonly string[] Open = ["Common", "Persistence", "Hosting"];

    /// <summary>The composition root and the command line: they wire modules and may name each module's own classes.</summary>
    public static readonly string[] CompositionRoots = ["Hosting", "Cli"];

    /// <summary>Each module and the modules it uses, bottom to top. Foundation modules are listed where used.</summary>
    public static readonly (string Module, string[] Uses)[] Modules =
    [
        ("Common", []),
        ("Persistence", ["Common"]),
        ("Identity", ["Common", "Persistence"]),
        ("Audit", ["Common", "Persistence", "Identity"]),
        ("Exchange", ["Common", "Persistence", "Identity", "Audit"]),
        ("Registry", ["Common", "Persistence", "Identity", "Audit", "Exchange"]),
        ("Accountability", ["Common", "Persistence", "Identity", "Exchange"]),
        ("Codes", ["Common", "Persistence", "Identity"]),
        ("Standards", ["Common", "Persistence", "Identity"]),
        ("Ministries", ["Common", "Persistence", "Identity", "Audit", "Exchange", "Accountability", "Registry", "Codes"]),
        ("Quality", ["Common", "Persistence", "Identity", "Exchange", "Registry", "Standards"]),
        ("Alerts", ["Common", "Persistence", "Identity", "Exchange", "Registry", "Codes", "Standards"]),
        ("Supervision", ["Common", "Persistence", "Identity", "Exchange", "Registry", "Standards", "Ministries", "Alerts"]),
        ("Certificates", ["Common", "Persistence", "Identity", "Audit", "Exchange", "Registry", "Alerts"]),
        ("Clearance", ["Common", "Persistence", "Identity", "Exchange", "Registry", "Ministries", "Certificates"]),
        ("International", ["Common", "Persistence", "Identity", "Exchange", "Registry", "Codes", "Certificates"]),
        ("Declarations", ["Common", "Persistence", "Identity", "Exchange", "Registry", "Codes", "Standards", "Ministries", "Quality", "Supervision", "Certificates", "Clearance", "Alerts", "International", "Accountability"]),
        ("Web", ["Common", "Identity", "Exchange", "Accountability", "Registry", "Codes", "Standards", "Ministries", "Quality", "Alerts", "Supervision", "Certificates", "Clearance", "International", "Declarations"]),
        ("Hosting", ["Common", "Persistence", "Identity", "Audit", "Exchange", "Accountability", "Registry", "Codes", "Standards", "Ministries", "Quality", "Alerts", "Supervision", "Certificates", "Clearance", "International", "Declarations", "Web"]),
        ("Demo", ["Common", "Persistence", "Identity", "Audit", "Exchange", "Accountability", "Registry", "Ministries", "Declarations", "Hosting"]),
        ("Cli", ["Common", "Persistence", "Identity", "Audit", "Exchange", "Accountability", "Registry", "Codes", "Standards", "Hosting", "Demo"]),
    ];

    public static bool MayUse(string from, string to) =>
        from == to || Modules.Any(m => m.Module == from && m.Uses.Contains(to, StringComparer.Ordinal));

    /// <summary>The module of a type's namespace (<c>GoldenQuality.Registry.Contracts</c> → <c>Registry</c>), or null outside the product.</summary>
    public static string? ModuleOf(string? ns)
    {
        if (ns is null || !ns.StartsWith("GoldenQuality.", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns["GoldenQuality.".Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    public static bool IsContract(string? ns, string module) =>
        ns is not null && (ns == $"GoldenQuality.{module}.Contracts" || ns.StartsWith($"GoldenQuality.{module}.Contracts.", StringComparison.Ordinal));

    /// <summary>The module graph as Mermaid (foundation arrows left out: every module may use Common and Persistence).</summary>
    public static string Mermaid()
    {
        var b = new StringBuilder();
        b.Append("```mermaid\nflowchart TD\n");
        foreach (var (module, uses) in Modules)
        {
            if (Foundation.Contains(module, StringComparer.Ordinal))
            {
                continue;
            }

            // Only the arrows a module needs beyond what its used modules already reach, so the picture stays readable;
            // the full table is in tests/GoldenQuality.Tests/Architecture/ModuleRules.cs.
            var direct = uses.Where(u => !Foundation.Contains(u, StringComparer.Ordinal)).ToArray();
            var reduced = direct.Where(u => !direct.Any(v => v != u && Reaches(v, u))).ToArray();
            if (reduced.Length == 0)
            {
                b.Append("    ").Append(module).Append('\n');
            }

            foreach (var used in reduced)
            {
                b.Append("    ").Append(module).Append(" --> ").Append(used).Append('\n');
            }
        }

        b.Append("```\n");
        return b.ToString();
    }

    /// <summary>True when <paramref name="from"/> uses <paramref name="to"/> directly or through other modules.</summary>
    public static bool Reaches(string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([from]);
        while (stack.TryPop(out var m))
        {
            foreach (var u in Modules.FirstOrDefault(x => x.Module == m).Uses ?? [])
            {
                if (u == to)
                {
                    return true;
                }

                if (seen.Add(u))
                {
                    stack.Push(u);
                }
            }
        }

        return false;
    }
}
