using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GoldenQuality.Codes;
using GoldenQuality.Codes.Adapters;
using GoldenQuality.Codes.Sps;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Tests.Codes;

namespace GoldenQuality.Tests.Security;

/// <summary>
/// Hostile-input properties of the parsers (FsCheck): each one never throws anything but its documented parse
/// error, round-trips what it writes, and detects a single changed character where it carries a check.
/// </summary>
public sealed class PropertiesTests
{
    private const int Runs = 300;

    /// <summary>Strings of any characters, and strings built from the characters that matter to the parser.</summary>
    private static Gen<string> Text(string alphabet, int maxLength) =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
            Gen.Elements(alphabet.ToCharArray()).ArrayOf().Select(c => new string(c.Take(maxLength).ToArray())));

    private static Gen<string> Stem() =>
        Gen.Elements(Uscc.Alphabet.ToCharArray()).ArrayOf(2)
            .SelectMany(a => Gen.Elements("0123456789".ToCharArray()).ArrayOf(6).Select(b => a.Concat(b)))
            .SelectMany(ab => Gen.Elements(Uscc.Alphabet.ToCharArray()).ArrayOf(9).Select(c => new string(ab.Concat(c).ToArray())));

    [Property(MaxTest = Runs)]
    public Property Uscc_check_never_throws_and_always_names_a_reason() =>
        Prop.ForAll(Text(Uscc.Alphabet + "IOSVZ -x\u00e9\u4e2d", 24).ToArbitrary(), input =>
        {
            var check = Uscc.Check(input);
            return check.Message.Length > 0 && (check.IsValid == (check.Problem == UsccProblem.None));
        });

    [Property(MaxTest = Runs)]
    public Property Uscc_round_trips_a_stem_with_its_check_character() =>
        Prop.ForAll(Stem().ToArbitrary(), stem =>
        {
            var code = Uscc.WithCheckCharacter(stem);
            return code.StartsWith(stem, StringComparison.Ordinal) && Uscc.Check(code).IsValid && Uscc.Check(code.ToLowerInvariant()).IsValid;
        });

    [Property(MaxTest = Runs)]
    public Property Uscc_detects_every_single_changed_character() =>
        Prop.ForAll(Stem().ToArbitrary(), Gen.Choose(0, 17).ToArbitrary(), Gen.Choose(1, 30).ToArbitrary(), (stem, position, shift) =>
        {
            var code = Uscc.WithCheckCharacter(stem).ToCharArray();
            var alphabet = position is >= 2 and <= 7 ? "0123456789" : Uscc.Alphabet;
            var at = alphabet.IndexOf(code[position], StringComparison.Ordinal);
            code[position] = alphabet[(at + 1 + (shift % (alphabet.Length - 1))) % alphabet.Length];
            return !Uscc.Check(new string(code)).IsValid;
        });

    private static Gen<byte[]> Mutated(byte[] sample) =>
        Gen.Choose(0, sample.Length - 1).SelectMany(position => Gen.Choose(0, 255).Select(value =>
        {
            var copy = (byte[])sample.Clone();
            copy[position] = (byte)value;
            return copy;
        }));

    private static Gen<byte[]> Bytes(byte[] sample) =>
        Gen.OneOf(
            Mutated(sample),
            Gen.Choose(0, sample.Length).Select(cut => sample[..cut]),
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => b ?? []));

    private static bool ReadsOrRefuses(Adapter adapter, byte[] bytes)
    {
        try
        {
            var result = adapter.Read(bytes);
            return result.Records.Count + result.Rejects.Count >= 0;
        }
        catch (AdapterException e)
        {
            return e.Line >= 0 && e.Reason.Length > 0;
        }
    }

    [Property(MaxTest = Runs)]
    public Property The_fixed_width_adapter_reads_or_refuses_any_bytes_with_its_parse_error()
    {
        var adapter = AdapterParserTests.Shipped("ciq-zj-legacy-declaration");
        var sample = File.ReadAllBytes(AdapterParserTests.Data("adapters", "samples", "ciq-zj-declarations.txt"));
        return Prop.ForAll(Bytes(sample).ToArbitrary(), bytes => ReadsOrRefuses(adapter, bytes));
    }

    [Property(MaxTest = Runs)]
    public Property The_csv_adapter_reads_or_refuses_any_bytes_with_its_parse_error()
    {
        var adapter = AdapterParserTests.Shipped("bqs-zj-enterprise-roster");
        var sample = File.ReadAllBytes(AdapterParserTests.Data("adapters", "samples", "bqs-zj-enterprises.csv"));
        return Prop.ForAll(Bytes(sample).ToArbitrary(), bytes => ReadsOrRefuses(adapter, bytes));
    }

    [Property(MaxTest = 100)]
    public Property The_csv_adapter_round_trips_what_it_writes()
    {
        var adapter = AdapterParserTests.Shipped("bqs-zj-enterprise-roster");
        var sample = adapter.Read(File.ReadAllBytes(AdapterParserTests.Data("adapters", "samples", "bqs-zj-enterprises.csv"))).Records;
        var value = Gen.Elements("abc ,\"\n;中文'x1".ToCharArray()).ArrayOf().Select(c => new string(c).Trim()).Where(s => s.Length > 0 && !s.Contains('\n', StringComparison.Ordinal));
        return Prop.ForAll(Gen.Choose(0, sample.Count - 1).ToArbitrary(), value.ToArbitrary(), (index, text) =>
        {
            var record = sample[index];
            var field = record.Fields.Keys.Order(StringComparer.Ordinal).First(k => record.Fields[k].Length > 0 && !k.Contains("code", StringComparison.OrdinalIgnoreCase) && !k.Contains("uscc", StringComparison.OrdinalIgnoreCase));
            var changed = new CanonicalRecord(record.Kind, new Dictionary<string, string>(record.Fields, StringComparer.Ordinal) { [field] = text });
            AdaptResult again;
            try
            {
                again = adapter.Read(adapter.Write([changed]));
            }
            catch (AdapterException)
            {
                return true.Label("refused with the parse error");
            }

            return (again.Rejects.Count > 0 || (again.Records.Count == 1 && again.Records[0].Fields[field] == text)).Label($"{field} = '{text}'");
        });
    }

    [Property(MaxTest = Runs)]
    public Property Jws_reading_never_throws_on_any_text() =>
        Prop.ForAll(Text("abcXYZ019-_.=+/ ", 120).ToArbitrary(), text =>
        {
            var read = Jws.TryRead(text, out var kid, out var payload);
            return !read || (kid is not null && payload is not null);
        });

    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Property(MaxTest = 100)]
    public Property A_sealed_envelope_verifies_and_any_single_changed_character_is_detected() =>
        Prop.ForAll(ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "").ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (text, seed) =>
        {
            var payload = System.Text.Json.JsonSerializer.Serialize(new { text });
            const string node = "GQ/GOV/AQSIQ/national";
            var wire = Envelopes.Seal(Envelopes.Header(Guid.CreateVersion7(), "test.event", node, ["GQ/GOV/CUSTOMS/national"], null, null, DateTimeOffset.UtcNow, payload), payload, node, Key);
            if (!Jws.Verify(wire.Jws, Key) || !Jws.TryRead(wire.Jws, out _, out var headerBytes))
            {
                return false.Label("a fresh envelope does not verify");
            }

            var header = System.Text.Json.JsonSerializer.Deserialize<EnvelopeHeader>(headerBytes, Envelopes.Json)!;
            var payloadBytes = Encoding.UTF8.GetBytes(wire.Payload);
            if (Jws.Digest(payloadBytes) != header.PayloadDigest)
            {
                return false.Label("the digest does not match its payload");
            }

            // One changed character of the payload: the digest no longer matches.
            var p = payload.ToCharArray();
            var at = seed % p.Length;
            p[at] = p[at] == 'a' ? 'b' : 'a';
            var digestDetected = Jws.Digest(Encoding.UTF8.GetBytes(new string(p))) != header.PayloadDigest;

            // One changed character of the JWS (not the last of a segment, whose low bits base64url may ignore): it no longer verifies.
            var j = wire.Jws.ToCharArray();
            var candidates = Enumerable.Range(0, j.Length).Where(i => j[i] != '.' && i + 1 < j.Length && j[i + 1] != '.').ToArray();
            var k = candidates[seed % candidates.Length];
            j[k] = j[k] == 'A' ? 'B' : 'A';
            var signatureDetected = !Jws.Verify(new string(j), Key);
            return digestDetected.Label("payload change") .And(signatureDetected.Label("jws change"));
        });

    [Property(MaxTest = Runs)]
    public Property Sps_parsing_never_throws_and_locates_every_problem() =>
        Prop.ForAll(Gen.OneOf(
                Text("<>/=\"' abc:&;!-?[]", 200),
                Gen.Choose(0, 2000).Select(cut => SampleSps()[..Math.Min(cut, SampleSps().Length)])).ToArbitrary(), xml =>
        {
            var (document, problems) = SpsCertificate.Parse(xml);
            return (document is not null || problems.Count > 0) && problems.Count <= SpsCertificate.MaxProblems + 1 && problems.All(p => p.Line >= 0 && p.Reason.Length > 0);
        });

    [Property(MaxTest = 100)]
    public Property An_sps_certificate_round_trips_its_permit_fields() =>
        Prop.ForAll(Gen.Elements("abc 中文-1.&<>'\"".ToCharArray()).ArrayOf().Select(c => new string(c).Trim()).Where(s => s.Length > 0).ToArbitrary(), text =>
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["permitNo"] = "P-" + text,
                ["permitType"] = "851",
                ["status"] = "70",
                ["issuedAt"] = "2026-01-02T03:04:05+08:00",
                ["consignorName"] = text,
                ["items[0].description"] = text,
                ["items[0].netWeight"] = "12.5",
                ["items[0].netWeightUnit"] = "KGM",
            };
            var xml = SpsCertificate.Export(new CanonicalRecord(RecordKind.Permit, fields)).ToString();
            var (document, problems) = SpsCertificate.Parse(xml);
            if (document is null || problems.Count > 0)
            {
                return false.Label(string.Join("; ", problems.Select(p => p.Reason)));
            }

            var back = SpsCertificate.Import(document).Permit.Fields;
            return fields.All(f => back.TryGetValue(f.Key, out var v) && v == f.Value).Label(string.Join(", ", back.Select(b => b.Key + "=" + b.Value)));
        });

    private static string? sample;

    private static string SampleSps() => sample ??= SpsCertificate.Export(new CanonicalRecord(RecordKind.Permit, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["permitNo"] = "P-1", ["permitType"] = "851", ["status"] = "70", ["issuedAt"] = "2026-01-02T03:04:05+08:00", ["items[0].description"] = "green tea", ["items[0].netWeight"] = "12.5",
    })).ToString();
}
