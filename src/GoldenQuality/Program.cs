using GoldenQuality.Cli;

return await GqCli.RunAsync(args);
