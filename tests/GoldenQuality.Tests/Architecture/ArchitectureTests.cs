using System.Runtime.CompilerServices;
using ArchUnitNET.Loader;
using GoldenQuality.Hosting;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GoldenQuality.Tests.Architecture;

/// <summary>
/// The module boundaries, read from the compiled assembly (ArchUnitNET on its IL, so every use counts: signatures,
/// method bodies, attributes, generic arguments): the arrows of <see cref="ModuleRules"/> and nothing else, each use
/// of another module through its <c>Contracts</c>, no cycle, no <c>GqDbContext</c> in the web layer, endpoint classes
/// used only by their own module's endpoints, and endpoint methods short.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Lazy<IReadOnlyList<Use>> Uses = new(LoadUses);

    /// <summary>One use of a type of another module, by a type of the product.</summary>
    internal sealed record Use(string FromModule, string FromType, string ToModule, string ToType, string? ToNamespace);

    [Fact]
    public void Every_type_of_the_product_belongs_to_a_module_of_the_rules()
    {
        var types = Architecture().Types.Where(t => ModuleRules.ModuleOf(t.Namespace.FullName) is not null).ToList();
        var unknown = types.Select(t => ModuleRules.ModuleOf(t.Namespace.FullName)!)
            .Where(m => ModuleRules.Modules.All(x => x.Module != m)).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(types.Count > 100, $"only {types.Count} product types were loaded");
        Assert.True(unknown.Count == 0, "modules missing from ModuleRules: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Modules_use_each_other_only_along_the_arrows_of_the_rules()
    {
        var wrong = Uses.Value.Where(u => !ModuleRules.MayUse(u.FromModule, u.ToModule))
            .Select(u => $"{u.FromModule} -> {u.ToModule}: {u.FromType} uses {u.ToType}")
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} uses against the module rules (tests/GoldenQuality.Tests/Architecture/ModuleRules.cs):\n" + string.Join('\n', wrong.Take(80)));
    }

    [Fact]
    public void Every_arrow_of_the_rules_is_one_the_code_has()
    {
        var actual = Uses.Value.Select(u => (u.FromModule, u.ToModule)).ToHashSet();
        var unused = ModuleRules.Modules.SelectMany(m => m.Uses.Select(u => (m.Module, u)))
            .Where(a => !actual.Contains(a)).Select(a => $"{a.Module} -> {a.u}").ToList();
        Assert.True(unused.Count == 0, "arrows in ModuleRules that the code does not have (remove them, so the diagram is the code's shape): " + string.Join(", ", unused));
    }

    [Fact]
    public void A_module_uses_another_only_through_its_contracts()
    {
        var wrong = Uses.Value
            .Where(u => !ModuleRules.Open.Contains(u.ToModule, StringComparer.Ordinal))
            .Where(u => !ModuleRules.CompositionRoots.Contains(u.FromModule, StringComparer.Ordinal))
            .Where(u => !ModuleRules.IsContract(u.ToNamespace, u.ToModule))
            .Select(u => $"{u.FromType} ({u.FromModule}) uses {u.ToType}, not in {u.ToModule}.Contracts")
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} uses of another module's internals:\n" + string.Join('\n', wrong.Take(80)));
    }

    [Fact]
    public void The_module_graph_has_no_cycle()
    {
        var edges = Uses.Value.Select(u => (u.FromModule, u.ToModule)).Distinct().ToLookup(e => e.FromModule, e => e.ToModule);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        string? cycle = null;

        void Visit(string m)
        {
            state[m] = 1;
            path.Add(m);
            foreach (var next in edges[m])
            {
                if (cycle is not null)
                {
                    return;
                }

                if (state.GetValueOrDefault(next) == 1)
                {
                    cycle = string.Join(" -> ", path.SkipWhile(p => p != next).Append(next));
                    return;
                }

                if (state.GetValueOrDefault(next) == 0)
                {
                    Visit(next);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[m] = 2;
        }

        foreach (var m in edges.Select(g => g.Key).Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(m) == 0 && cycle is null)
            {
                Visit(m);
            }
        }

        Assert.True(cycle is null, "cycle between modules: " + cycle);
    }

    [Fact]
    public void The_web_layer_never_uses_the_database()
    {
        var wrong = Uses.Value.Where(u => u.FromModule == "Web" && u.ToModule == "Persistence")
            .Select(u => $"{u.FromType} uses {u.ToType}").Distinct(StringComparer.Ordinal).ToList();
        Assert.True(wrong.Count == 0, "the web layer reaches the database (pages call use-case handlers instead):\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void Endpoint_classes_are_used_only_by_their_own_module_wiring()
    {
        var wrong = AllUses()
            .Where(u => IsEndpointClass(u.ToType) && !IsEndpointClass(u.FromType))
            .Where(u => !(u.FromModule == u.ToModule && TopLevel(u.FromType).EndsWith("Module", StringComparison.Ordinal)))
            .Select(u => $"{u.FromType} uses {u.ToType}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.True(wrong.Count == 0, "endpoint classes used outside the endpoints (call the use-case handler instead):\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void Endpoint_methods_are_short()
    {
        const int MaxLines = 25;
        var path = typeof(GqHost).Assembly.Location;
        using var module = ModuleDefinition.ReadModule(path, new ReaderParameters { ReadSymbols = true });
        var tooLong = new List<string>();
        foreach (var type in module.Types.Where(t => t.Name.EndsWith("Endpoints", StringComparison.Ordinal)))
        {
            foreach (var method in type.Methods.Where(m => m.HasBody && !m.Name.StartsWith("Map", StringComparison.Ordinal) && !m.Name.StartsWith('<')))
            {
                var points = SequencePoints(method).ToList();
                if (points.Count == 0)
                {
                    continue;
                }

                var lines = points.Max(p => p.EndLine) - points.Min(p => p.StartLine) + 1;
                var name = $"{type.Namespace}.{type.Name}.{method.Name}";
                if (lines > MaxLines)
                {
                    tooLong.Add($"{name}: {lines} lines");
                }
            }
        }

        Assert.True(tooLong.Count == 0, $"endpoint methods longer than {MaxLines} lines (move the logic into a use-case handler):\n" + string.Join('\n', tooLong));
    }

    [Fact]
    public void The_module_diagram_in_docs_is_generated_from_the_rules()
    {
        var doc = DocPath();
        var text = File.ReadAllText(doc).ReplaceLineEndings("\n");
        const string Begin = "<!-- module-graph:begin -->\n";
        const string End = "<!-- module-graph:end -->";
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/architecture.md has no module-graph markers");
        var expected = ModuleRules.Mermaid();
        var current = text[(start + Begin.Length)..end];
        if (current != expected && Environment.GetEnvironmentVariable("GQ_WRITE_ARCHITECTURE") == "1")
        {
            File.WriteAllText(doc, text[..(start + Begin.Length)] + expected + text[end..]);
            return;
        }

        Assert.True(current == expected,
            "the module diagram in docs/architecture.md is not the one the rules give; run the architecture tests with GQ_WRITE_ARCHITECTURE=1 to regenerate it:\n" + expected);
    }

    [Fact]
    public void The_rules_themselves_form_no_cycle_and_name_only_known_modules()
    {
        var names = ModuleRules.Modules.Select(m => m.Module).ToHashSet(StringComparer.Ordinal);
        foreach (var (module, uses) in ModuleRules.Modules)
        {
            Assert.All(uses, u => Assert.Contains(u, names));
            Assert.False(ModuleRules.Reaches(module, module), $"{module} reaches itself through the rules");
        }
    }

    private static bool IsEndpointClass(string fullName) => TopLevel(fullName).EndsWith("Endpoints", StringComparison.Ordinal);

    /// <summary>The top-level type of a (possibly nested or generic) type name: <c>A.B+C`1</c> → <c>A.B</c>.</summary>
    private static string TopLevel(string fullName)
    {
        var plus = fullName.IndexOf('+', StringComparison.Ordinal);
        var name = plus < 0 ? fullName : fullName[..plus];
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    private static IEnumerable<SequencePoint> SequencePoints(MethodDefinition method)
    {
        // An async or iterator method's body is its state machine's MoveNext.
        var machine = method.CustomAttributes.FirstOrDefault(a =>
            a.AttributeType.Name is nameof(AsyncStateMachineAttribute) or nameof(IteratorStateMachineAttribute));
        var body = machine?.ConstructorArguments[0].Value is TypeReference t
            ? t.Resolve().Methods.First(m => m.Name == "MoveNext")
            : method;
        return body.DebugInformation.SequencePoints.Where(p => !p.IsHidden);
    }

    private static string DocPath([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "docs", "architecture.md"));

    private static ArchUnitNET.Domain.Architecture Architecture() => LoadedArchitecture.Value;

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> LoadedArchitecture =
        new(() => new ArchLoader().LoadAssemblies(typeof(GqHost).Assembly).Build());

    private static IEnumerable<Use> AllUses()
    {
        foreach (var type in Architecture().Types)
        {
            var from = ModuleRules.ModuleOf(type.Namespace?.FullName);
            if (from is null || type is ArchUnitNET.Domain.GenericParameter)
            {
                continue;
            }

            foreach (var dependency in type.Dependencies)
            {
                var target = dependency.Target;
                if (target is ArchUnitNET.Domain.GenericParameter)
                {
                    // A generic parameter (TEnum) is no module's type; ArchUnitNET names it after a method that declares one.
                    continue;
                }

                var to = ModuleRules.ModuleOf(target?.Namespace?.FullName);
                if (to is null)
                {
                    continue;
                }

                yield return new Use(from, type.FullName, to, target!.FullName, target.Namespace.FullName);
            }
        }
    }

    private static List<Use> LoadUses() => AllUses().Where(u => u.FromModule != u.ToModule).ToList();
}
