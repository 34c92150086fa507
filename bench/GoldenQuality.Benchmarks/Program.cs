using BenchmarkDotNet.Running;

if (args is ["exchange", ..]) { Environment.Exit(await GoldenQuality.Benchmarks.ExchangeBench.RunAsync(args[1..])); }

BenchmarkSwitcher.FromAssembly(typeof(GoldenQuality.Benchmarks.ExchangeBench).Assembly).Run(args);
