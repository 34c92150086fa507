using GoldenQuality.Cli;

namespace GoldenQuality.Tests.Infrastructure;

/// <summary>Runs a <c>gq</c> command in process, as the command line would, and returns its exit code and what it printed.</summary>
public static class TestCli
{
    public static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await GqCli.Build().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }
}
