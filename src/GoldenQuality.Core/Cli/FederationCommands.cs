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

            using var k = LoadPublic(parse.GetValue(key)!);
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
            var nodes = new Table().AddColumn("Node").AddColumn("Endpoint").AddColumn("Offices").AddColumn("TLS pin (SHA-256 SPKI)").AddColumn("Keys");
            foreach (var n in directory.Nodes)
            {
                var keys = (n.KeyValidFrom is { } keyFrom ? string.Create(CultureInfo.InvariantCulture, $"current from {keyFrom:u}") : "current")
                    + string.Concat((n.PreviousKeys ?? []).Select(p => string.Create(CultureInfo.InvariantCulture,
                        $"; previous {p.Pin[..12]}… {(p.RevokedAt is { } revokedAt && revokedAt <= p.ValidTo ? $"REVOKED from {revokedAt:u}" : $"until {p.ValidTo:u}")}")));
                nodes.AddRow(Markup.Escape(n.Id), Markup.Escape(n.Endpoint), Markup.Escape(string.Join(", ", n.Offices)), Markup.Escape(PeerTransport.PinOf(n)), Markup.Escape(keys));
            }

            AnsiConsole.Write(nodes);
            if (directory.AuthorityChain is { Length: > 0 } chain)
            {
                parse.InvocationConfiguration.Output.WriteLine($"The authority's key has rotated {chain.Length} time(s); each link is signed by the key before it.");
            }

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
        foreach (var command in KeyCommands(input, nodeId, key, tlsPin))
        {
            federation.Subcommands.Add(command);
        }

        return federation;
    }

    /// <summary><c>gq federation key</c>, <c>rotate-key</c>, <c>revoke-key</c> and <c>rotate-authority</c> (decision 0025).</summary>
    private static Command[] KeyCommands(Option<string> input, Option<string> nodeId, Option<string> key, Option<string> tlsPin)
    {
        var show = new Command("key", "Prints a key's public key (base64 SubjectPublicKeyInfo) and TLS pin, creating the private key file if missing: what a node sends the authority to join or rotate.") { key };
        show.SetAction(parse =>
        {
            using var k = LoadPublic(parse.GetValue(key)!);
            var publicKey = NodeKeys.PublicKey(k);
            parse.InvocationConfiguration.Output.WriteLine($"public key: {publicKey}");
            parse.InvocationConfiguration.Output.WriteLine($"TLS pin:    {PeerTransport.PinOfPublicKey(publicKey)}");
            parse.InvocationConfiguration.Output.WriteLine(k.ExportSubjectPublicKeyInfoPem());
            return 0;
        });

        var from = new Option<DateTimeOffset?>("--from")
        {
            Description = "When the node starts signing with the new key (ISO 8601); by default 15 minutes from now. Every node must have fetched the new " +
                          "directory by then (they refresh every Exchange:DirectoryRefreshSeconds, 60 s by default).",
        };
        var overlap = new Option<double>("--overlap-days")
        {
            Description = "How long after --from the previous key still verifies (envelopes signed before the switch, still in outboxes). At least the replay window (3 days by default).",
            DefaultValueFactory = _ => 7,
        };
        var rotate = new Command("rotate-key", "Gives a node a new key: the current one becomes a previous key that verifies until --from plus the overlap; the node switches to the new one at --from (Exchange:NextKeyFile).")
        {
            input, nodeId, key, from, overlap, tlsPin,
        };
        rotate.SetAction(parse =>
        {
            var (file, directory, listed) = NodeOf(parse, input, nodeId);
            if (listed is null)
            {
                return 2;
            }

            if (parse.GetValue(overlap) is var days && (double.IsNaN(days) || days < 0 || days > 366))
            {
                parse.InvocationConfiguration.Error.WriteLine("--overlap-days: between 0 and 366 days.");
                return 2;
            }

            using var k = LoadPublic(parse.GetValue(key)!);
            var start = parse.GetValue(from) ?? DateTimeOffset.UtcNow.AddMinutes(15);
            var (rotated, problem) = Rotate(listed, NodeKeys.PublicKey(k), parse.GetValue(tlsPin), start, start.AddDays(days));
            if (rotated is null)
            {
                parse.InvocationConfiguration.Error.WriteLine($"--key: {problem}");
                return 2;
            }

            Write(file, Replace(directory, rotated));
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{listed.Id}: signs with the new key from {start:u}; the previous key verifies until {start.AddDays(days):u}. Sign the directory and publish it before {start:u}."));
            return 0;
        });

        var at = new Option<DateTimeOffset?>("--at") { Description = "When the key was compromised (ISO 8601), by default now: whatever it signed from then on is refused." };
        var revoke = new Command("revoke-key", "Revokes a previous key of a node: its signatures made from --at on, and its TLS certificate, are refused; what it signed before stays verifiable.")
        {
            input, nodeId, key, at,
        };
        revoke.SetAction(parse =>
        {
            var (file, directory, listed) = NodeOf(parse, input, nodeId);
            if (listed is null)
            {
                return 2;
            }

            var id = listed.Id;

            using var k = LoadPublic(parse.GetValue(key)!);
            var publicKey = NodeKeys.PublicKey(k);
            if (publicKey == listed.PublicKey)
            {
                parse.InvocationConfiguration.Error.WriteLine($"--key: it is {id}'s current key; give the node a new key first (rotate-key with --from the present time, ISO 8601, and --overlap-days 0), then revoke this one.");
                return 2;
            }

            if (listed.PreviousKeys?.FirstOrDefault(p => p.PublicKey == publicKey) is not { } previous)
            {
                parse.InvocationConfiguration.Error.WriteLine($"--key: it is not a key of {id} in the directory.");
                return 2;
            }

            var when = parse.GetValue(at) ?? DateTimeOffset.UtcNow;
            var revoked = listed with { PreviousKeys = [.. listed.PreviousKeys!.Select(p => p == previous ? p with { RevokedAt = when } : p)] };
            Write(file, Replace(directory, revoked));
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{id}: the key {PeerTransport.PinOfPublicKey(publicKey)[..12]}… is revoked from {when:u}. Sign the directory and publish it now."));
            return 0;
        });

        var nextKey = new Option<string>("--next-key") { Description = "The authority's new key (PEM); a private key file is created there if missing.", Required = true };
        var authority = new Command("rotate-authority", "Hands the signing of directories to a new authority key: a link signed by the current key is added to the directory's chain, so nodes whose trust anchor is an older key follow it; the authority node's key rotates with it. Sign with --next-key afterwards.")
        {
            input, key, nextKey, from, overlap,
        };
        authority.SetAction(parse =>
        {
            var file = parse.GetValue(input)!;
            var directory = Read(file);
            if (!File.Exists(parse.GetValue(key)))
            {
                parse.InvocationConfiguration.Error.WriteLine($"--key: {parse.GetValue(key)} does not exist; it must be the authority's current private key, which signs the link.");
                return 2;
            }

            using var current = ECDsa.Create();
            current.ImportFromPem(File.ReadAllText(parse.GetValue(key)!));
            var listed = directory.Nodes.FirstOrDefault(n => n.Id == directory.Authority);
            if (listed is null || listed.PublicKey != NodeKeys.PublicKey(current))
            {
                parse.InvocationConfiguration.Error.WriteLine($"--key: the key is not the one the directory lists for its authority {directory.Authority}.");
                return 2;
            }

            using var next = LoadPublic(parse.GetValue(nextKey)!);
            var start = parse.GetValue(from) ?? DateTimeOffset.UtcNow.AddMinutes(15);
            var (rotated, problem) = Rotate(listed, NodeKeys.PublicKey(next), null, start, start.AddDays(parse.GetValue(overlap)));
            if (rotated is null)
            {
                parse.InvocationConfiguration.Error.WriteLine($"--next-key: {problem}");
                return 2;
            }

            var link = DirectorySigning.LinkAuthority(directory.Authority, current, rotated.PublicKey, start);
            Write(file, Replace(directory, rotated) with { AuthorityChain = [.. directory.AuthorityChain ?? [], link] });
            parse.InvocationConfiguration.Output.WriteLine($"{directory.Authority}: the chain now hands over to the new key. Sign this version with --next-key, and configure the authority node with Exchange:NextKeyFile.");
            return 0;
        });

        return [show, rotate, revoke, authority];
    }

    /// <summary>The directory of <c>--in</c> and its node <c>--id</c>; the node is null (and the reason written) when the directory does not list it.</summary>
    private static (string File, FederationDirectoryDocument Directory, DirectoryNode? Node) NodeOf(ParseResult parse, Option<string> input, Option<string> nodeId)
    {
        var file = parse.GetValue(input)!;
        var directory = Read(file);
        var id = parse.GetValue(nodeId)!;
        var node = directory.Nodes.FirstOrDefault(n => n.Id == id);
        if (node is null)
        {
            parse.InvocationConfiguration.Error.WriteLine($"--id: {id} is not a node of the directory.");
        }

        return (file, directory, node);
    }

    /// <summary>The next version of the directory, with <paramref name="node"/> in place of the node of its id.</summary>
    private static FederationDirectoryDocument Replace(FederationDirectoryDocument directory, DirectoryNode node) =>
        directory with { Version = directory.Version + 1, Nodes = [.. directory.Nodes.Select(n => n.Id == node.Id ? node : n)] };

    /// <summary>The node with <paramref name="publicKey"/> as its key from <paramref name="from"/>, and its current key kept as a previous one until <paramref name="until"/>.</summary>
    private static (DirectoryNode? Node, string? Problem) Rotate(DirectoryNode listed, string publicKey, string? tlsPin, DateTimeOffset from, DateTimeOffset until)
    {
        if (publicKey == listed.PublicKey || listed.PreviousKeys?.Any(p => p.PublicKey == publicKey) == true)
        {
            return (null, $"the key is already one of {listed.Id}'s keys; a rotation needs a new key");
        }

        var previous = new PreviousNodeKey(listed.PublicKey, listed.TlsPin, until);
        return (listed with
        {
            PublicKey = publicKey,
            TlsPin = tlsPin ?? PeerTransport.PinOfPublicKey(publicKey),
            KeyValidFrom = from,
            PreviousKeys = [.. listed.PreviousKeys ?? [], previous],
        }, null);
    }

    /// <summary>A key from a PEM file (public or private); a private key file is created if the file does not exist.</summary>
    private static ECDsa LoadPublic(string path)
    {
        if (!File.Exists(path))
        {
            return NodeKeys.LoadOrCreate(path);
        }

        var k = ECDsa.Create();
        k.ImportFromPem(File.ReadAllText(path));
        return k;
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
