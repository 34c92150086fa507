using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using GoldenQuality.Exchange;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace GoldenQuality.Cli;

/// <summary><c>gq federation ...</c>, <c>gq exchange retry</c> and <c>gq log verify</c>.</summary>
internal static class FederationCommands
{
    public static Command Federation()
    {
        var federation = new Command("federation", "Builds, signs and shows the signed federation directory (the trust anchor).");

        var authority = new Option<string>("--authority") { Description = "The authority node's id, e.g. GQ/GOV/AQSIQ/national.", Required = true };
        var endpoint = new Option<string>("--endpoint") { Description = "The node's base URL, e.g. https://gq.aqsiq.example:443.", Required = true };
        var key = new Option<string>("--key") { Description = "The node's key file (PEM; a private key file is created if missing).", Required = true };
        var offices = new Option<string>("--offices") { Description = "Comma-separated office codes hosted on the node; a trailing * is a prefix (CIQ-*).", DefaultValueFactory = _ => "" };
        var output = new Option<string>("--out") { Description = "The file to write.", Required = true };
        var tlsPin = new Option<string>("--tls-pin")
        {
            Description = "The pin of the node's TLS certificate (base64 SHA-256 of its SubjectPublicKeyInfo); by default that of --key, from which gq derives its certificate.",
        };
        var init = new Command("init", "Starts a directory whose only node is the authority.") { authority, endpoint, key, offices, output, tlsPin };
        init.SetAction(parse =>
        {
            using var k = NodeKeys.LoadOrCreate(parse.GetValue(key)!);
            var id = parse.GetValue(authority)!;
            if (!Parties.IsWellFormed(id) || Parties.OfficeOf(id) is not null)
            {
                Console.Error.WriteLine($"--authority: '{id}' is not a node id of the form GQ/<class>/<agency>/<node>.");
                return 2;
            }

            if (CheckTransport(parse.GetValue(endpoint)!, parse.GetValue(tlsPin)) is { } error)
            {
                parse.InvocationConfiguration.Error.WriteLine(error);
                return 2;
            }

            var now = DateTimeOffset.UtcNow;
            var publicKey = NodeKeys.PublicKey(k);
            var directory = new FederationDirectoryDocument(1, now, now.AddDays(30), id,
                [new DirectoryMember(Parties.MemberOf(id), Parties.MemberOf(id))],
                [new DirectoryNode(id, parse.GetValue(endpoint)!, publicKey, Split(parse.GetValue(offices)), parse.GetValue(tlsPin) ?? PeerTransport.PinOfPublicKey(publicKey))], [], []);
            Write(parse.GetValue(output)!, directory);
            return 0;
        });

        var input = new Option<string>("--in") { Description = "The directory JSON file to change (it is rewritten with the version increased).", Required = true };
        var nodeId = new Option<string>("--id") { Description = "The node's id, GQ/<class>/<agency>/<node>.", Required = true };
        var memberName = new Option<string>("--member-name") { Description = "The member's display name, if the member is new." };
        var add = new Command("add-node", "Adds a node (or replaces the node with that id) with its endpoint, public key and hosted offices.")
        {
            input, nodeId, endpoint, key, offices, memberName, tlsPin,
        };
        add.SetAction(parse =>
        {
            var file = parse.GetValue(input)!;
            var directory = Read(file);
            var id = parse.GetValue(nodeId)!;
            if (!Parties.IsWellFormed(id) || Parties.OfficeOf(id) is not null)
            {
                Console.Error.WriteLine($"--id: '{id}' is not a node id of the form GQ/<class>/<agency>/<node>.");
                return 2;
            }

            if (CheckTransport(parse.GetValue(endpoint)!, parse.GetValue(tlsPin)) is { } error)
            {
                parse.InvocationConfiguration.Error.WriteLine(error);
                return 2;
            }

            using var k = ECDsa.Create();
            k.ImportFromPem(File.ReadAllText(parse.GetValue(key)!));
            var publicKey = NodeKeys.PublicKey(k);
            var node = new DirectoryNode(id, parse.GetValue(endpoint)!, publicKey, Split(parse.GetValue(offices)), parse.GetValue(tlsPin) ?? PeerTransport.PinOfPublicKey(publicKey));
            var members = directory.Members.Any(m => m.Id == Parties.MemberOf(id))
                ? directory.Members
                : [.. directory.Members, new DirectoryMember(Parties.MemberOf(id), parse.GetValue(memberName) ?? Parties.MemberOf(id))];
            var changed = directory with
            {
                Version = directory.Version + 1,
                Members = members,
                Nodes = [.. directory.Nodes.Where(n => n.Id != id), node],
            };
            if (changed.ClaimConflicts() is [_, ..] conflicts)
            {
                parse.InvocationConfiguration.Error.WriteLine($"--offices: {string.Join("; ", conflicts)}; a node claims an office only if no other node claims it alike (a longer prefix or an exact code may narrow another node's prefix).");
                return 2;
            }

            Write(file, changed);
            return 0;
        });

        var validDays = new Option<int>("--valid-days") { Description = "How long the signed directory is valid, from now.", DefaultValueFactory = _ => 30 };
        var sign = new Command("sign", "Signs the directory with the authority's key (JWS, ES256).") { input, key, output, validDays };
        sign.SetAction(parse =>
        {
            var directory = Read(parse.GetValue(input)!);
            using var k = NodeKeys.LoadOrCreate(parse.GetValue(key)!);
            var authorityNode = directory.Nodes.FirstOrDefault(n => n.Id == directory.Authority);
            if (authorityNode is null || authorityNode.PublicKey != NodeKeys.PublicKey(k))
            {
                Console.Error.WriteLine($"--key: the key is not the one the directory lists for its authority {directory.Authority}.");
                return 2;
            }

            if (directory.ClaimConflicts() is [_, ..] conflicts)
            {
                parse.InvocationConfiguration.Error.WriteLine($"--in: {string.Join("; ", conflicts)}.");
                return 2;
            }

            var now = DateTimeOffset.UtcNow;
            File.WriteAllText(parse.GetValue(output)!, DirectorySigning.Sign(directory with { ValidFrom = now.AddMinutes(-5), ValidTo = now.AddDays(parse.GetValue(validDays)) }, k));
            return 0;
        });

        var signed = new Option<string>("--in") { Description = "The signed directory (directory.jws).", Required = true };
        var anchor = new Option<string>("--authority-key")
        {
            Description = "The trust anchor: the authority's key (PEM) to verify the signature with. Without it the signature is only checked " +
                          "against the key the directory itself names for its authority, which anyone can forge: the output says so.",
        };
        var show = new Command("show", "Verifies a signed directory and prints its members, nodes and agreements.") { signed, anchor };
        show.SetAction(parse =>
        {
            var jws = File.ReadAllText(parse.GetValue(signed)!).Trim();
            if (!Jws.TryRead(jws, out _, out var payload))
            {
                Console.Error.WriteLine("--in: not a signed directory (JWS).");
                return 1;
            }

            var unverified = JsonSerializer.Deserialize<FederationDirectoryDocument>(payload, DirectorySigning.Json)!;
            using var k = ECDsa.Create();
            if (parse.GetValue(anchor) is { } anchorFile)
            {
                k.ImportFromPem(File.ReadAllText(anchorFile));
            }
            else
            {
                k.ImportSubjectPublicKeyInfo(Convert.FromBase64String(unverified.Nodes.First(n => n.Id == unverified.Authority).PublicKey), out _);
            }

            FederationDirectoryDocument directory;
            try
            {
                directory = DirectorySigning.Verify(jws, k, DateTimeOffset.UtcNow);
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine($"Not valid: {e.Message}");
                return 1;
            }

            var trust = parse.GetValue(anchor) is null
                ? "signature NOT checked against a trust anchor (it matches only the key the directory names for its own authority, which anyone can forge); give --authority-key to verify it."
                : "signature verified with the authority key given (--authority-key).";
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Directory version {directory.Version}, authority {directory.Authority}, valid {directory.ValidFrom:u} to {directory.ValidTo:u}: {trust}"));
            var nodes = new Table().AddColumn("Node").AddColumn("Endpoint").AddColumn("Offices").AddColumn("TLS pin (SHA-256 SPKI)");
            foreach (var n in directory.Nodes)
            {
                nodes.AddRow(Markup.Escape(n.Id), Markup.Escape(n.Endpoint), Markup.Escape(string.Join(", ", n.Offices)), Markup.Escape(PeerTransport.PinOf(n)));
            }

            AnsiConsole.Write(nodes);
            var agreements = new Table().AddColumn("Agreement").AddColumn("Provider → consumers").AddColumn("Covers").AddColumn("Fields").AddColumn("Valid to");
            foreach (var a in directory.Agreements)
            {
                agreements.AddRow(Markup.Escape(a.Id), Markup.Escape($"{a.Provider} → {string.Join(", ", a.Consumers)}"),
                    Markup.Escape(string.Join(", ", a.MessageTypes.Concat(a.Datasets))), Markup.Escape(string.Join(", ", a.AllowedFields)),
                    a.ValidTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(agreements);
            return 0;
        });

        federation.Subcommands.Add(init);
        federation.Subcommands.Add(add);
        federation.Subcommands.Add(sign);
        federation.Subcommands.Add(show);
        return federation;
    }

    public static Command Exchange()
    {
        var config = GqCli.ConfigOption();
        var db = GqCli.DbOption();
        var id = new Option<Guid?>("--id") { Description = "The dead letter's outbox row id (see GET /api/exchange/dead-letters)." };
        var all = new Option<bool>("--all") { Description = "Retry every dead letter." };
        var retry = new Command("retry", "Puts dead letters back in the outbox; the running node sends them again.") { config, db, id, all };
        retry.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(id) is null == !parse.GetValue(all))
            {
                Console.Error.WriteLine("Give either --id ID or --all.");
                return 2;
            }

            await using var app = GqCli.BuildOffline(parse.GetValue(config), parse.GetValue(db));
            await using var scope = app.Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            var target = parse.GetValue(id);
            var rows = await context.Set<OutboxMessage>().Where(o => o.Status == OutboxStatus.Dead && (target == null || o.Id == target)).ToListAsync(ct);
            if (target is not null && rows.Count == 0)
            {
                Console.Error.WriteLine($"No dead letter {target}.");
                return 1;
            }

            rows.ForEach(r => r.Retry(clock.GetUtcNow()));
            await context.SaveChangesAsync(ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} dead letter(s) back in the outbox."));
            return 0;
        });
        return new Command("exchange", "Exchange operations.") { retry };
    }

    public static Command Log()
    {
        var config = GqCli.ConfigOption();
        var db = GqCli.DbOption();
        var witnesses = new Option<bool>("--witnesses") { Description = "Also check the chain against every statement the node's peers signed of its checkpoints." };
        var verify = new Command("verify", "Proves the message log's hash chain and signed checkpoints intact, or names the first broken entry (exit 1).") { config, db, witnesses };
        verify.SetAction(async (parse, ct) =>
        {
            await using var app = GqCli.BuildOffline(parse.GetValue(config), parse.GetValue(db));
            await using var scope = app.Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            var output = parse.InvocationConfiguration.Output;
            if (!await VerifyMessageLogAsync(scope.ServiceProvider, output, ct))
            {
                return 1;
            }

            if (!parse.GetValue(witnesses))
            {
                return 0;
            }

            var head = await context.Set<MessageLogEntry>().OrderByDescending(e => e.Sequence).Select(e => (long?)e.Sequence).FirstOrDefaultAsync(ct) ?? 0;
            var check = await scope.ServiceProvider.GetRequiredService<ILogWitnesses>().VerifyAsync(WitnessedLog.Message, ct);
            return PrintWitnesses(output, check, head);
        });
        return new Command("log", "Message log tools.") { verify };
    }

    /// <summary>Verifies the node's message log and prints "Intact: ..." or "BROKEN at entry ...": true when intact.</summary>
    internal static async Task<bool> VerifyMessageLogAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var context = services.GetRequiredService<GqDbContext>();
        var node = services.GetRequiredService<ExchangeNode>();
        var entries = await context.Set<MessageLogEntry>().LongCountAsync(ct);
        if (await MessageLog.VerifyAsync(context, node.Enabled ? node : null, ct) is { } broken)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BROKEN at entry {broken.Sequence}: {broken.Reason}."));
            return false;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Intact: {entries} entries, every hash and checkpoint verified."));
        return true;
    }

    /// <summary>
    /// Prints what the witnesses signed of a log (<c>gq log verify --witnesses</c>, <c>gq audit verify --witnesses</c>):
    /// statements, peers, the last witnessed sequence and the entries after it; exit 1 naming the first sequence where the
    /// chain differs from what a peer signed.
    /// </summary>
    internal static int PrintWitnesses(TextWriter output, WitnessCheck check, long head)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(check);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Witnesses: {check.Statements} statement(s) from {check.Peers} peer(s); last witnessed entry: {(check.LastWitnessedSequence is { } l ? l.ToString(CultureInfo.InvariantCulture) : "none")}; entries not yet witnessed: {Math.Max(0, head - (check.LastWitnessedSequence ?? 0))}."));
        if (!check.Intact)
        {
            output.WriteLine(check.FirstMismatchSequence is { } s
                ? string.Create(CultureInfo.InvariantCulture, $"DIFFERS from its witnesses at entry {s}: {check.Reason}.")
                : $"WITNESS CHECK FAILED: {check.Reason}.");
            return 1;
        }

        output.WriteLine(check.Statements == 0 ? "No peer has witnessed this log yet." : "Every statement verifies and names the hash the chain has.");
        return 0;
    }

    /// <summary>The endpoint must be an https URL (the node's mutual-TLS peer listener), the pin a base64 SHA-256.</summary>
    private static string? CheckTransport(string endpoint, string? pin)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            return $"--endpoint: '{endpoint}' is not an https:// URL (nodes talk over mutual TLS; http:// only for loopback development).";
        }

        Span<byte> bytes = stackalloc byte[48];
        if (pin is not null && (!Convert.TryFromBase64String(pin, bytes, out var length) || length != 32))
        {
            return $"--tls-pin: '{pin}' is not a base64 SHA-256 (32 bytes).";
        }

        return null;
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static FederationDirectoryDocument Read(string file) =>
        JsonSerializer.Deserialize<FederationDirectoryDocument>(File.ReadAllText(file), DirectorySigning.Json)
        ?? throw new InvalidDataException($"{file} is empty.");

    private static void Write(string file, FederationDirectoryDocument directory) =>
        File.WriteAllText(file, JsonSerializer.Serialize(directory, DirectorySigning.Json));
}
