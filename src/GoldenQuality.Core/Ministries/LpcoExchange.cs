using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Ministries;

/// <summary>
/// The check at the source: answers <c>quarantine-permit</c> (on the MOA's node) or <c>waste-import-licence</c> (on the
/// MEP's node) with an <see cref="LpcoCheckAnswer"/> that names every reason the LPCO does not cover the import, and
/// records the asking node as holding a copy (it is told of later status changes).
/// </summary>
internal sealed class LpcoCheckDataset(LpcoKind kind, ExchangeNode node, TimeProvider clock) : IDatasetProvider
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Dataset => MinistriesWire.DatasetOf(kind);

    public Task<object?> QueryAsync(GqDbContext db, JsonElement parameters, CancellationToken ct) => QueryAsync(db, null, parameters, ct);

    public async Task<object?> QueryAsync(GqDbContext db, string? asker, JsonElement parameters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        LpcoCheckRequest? request;
        try
        {
            request = parameters.ValueKind == JsonValueKind.Object ? parameters.Deserialize<LpcoCheckRequest>(Json) : null;
        }
        catch (JsonException e)
        {
            return Malformed(parameters, e.Message);
        }

        if (request?.Number is not { Length: > 0 and <= 64 } || request.Lines is null || request.Lines.Length > 999)
        {
            return Malformed(parameters, "a check needs number (at most 64 characters) and at most 999 lines");
        }

        var number = request.Number.Trim().ToUpperInvariant();
        if (!LpcoRules.IssuedHere(node, kind))
        {
            return new LpcoCheckAnswer(false, number, null, null, null, null,
                [new LpcoProblem("number", null, $"this node does not keep the {MinistriesWire.IssuerOf(kind)}'s {LpcoRules.Name(kind)}s")]);
        }

        var lpco = await db.Set<Lpco>().FirstOrDefaultAsync(l => l.Number == number, ct);
        if (lpco is null)
        {
            return new LpcoCheckAnswer(false, number, null, null, null, null,
                [new LpcoProblem("number", null, $"no {LpcoRules.Name(kind)} '{number}' exists at the {MinistriesWire.IssuerOf(kind)}")]);
        }

        var today = LpcoRules.Today(clock);
        var answer = new LpcoCheckAnswer(true, number, WireNames.Of(lpco.EffectiveStatus(today)), lpco.Remaining, lpco.Unit, lpco.ValidTo, [.. Problems(lpco, request, today)]);
        if (asker is not null)
        {
            await new HolderRecorder(db, node, clock).HeldByAsync(lpco, Parties.NodeOf(asker), ct);
        }

        return answer;
    }

    /// <summary>Every reason the LPCO does not cover the import, one problem per reason.</summary>
    internal static IEnumerable<LpcoProblem> Problems(Lpco l, LpcoCheckRequest r, DateOnly today)
    {
        var name = LpcoRules.Name(l.Kind);
        if (!WireNames.TryParse<LpcoKind>(r.Kind, out var asked) || asked != l.Kind)
        {
            yield return new LpcoProblem("number", null, $"{l.Number} is a {name}, not a {r.Kind}");
        }

        var status = l.EffectiveStatus(today);
        if (status != LpcoStatus.Issued)
        {
            yield return new LpcoProblem("number", null, $"{l.Number} is {WireNames.Of(status)}, not issued");
        }

        if (r.On < l.ValidFrom || r.On > l.ValidTo)
        {
            yield return new LpcoProblem("on", null, $"{r.On:yyyy-MM-dd} is outside the validity of {l.Number} ({l.ValidFrom:yyyy-MM-dd} to {l.ValidTo:yyyy-MM-dd})");
        }

        var holder = r.HolderUscc?.Trim().ToUpperInvariant();
        if (holder != l.HolderUscc)
        {
            yield return new LpcoProblem("holderUscc", null, $"{l.Number} is held by {l.HolderUscc}, not by the consignee {holder}");
        }

        foreach (var line in r.Lines.Where(x => x?.HsCode is null || !x.HsCode.Trim().StartsWith(l.HsCode, StringComparison.Ordinal)))
        {
            yield return new LpcoProblem("hsCode", line?.Sequence, $"HS {line?.HsCode} is not covered by {l.Number} (HS {l.HsCode})");
        }

        var ports = l.Ports;
        var port = r.PortOfEntry?.Trim().ToUpperInvariant();
        if (ports.Length > 0 && (port is null || !ports.Contains(port, StringComparer.Ordinal)))
        {
            yield return new LpcoProblem("portOfEntry", null, $"{port ?? "(none)"} is not a port of entry of {l.Number} ({string.Join(", ", ports)})");
        }

        var origin = r.OriginCountry?.Trim().ToUpperInvariant();
        if (l.OriginCountry is not null && origin != l.OriginCountry)
        {
            yield return new LpcoProblem("originCountry", null, $"{l.Number} covers goods from {l.OriginCountry}, not from {origin ?? "(none)"}");
        }

        var total = 0m;
        var measurable = true;
        foreach (var line in r.Lines.Where(x => x is not null))
        {
            if (InLpcoUnit(line, l.Unit) is { } q)
            {
                total += q;
                continue;
            }

            measurable = false;
            yield return new LpcoProblem("unit", line.Sequence, LpcoRules.IsMass(l.Unit)
                ? $"{l.Number} is counted by mass ({l.Unit}); the line needs its net weight in kg or a quantity in KGM or TNE"
                : $"{l.Number} is counted in {l.Unit}; the line's quantity is in {line.Unit}");
        }

        if (measurable && total > l.Remaining)
        {
            yield return new LpcoProblem("quantity", null,
                $"{LpcoRules.Format(total)} {l.Unit} exceeds what remains of {l.Number}: {LpcoRules.Format(l.Remaining)} {l.Unit}");
        }
    }

    /// <summary>A line's quantity in the LPCO's unit: mass from its net weight in kg (or a quantity in KGM/TNE); a count in the same unit only.</summary>
    internal static decimal? InLpcoUnit(LpcoLine line, string unit)
    {
        var lineUnit = line.Unit?.Trim().ToUpperInvariant() ?? "";
        if (!LpcoRules.IsMass(unit))
        {
            return lineUnit == unit ? line.Quantity : null;
        }

        return line.NetWeightKg is { } kg ? LpcoRules.Convert(kg, "KGM", unit) : LpcoRules.IsMass(lineUnit) ? LpcoRules.Convert(line.Quantity, lineUnit, unit) : null;
    }

    private static LpcoCheckAnswer Malformed(JsonElement parameters, string reason)
    {
        var number = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() ?? "" : "";
        return new LpcoCheckAnswer(false, number.Length > 64 ? number[..64] : number, null, null, null, null, [new LpcoProblem("number", null, "the check request is malformed: " + reason)]);
    }
}

/// <summary>Records copy holders for the dataset provider and the draw handler, which run on the exchange's own context.</summary>
internal sealed class HolderRecorder(GqDbContext db, ExchangeNode node, TimeProvider clock)
{
    public async Task HeldByAsync(Lpco l, string holderNode, CancellationToken ct)
    {
        if (node.Enabled && holderNode == node.Id)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var existing = db.Set<LpcoCopyHolder>().Local.FirstOrDefault(h => h.LpcoId == l.Id && h.Node == holderNode)
            ?? await db.Set<LpcoCopyHolder>().FirstOrDefaultAsync(h => h.LpcoId == l.Id && h.Node == holderNode, ct);
        if (existing is null)
        {
            db.Set<LpcoCopyHolder>().Add(LpcoCopyHolder.Create(l.Id, holderNode, now));
        }
        else
        {
            existing.Seen(now);
        }
    }
}

/// <summary>
/// Applies <c>declarations.lpco.drawn</c> at the issuer: draws the released quantity once per (LPCO, declaration),
/// however often the message arrives (checked first, and a unique index). A draw under an LPCO that is not issued
/// (suspended, revoked, expired) or larger than what remains is refused and recorded in the history, never applied:
/// the remaining quantity never falls below zero.
/// </summary>
internal sealed class LpcoDrawnHandler(ExchangeNode node, TimeProvider clock) : IEnvelopeHandler
{
    public bool Handles(string type) => type == MinistriesWire.LpcoDrawnType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        var drawn = payload.Deserialize<LpcoDrawn>(Envelopes.Json);
        if (drawn is not { Number.Length: > 0, DeclarationNumber.Length: > 0 and <= 64, Lines: not null })
        {
            throw new InvalidOperationException($"{MinistriesWire.LpcoDrawnType} needs number, declarationNumber (at most 64 characters) and lines.");
        }

        var number = drawn.Number.Trim().ToUpperInvariant();
        var lpco = await db.Set<Lpco>().FirstOrDefaultAsync(l => l.Number == number, ct)
            ?? throw new InvalidOperationException($"{MinistriesWire.LpcoDrawnType}: no LPCO '{number}' exists on {node.Id}.");
        await new HolderRecorder(db, node, clock).HeldByAsync(lpco, Parties.NodeOf(header.Sender), ct);
        var declaration = drawn.DeclarationNumber.Trim();
        if (db.Set<LpcoDrawDown>().Local.Any(d => d.LpcoId == lpco.Id && d.DeclarationNumber == declaration)
            || await db.Set<LpcoDrawDown>().AnyAsync(d => d.LpcoId == lpco.Id && d.DeclarationNumber == declaration, ct))
        {
            return;
        }

        var by = header.Sender;
        var now = clock.GetUtcNow();
        void Refuse(Message reason) =>
            db.Set<LpcoEvent>().Add(LpcoEvent.Create(Ids.New(clock), lpco.Id, now, by, by, "draw-refused", lpco.Status, lpco.Status,
                new Message("lpco.draw.refused", declaration, reason).Store(LpcoRules.MaxReason)));

        var total = 0m;
        foreach (var line in drawn.Lines)
        {
            if (LpcoRules.Convert(line.Quantity, line.Unit?.Trim().ToUpperInvariant() ?? "", lpco.Unit) is not { } q || line.Quantity <= 0)
            {
                Refuse(new Message("lpco.draw.unit-mismatch", line.Sequence.ToString(CultureInfo.InvariantCulture), line.Quantity.ToString(CultureInfo.InvariantCulture),
                    line.Unit ?? "", lpco.Unit));
                return;
            }

            total += q;
        }

        var status = lpco.EffectiveStatus(LpcoRules.Today(clock));
        if (status != LpcoStatus.Issued)
        {
            Refuse(new Message("lpco.draw.not-issued", LpcoRules.NameOf(lpco.Kind), LpcoRules.StatusOf(status), LpcoRules.Format(total), lpco.Unit));
            return;
        }

        if (total > lpco.Remaining)
        {
            Refuse(new Message("lpco.draw.exceeds", LpcoRules.Format(total), lpco.Unit, LpcoRules.Format(lpco.Remaining)));
            return;
        }

        lpco.Draw(total, now);
        db.Set<LpcoDrawDown>().Add(LpcoDrawDown.Create(Ids.New(clock), lpco.Id, declaration, total, lpco.Unit, Parties.NodeOf(header.Sender), header.Id, drawn.ReleasedAt, now));
        db.Set<LpcoEvent>().Add(LpcoEvent.Create(Ids.New(clock), lpco.Id, now, by, by, "drawn", null, null,
            new Message("lpco.drawn", declaration, LpcoRules.Format(total), lpco.Unit, LpcoRules.Format(lpco.Remaining)).Store(LpcoRules.MaxReason)));
    }
}

/// <summary>Registers the two check datasets (one per kind) and the draw-down handler.</summary>
internal static class LpcoExchangeRegistration
{
    public static void AddLpcoExchange(this IServiceCollection services)
    {
        services.AddSingleton<IDatasetProvider>(sp => new LpcoCheckDataset(LpcoKind.QuarantinePermit, sp.GetRequiredService<ExchangeNode>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDatasetProvider>(sp => new LpcoCheckDataset(LpcoKind.WasteImportLicence, sp.GetRequiredService<ExchangeNode>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IEnvelopeHandler, LpcoDrawnHandler>();
    }
}
