using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GoldenQuality.Codes;
using GoldenQuality.Codes.Adapters;
using GoldenQuality.Common;
using Spectre.Console;

namespace GoldenQuality.Cli;

/// <summary><c>gq adapt</c>: converts a legacy file to canonical records (or back) with a declarative adapter.</summary>
internal static class AdaptCommand
{
    public static Command Create()
    {
        var adapterOption = new Option<FileInfo>("--adapter") { Description = "The adapter definition (JSON), e.g. data/adapters/ciq-zj-legacy-declaration.json.", Required = true };
        var input = new Option<FileInfo>("--in") { Description = "The file to convert: a legacy file, or with --reverse a canonical records file (JSON).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the result: canonical records as JSON, or with --reverse the legacy file." };
        var post = new Option<string>("--post") { Description = "A node's base address (e.g. http://127.0.0.1:5080): posts the canonical records to its /api/codes/records." };
        var apiKey = new Option<string>("--api-key") { Description = "The API key for --post (default: the GQ_API_KEY environment variable)." };
        var rejectsOption = new Option<FileInfo>("--rejects") { Description = "Where to write rejected records with line, column and reason (default: the input file name + .rejects.csv)." };
        var allowRejects = new Option<bool>("--allow-rejects") { Description = "Write or post the good records even when some are rejected (by default nothing is written then)." };
        var reverse = new Option<bool>("--reverse") { Description = "Convert canonical records (JSON) back to the legacy format." };
        var command = new Command("adapt", "Converts a legacy file (CSV, fixed-width or XML) to canonical records with a declarative adapter, or back with --reverse. Exits 1 when the file or any record is refused.")
        {
            adapterOption, input, output, post, apiKey, rejectsOption, allowRejects, reverse,
        };
        command.Validators.Add(result =>
        {
            var hasOut = result.GetValue(output) is not null;
            var hasPost = result.GetValue(post) is not null;
            if (hasOut == hasPost)
            {
                result.AddError("Give exactly one of --out FILE and --post URL.");
            }

            if (hasPost && !Uri.TryCreate(result.GetValue(post), UriKind.Absolute, out _))
            {
                result.AddError($"--post '{result.GetValue(post)}' is not an absolute address such as http://127.0.0.1:5080.");
            }

            if (hasPost && result.GetValue(reverse))
            {
                result.AddError("--reverse writes a legacy file: use --out, not --post.");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var console = parse.InvocationConfiguration.Output;
            Adapter adapter;
            try
            {
                adapter = new Adapter(AdapterDefinition.Load(parse.GetValue(adapterOption)!.FullName));
            }
            catch (Exception e) when (e is AdapterDefinitionException or IOException)
            {
                await console.WriteLineAsync($"adapter: {e.Message}");
                return 2;
            }

            var inFile = parse.GetValue(input)!;
            if (!inFile.Exists)
            {
                await console.WriteLineAsync($"{inFile.Name}: file not found");
                return 2;
            }

            if (parse.GetValue(reverse))
            {
                return await ReverseAsync(console, adapter, inFile, parse.GetValue(output)!, ct);
            }

            var bytes = await File.ReadAllBytesAsync(inFile.FullName, ct);
            AdaptResult result;
            try
            {
                result = await ReadWithProgressAsync(adapter, inFile.Name, bytes);
            }
            catch (AdapterException e)
            {
                await console.WriteLineAsync($"{inFile.Name}:{e.Line}:{e.Column}: {e.Reason}");
                await console.WriteLineAsync("Nothing was converted.");
                return 1;
            }

            var rejectsFile = parse.GetValue(rejectsOption) ?? new FileInfo(inFile.FullName + ".rejects.csv");
            await WriteRejectsAsync(rejectsFile, result.Rejects, ct);
            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{inFile.Name}: {result.Lines} line(s), {result.Records.Count} record(s), {result.Rejects.Count} rejected{(result.Rejects.Count > 0 ? $" (see {rejectsFile.Name})" : "")}."));
            foreach (var reject in result.Rejects.Take(10))
            {
                await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  line {reject.Line}, column {reject.Column}: {reject.Reason}"));
            }

            if (result.Rejects.Count > 0 && !parse.GetValue(allowRejects))
            {
                await console.WriteLineAsync("Nothing was written: fix the rejected records, or pass --allow-rejects to keep the others.");
                return 1;
            }

            var batch = new JsonObject
            {
                ["kind"] = WireNames.Of(adapter.Kind),
                ["source"] = $"adapter:{adapter.Definition.Name}:{inFile.Name}",
                ["records"] = new JsonArray([.. result.Records.Select(r => (JsonNode)r.ToJson())]),
            };
            if (parse.GetValue(output) is { } outFile)
            {
                await File.WriteAllTextAsync(outFile.FullName, batch.ToJsonString(Indented), new UTF8Encoding(false), ct);
                await console.WriteLineAsync($"Wrote {result.Records.Count} {WireNames.Of(adapter.Kind)} record(s) to {outFile.Name}.");
                return result.Rejects.Count > 0 ? 1 : 0;
            }

            var node = new Uri(parse.GetValue(post)!);
            var key = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("GQ_API_KEY");
            using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromMinutes(10) };
            if (!string.IsNullOrEmpty(key))
            {
                http.DefaultRequestHeaders.Add("X-Api-Key", key);
            }

            // Batches keep each request and transaction small; the store is idempotent by record key, so a run
            // that stops half-way is completed by running it again.
            int added = 0, updated = 0, unchanged = 0;
            var all = batch["records"]!.AsArray().ToArray();
            foreach (var chunk in all.Chunk(PostBatchSize))
            {
                var body = new JsonObject
                {
                    ["kind"] = batch["kind"]!.DeepClone(),
                    ["source"] = batch["source"]!.DeepClone(),
                    ["records"] = new JsonArray([.. chunk.Select(r => r!.DeepClone())]),
                };
                using var response = await http.PostAsJsonAsync("/api/codes/records", body, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                {
                    await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{node}: {(int)response.StatusCode} {text}"));
                    await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{added + updated + unchanged} record(s) were stored before this; running again completes the import without duplicates."));
                    return 1;
                }

                var summary = JsonSerializer.Deserialize<UpsertSummary>(text, JsonSerializerOptions.Web)!;
                (added, updated, unchanged) = (added + summary.Added, updated + summary.Updated, unchanged + summary.Unchanged);
            }

            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Posted {all.Length} record(s) to {node}: {added} added, {updated} updated, {unchanged} unchanged."));
            return result.Rejects.Count > 0 ? 1 : 0;
        });
        return command;
    }

    private const int PostBatchSize = 5_000;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task<AdaptResult> ReadWithProgressAsync(Adapter adapter, string name, byte[] bytes)
    {
        // A live display needs a terminal, and Spectre.Console allows one at a time per process: scripts,
        // pipes and tests read without the bar.
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            return adapter.Read(bytes);
        }

        AdaptResult? result = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(name), maxValue: Math.Max(bytes.Length, 1));
                var progress = new Progress<long>(done => task.Value = done);
                result = await Task.Run(() => adapter.Read(bytes, progress));
                task.Value = task.MaxValue;
            });
        return result!;
    }

    private static async Task WriteRejectsAsync(FileInfo file, List<Reject> rejects, CancellationToken ct)
    {
        var text = new StringBuilder("line,column,field,reason,key\n");
        foreach (var r in rejects)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{r.Line},{r.Column},"))
                .Append(StrictCsv.Quote(r.Field ?? "", ',')).Append(',')
                .Append(StrictCsv.Quote(r.Reason, ',')).Append(',')
                .Append(StrictCsv.Quote(r.Key ?? "", ',')).Append('\n');
        }

        await File.WriteAllTextAsync(file.FullName, text.ToString(), new UTF8Encoding(false), ct);
    }

    private static async Task<int> ReverseAsync(TextWriter console, Adapter adapter, FileInfo inFile, FileInfo outFile, CancellationToken ct)
    {
        List<CanonicalRecord> records;
        try
        {
            var batch = JsonNode.Parse(await File.ReadAllTextAsync(inFile.FullName, ct))!.AsObject();
            var kind = WireNames.TryParse<RecordKind>(batch["kind"]?.GetValue<string>(), out var k) ? k : adapter.Kind;
            records = [.. batch["records"]!.AsArray().Select(r => CanonicalRecord.FromJson(kind, r!.AsObject()))];
            for (var i = 0; i < records.Count; i++)
            {
                if (records[i].Validate() is [var (field, reason), ..])
                {
                    await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{inFile.Name}: records[{i}].{field}: {reason}"));
                    return 1;
                }
            }

            await File.WriteAllBytesAsync(outFile.FullName, adapter.Write(records), ct);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            await console.WriteLineAsync($"{inFile.Name}: {e.Message}");
            return 1;
        }

        await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {records.Count} record(s) to {outFile.Name} ({adapter.Definition.Format}, {adapter.Definition.Encoding})."));
        return 0;
    }
}
