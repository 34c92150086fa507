using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Quality.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Quality;

/// <summary>The limits and checks of a received signal (decision 0008: every field bounded where it enters).</summary>
internal static class SignalRules
{
    public const int MaxName = 256;
    public const int MaxReference = 64;
    public const int MaxReason = 1024;
    public const int MaxFailed = 2048;
    public const int MaxFailedItems = 32;

    /// <summary>A USCC as the registry writes it: 18 characters, digits and capital letters.</summary>
    public static bool IsUscc(string? s) => s is { Length: 18 } && s.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c));

    /// <summary>
    /// An office, licence, sample or declaration number: 1 to 64 characters, letters (an industrial-product licence
    /// begins with its province's character, <c>浙XK…</c>), digits and <c>-</c>, <c>/</c>, <c>.</c>, <c>_</c>.
    /// </summary>
    public static bool IsCode(string? s, int max = MaxReference) =>
        s is { Length: > 0 } && s.Length <= max && s.All(c => char.IsLetterOrDigit(c) || c is '-' or '/' or '.' or '_');

    /// <summary>One line per failed item: <c>lead 6.2 mg/kg (limit ≤ 5.0, GB 2762-2022 4.1)</c>, joined with <c>; </c> and cut to <see cref="MaxFailed"/>.</summary>
    public static string Summary(IEnumerable<SpotCheckFailedItem> failed)
    {
        var text = string.Join("; ", failed.Select(f => string.Create(CultureInfo.InvariantCulture,
            $"{f.Parameter} {f.Value} {f.Unit} (limit {f.Limit}, {f.Standard} {f.Clause})")));
        return text.Length <= MaxFailed ? text : text[..(MaxFailed - 1)] + "…";
    }

    public static string Cut(string? s, int max) => s is null ? "" : s.Length <= max ? s : s[..(max - 1)] + "…";

    /// <summary>
    /// The checks common to every message of the two units: the addressed office is a recipient of the envelope, the
    /// office that owns the record is hosted by the sending node, and the agreement that let the envelope in (its id).
    /// </summary>
    public static string? Check(ExchangeNode node, EnvelopeHeader header, string addressedTo, string owner, TimeProvider clock, out string? agreement)
    {
        agreement = null;
        if (!header.Recipients.Any(r => Parties.OfficeOf(r) == addressedTo))
        {
            return $"the message is for {addressedTo}, which the envelope is not addressed to";
        }

        var directory = node.Directory.Current;
        if (directory?.HostOf(owner) is not { } host || host.Id != Parties.NodeOf(header.Sender))
        {
            return $"{owner} is not an office the sending node {Parties.NodeOf(header.Sender)} hosts";
        }

        var recipient = header.Recipients.First(r => Parties.OfficeOf(r) == addressedTo);
        agreement = directory.Find(header.Sender, recipient, header.Type, dataset: false, clock.GetUtcNow()).Valid?.Id;
        return null;
    }

    public static T Read<T>(JsonElement payload, string type)
        where T : class
    {
        try
        {
            return payload.Deserialize<T>(Envelopes.Json) ?? throw new InvalidOperationException($"{type} carries no payload.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{type}: the payload does not read: {e.Message}", e);
        }
    }
}

/// <summary>
/// Receives <c>quality.licence.status-changed</c> on a CIQ node: checks the payload (licence number, holder USCC, a
/// known status, the BQS office hosted by the sender, the CIQ office addressed) and keeps one signal per envelope. A bad
/// payload fails the envelope (nothing kept); the same envelope again keeps the one signal.
/// </summary>
internal sealed class LicenceStatusChangedHandler(ExchangeNode node, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == QualityWire.LicenceStatusChangedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var m = SignalRules.Read<ProductionLicenceStatusChanged>(payload, header.Type);
        var problems = new List<string>();
        if (!SignalRules.IsCode(m.Number))
        {
            problems.Add("number is required (letters, digits, -, /, ., at most 64)");
        }

        if (!SignalRules.IsUscc(m.HolderUscc))
        {
            problems.Add("holderUscc must be a USCC (18 digits and capital letters)");
        }

        if (!WireNames.TryParse<ProductionLicenceStatus>(m.Status, out _))
        {
            problems.Add($"status must be one of {string.Join(", ", WireNames.All<ProductionLicenceStatus>())}");
        }

        if (!SignalRules.IsCode(m.Office, 32) || !m.Office.StartsWith("BQS-", StringComparison.Ordinal) || !SignalRules.IsCode(m.CiqOffice, 32))
        {
            problems.Add("office must be a BQS office and ciqOffice an office code");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{header.Type}: {string.Join("; ", problems)}.");
        }

        if (SignalRules.Check(node, header, m.CiqOffice, m.Office, clock, out var agreement) is { } refused)
        {
            throw new InvalidOperationException($"{header.Type}: {refused}.");
        }

        if (await db.Set<QualitySignal>().AnyAsync(s => s.EnvelopeId == header.Id, ct))
        {
            return;
        }

        db.Add(QualitySignal.Create(Ids.New(clock), header.Id, SignalKind.Licence, m.HolderUscc, SignalRules.Cut(m.HolderName, SignalRules.MaxName), m.Number, null,
            m.Status, SignalRules.Cut(m.Reason, SignalRules.MaxReason), "", m.Office, m.CiqOffice, Parties.NodeOf(header.Sender), agreement, m.At, clock.GetUtcNow()));
    }
}

/// <summary>
/// Receives <c>quality.spot-check.nonconforming</c> on a CIQ node: checks the payload (sample number, manufacturer
/// USCC, at least one failed item, the BQS office hosted by the sender, the CIQ office addressed) and keeps one signal
/// per envelope.
/// </summary>
internal sealed class SpotCheckNonconformingHandler(ExchangeNode node, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == QualityWire.SpotCheckNonconformingType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var m = SignalRules.Read<SpotCheckNonconforming>(payload, header.Type);
        var problems = new List<string>();
        if (!SignalRules.IsCode(m.SampleNumber))
        {
            problems.Add("sampleNumber is required (letters, digits, -, at most 64)");
        }

        if (!SignalRules.IsUscc(m.ManufacturerUscc))
        {
            problems.Add("manufacturerUscc must be a USCC (18 digits and capital letters)");
        }

        if (m.Failed is not { Length: > 0 and <= SignalRules.MaxFailedItems } || m.Failed.Any(f => f is null || string.IsNullOrWhiteSpace(f.Parameter)))
        {
            problems.Add($"failed must list 1 to {SignalRules.MaxFailedItems} items, each naming its parameter");
        }

        if (!SignalRules.IsCode(m.Office, 32) || !m.Office.StartsWith("BQS-", StringComparison.Ordinal) || !SignalRules.IsCode(m.CiqOffice, 32))
        {
            problems.Add("office must be a BQS office and ciqOffice an office code");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{header.Type}: {string.Join("; ", problems)}.");
        }

        if (SignalRules.Check(node, header, m.CiqOffice, m.Office, clock, out var agreement) is { } refused)
        {
            throw new InvalidOperationException($"{header.Type}: {refused}.");
        }

        if (await db.Set<QualitySignal>().AnyAsync(s => s.EnvelopeId == header.Id, ct))
        {
            return;
        }

        var reason = SignalRules.Cut(string.Create(CultureInfo.InvariantCulture,
            $"{m.Product} ({m.Category}){(m.LotNumber is { Length: > 0 } lot ? $", lot {lot}" : "")}, sampled {m.SampledOn:yyyy-MM-dd} under plan {m.PlanNumber}; follow-up: {m.FollowUp}"), SignalRules.MaxReason);
        db.Add(QualitySignal.Create(Ids.New(clock), header.Id, SignalKind.SpotCheck, m.ManufacturerUscc, SignalRules.Cut(m.ManufacturerName, SignalRules.MaxName),
            m.SampleNumber, SignalRules.Cut(m.PlanNumber, SignalRules.MaxReference), "nonconforming", reason, SignalRules.Summary(m.Failed!), m.Office, m.CiqOffice,
            Parties.NodeOf(header.Sender), agreement, m.JudgedAt, clock.GetUtcNow()));
    }
}
