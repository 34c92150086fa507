using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GoldenQuality.Standards.Contracts;
using NRules;
using NRules.RuleModel;
using NRules.RuleModel.Builders;
using RE = RulesEngine;

namespace GoldenQuality.Benchmarks;

/// <summary>The peers' rule sets, built in code from the generated workload's governing limits.</summary>
internal static class StandardsPeers
{
    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>One RulesEngine workflow per (product, parameter) cell with one lambda rule: the value lies within the limit.</summary>
    public static RE.Models.Workflow[] RulesEngineWorkflows(List<StandardsWorkload.Cell> cells, int count) =>
        [.. cells.Take(count).Select((c, i) => new RE.Models.Workflow
        {
            WorkflowName = "c" + i.ToString(CultureInfo.InvariantCulture),
            Rules =
            [
                new RE.Models.Rule
                {
                    RuleName = "limit",
                    RuleExpressionType = RE.Models.RuleExpressionType.LambdaExpression,
                    Expression = (double.IsFinite(c.Lower) ? $"input1.Value >= {Num(c.Lower)}" : "true") + " AND " + (double.IsFinite(c.Upper) ? $"input1.Value <= {Num(c.Upper)}" : "true"),
                },
            ],
        })];

    /// <summary>Forces RulesEngine to compile every workflow (it compiles on first use).</summary>
    public static async Task<RE.RulesEngine> RulesEngineCompiledAsync(RE.Models.Workflow[] workflows)
    {
        // RulesEngine caches compiled rules in a size-limited cache (1,000 entries by default); with more workflows it
        // evicts and recompiles on every call (~6 ms per check), so the cache is sized for the whole rule set.
        var engine = new RE.RulesEngine(workflows, new RE.Models.ReSettings { CacheConfig = new RE.HelperFunctions.MemCacheConfig { SizeLimit = workflows.Length * 4 } });
        var probe = new StandardsWorkload.Fact { Value = 0 };
        foreach (var w in workflows)
        {
            await engine.ExecuteAllRulesAsync(w.WorkflowName, probe);
        }

        return engine;
    }

    public sealed class Nonconformities
    {
        public long Count;
    }

    /// <summary>NRules rules built with the rule model's builders: one rule per cell, firing when the value is outside its limit.</summary>
    public static List<IRuleDefinition> NRulesDefinitions(List<StandardsWorkload.Cell> cells, int count, Nonconformities sink)
    {
        var rules = new List<IRuleDefinition>(count);
        var m = Expression.Parameter(typeof(StandardsWorkload.Fact), "m");
        var ctx = Expression.Parameter(typeof(IContext), "ctx");
        for (var i = 0; i < count; i++)
        {
            var c = cells[i];
            var builder = new RuleBuilder();
            builder.Name("c" + i.ToString(CultureInfo.InvariantCulture));
            var pattern = builder.LeftHandSide().Pattern(typeof(StandardsWorkload.Fact), "m");
            var value = Expression.Property(m, nameof(StandardsWorkload.Fact.Value));
            var outside = Expression.OrElse(Expression.LessThan(value, Expression.Constant(c.Lower)), Expression.GreaterThan(value, Expression.Constant(c.Upper)));
            var condition = Expression.AndAlso(Expression.Equal(Expression.Property(m, nameof(StandardsWorkload.Fact.Cell)), Expression.Constant(i)), outside);
            pattern.Condition(Expression.Lambda(condition, m));
            Expression<Action<IContext, StandardsWorkload.Fact>> action = (ctx, m) => Interlocked.Increment(ref sink.Count);
            builder.RightHandSide().Action(action);
            rules.Add(builder.Build());
        }

        _ = ctx;
        return rules;
    }
}

/// <summary>
/// Checks per second and allocations: our compiled index on the full 10-million-measurement workload, the peers on
/// the largest rule subsets they compile in reasonable time (see docs/benchmarks-standards.md).
/// Run: dotnet run -c Release --project bench/GoldenQuality.Benchmarks -- --filter *StandardsEngineBenchmarks* --job short
/// </summary>
[MemoryDiagnoser]
public class StandardsEngineBenchmarks
{
    public const int RulesEngineRules = 10_000;
    public const int RulesEngineChecks = 20_000;
    public const int NRulesRules = 10_000;
    public const int NRulesChecks = 2_000;

    private StandardsIndex index = null!;
    private StandardsWorkload.Arrays arrays = null!;
    private RE.RulesEngine rulesEngine = null!;
    private string[] workflowNames = [];
    private StandardsWorkload.Fact[] facts = [];
    private ISessionFactory nrules = null!;
    private StandardsPeers.Nonconformities sink = new();

    [GlobalSetup(Target = nameof(GoldenQualityCheck))]
    public void SetupOurs()
    {
        index = StandardsIndex.Compile(StandardsWorkload.Snapshot);
        arrays = StandardsWorkload.Generate(index, StandardsWorkload.Measurements, 2);
    }

    [GlobalSetup(Target = nameof(RulesEngineCheck))]
    public void SetupRulesEngine()
    {
        index = StandardsIndex.Compile(StandardsWorkload.Snapshot);
        var cells = StandardsWorkload.Cells(index);
        var workflows = StandardsPeers.RulesEngineWorkflows(cells, RulesEngineRules);
        var watch = Stopwatch.StartNew();
        rulesEngine = StandardsPeers.RulesEngineCompiledAsync(workflows).GetAwaiter().GetResult();
        Console.WriteLine($"// RulesEngine compiled {RulesEngineRules} rules in {watch.Elapsed.TotalSeconds:F1} s");
        workflowNames = [.. workflows.Select(w => w.WorkflowName)];
        facts = StandardsWorkload.Facts(cells, RulesEngineRules, RulesEngineChecks, 3);
    }

    [GlobalSetup(Target = nameof(NRulesCheck))]
    public void SetupNRules()
    {
        index = StandardsIndex.Compile(StandardsWorkload.Snapshot);
        var cells = StandardsWorkload.Cells(index);
        var watch = Stopwatch.StartNew();
        nrules = new RuleCompiler().Compile(StandardsPeers.NRulesDefinitions(cells, NRulesRules, sink));
        Console.WriteLine($"// NRules compiled {NRulesRules} rules in {watch.Elapsed.TotalSeconds:F1} s");
        facts = StandardsWorkload.Facts(cells, NRulesRules, NRulesChecks, 4);
    }

    /// <summary>Our engine: one check per measurement over the whole 10 million (time-sliced limits, inheritance resolved at compile time).</summary>
    [Benchmark(OperationsPerInvoke = StandardsWorkload.Measurements)]
    public long GoldenQualityCheck()
    {
        var table = index.National;
        var (node, parameter, ticks, value) = (arrays.Node, arrays.Parameter, arrays.Ticks, arrays.Value);
        long nonconforming = 0;
        for (var i = 0; i < node.Length; i++)
        {
            if (table.Check(node[i], parameter[i], ticks[i], value[i], out _) == Verdict.Nonconforming)
            {
                nonconforming++;
            }
        }

        return nonconforming;
    }

    /// <summary>RulesEngine 6.0.1: the measurement's workflow (given, not looked up) evaluated with ExecuteAllRulesAsync.</summary>
    [Benchmark(OperationsPerInvoke = RulesEngineChecks)]
    public async Task<long> RulesEngineCheck()
    {
        long nonconforming = 0;
        foreach (var fact in facts)
        {
            var results = await rulesEngine.ExecuteAllRulesAsync(workflowNames[fact.Cell], fact);
            if (!results[0].IsSuccess)
            {
                nonconforming++;
            }
        }

        return nonconforming;
    }

    /// <summary>NRules 1.0.4: a session per batch; each measurement inserted as a fact, then the agenda fired.</summary>
    [Benchmark(OperationsPerInvoke = NRulesChecks)]
    public long NRulesCheck()
    {
        sink.Count = 0;
        var session = nrules.CreateSession();
        session.InsertAll(facts);
        session.Fire();
        return sink.Count;
    }
}

/// <summary>
/// Cold load: compiling the rule set from the catalogue rows. Ours: all 100,000 requirements. The peers: the subsets
/// they manage in reasonable time (RulesEngine 1,000 workflows here; its 10,000-workflow compile is timed once in
/// <see cref="StandardsEngineBenchmarks"/>'s set-up; NRules 250 and 1,000 rules).
/// Run: dotnet run -c Release --project bench/GoldenQuality.Benchmarks -- --filter *StandardsLoadBenchmarks*
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class StandardsLoadBenchmarks
{
    private List<StandardsWorkload.Cell> cells = [];

    [GlobalSetup]
    public void Setup()
    {
        _ = StandardsWorkload.Snapshot;
        cells = StandardsWorkload.Cells(StandardsIndex.Compile(StandardsWorkload.Snapshot));
    }

    [Benchmark]
    public int GoldenQualityCompile100000() => StandardsIndex.Compile(StandardsWorkload.Snapshot).Groups;

    [Benchmark]
    public async Task<int> RulesEngineCompile1000() => (await StandardsPeers.RulesEngineCompiledAsync(StandardsPeers.RulesEngineWorkflows(cells, 1_000))).GetHashCode();

    [Benchmark]
    public int NRulesCompile250() => new RuleCompiler().Compile(StandardsPeers.NRulesDefinitions(cells, 250, new())).GetHashCode();

    [Benchmark]
    public int NRulesCompile1000() => new RuleCompiler().Compile(StandardsPeers.NRulesDefinitions(cells, 1_000, new())).GetHashCode();
}
