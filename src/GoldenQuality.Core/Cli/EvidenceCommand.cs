using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using GoldenQuality.Exchange;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Cli;

/// <summary><c>gq evidence export</c> (from a node's database) and <c>gq evidence verify</c> (offline, with nothing but the file).</summary>
internal static class EvidenceCommand
{
    public static Command Create()
    {
        var config = GqCli.ConfigOption();
        var db = GqCli.DbOption();
        var caseId = new Option<Guid>("--case") { Description = "The case: the correlation id of its envelopes.", Required = true };
        var envelope = new Option<Guid?>("--envelope") { Description = "Only this envelope of the case (and its receipts)." };
        var output = new Option<string>("--out") { Description = "The file to write.", Required = true };
        var export = new Command("export", "Writes the evidence bundle of one case: envelopes, receipts, the log segment, the signed checkpoint, the witness statements and the signed directory.")
        {
            config, db, caseId, envelope, output,
        };
        export.SetAction(async (parse, ct) =>
        {
            await using var app = GqCli.BuildOffline(parse.GetValue(config), parse.GetValue(db));
            await using var scope = app.Services.CreateAsyncScope();
            var (bundle, field, problem) = await scope.ServiceProvider.GetRequiredService<EvidenceBundles>().ExportAsync(parse.GetValue(caseId), parse.GetValue(envelope), ct);
            if (bundle is null)
            {
                Console.Error.WriteLine($"{(field == "correlationId" ? "--case" : field == "envelope" ? "--envelope" : "--config")}: {problem}.");
                return 1;
            }

            await File.WriteAllTextAsync(parse.GetValue(output)!, JsonSerializer.Serialize(bundle, Json), ct);
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {parse.GetValue(output)}: {bundle.Envelopes.Count} envelope(s), {bundle.Receipts.Count} receipt(s), log entries {bundle.Log[0].Sequence} to {bundle.Log[^1].Sequence}, {bundle.Statements.Count} witness statement(s)."));
            return 0;
        });

        var file = new Argument<string>("file") { Description = "The evidence bundle (JSON)." };
        var authority = new Option<string>("--authority-key") { Description = "The federation authority's public key (PEM, or base64 SubjectPublicKeyInfo): the trust anchor." };
        var verify = new Command("verify", "Verifies an evidence bundle offline: every signature, digest and hash, the log segment against the signed checkpoint, and the witness statements.")
        {
            file, authority,
        };
        verify.SetAction(async (parse, ct) =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var path = parse.GetValue(file)!;
            if (!File.Exists(path) || new FileInfo(path).Length > EvidenceVerifier.MaxBytes)
            {
                writer.WriteLine($"FAILED: {path}: no such file, or larger than {EvidenceVerifier.MaxBytes / (1024 * 1024)} MiB.");
                return 1;
            }

            using var key = parse.GetValue(authority) is { } k ? await ReadKeyAsync(k, ct) : null;
            if (parse.GetValue(authority) is not null && key is null)
            {
                writer.WriteLine("FAILED: --authority-key: not a P-256 public key (PEM file or base64 SubjectPublicKeyInfo).");
                return 1;
            }

            var outcome = EvidenceVerifier.Verify(await File.ReadAllTextAsync(path, ct), key);
            foreach (var line in outcome.Lines)
            {
                writer.WriteLine(line);
            }

            writer.WriteLine(outcome.Verified ? "VERIFIED: the evidence is complete and every signature, digest and hash holds." : $"FAILED: {outcome.Failure}.");
            return outcome.Verified ? 0 : 1;
        });
        return new Command("evidence", "Evidence bundles of a case, for auditors.") { export, verify };
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static async Task<ECDsa?> ReadKeyAsync(string value, CancellationToken ct)
    {
        var key = ECDsa.Create();
        try
        {
            if (File.Exists(value))
            {
                key.ImportFromPem(await File.ReadAllTextAsync(value, ct));
            }
            else
            {
                key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(value), out _);
            }

            return key.KeySize == 256 ? key : Dispose(key);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or CryptographicException)
        {
            return Dispose(key);
        }
    }

    private static ECDsa? Dispose(ECDsa key)
    {
        key.Dispose();
        return null;
    }
}
