using System.Globalization;
using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Declarations.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Declarations;

/// <summary>
/// Checks a declaration against the registry and the code lists: every USCC well-formed (and registered where the
/// flow needs the enterprise), ports in the registry, HS codes in the national tariff in force, countries
/// (ISO 3166-1), currencies (ISO 4217), units (UN/ECE Rec 20), transport modes (UN/ECE Rec 19), quantities above
/// zero, and the declarant either the trader or its registered agent. All problems come back at once.
/// </summary>
internal sealed class DeclarationValidator(GqDbContext db, ICodeLists codes, IRegistryDirectory directory, TimeProvider clock)
{
    public const int MaxLines = 999;

    public async Task<DeclarationData?> ValidateAsync(DeclarationRequest r, Actor actor, Validation v, CancellationToken ct)
    {
        var kind = v.Enum<DeclarationKind>("kind", r.Kind);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var snapshot = await codes.CurrentAsync(ct);

        string? Uscc(string field, string? value, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    v.Add(field, Message.Required);
                }

                return null;
            }

            var check = Registry.Contracts.Uscc.Check(value.Trim());
            if (!check.IsValid)
            {
                v.Add(field, check.Reason);
                return null;
            }

            return check.Input;
        }

        string? Code(string field, string? value, string system, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    v.Add(field, Message.Required);
                }

                return null;
            }

            var code = value.Trim();
            var problem = snapshot.Check(system, code, today);
            if (problem is not null)
            {
                v.Add(field, problem);
            }

            return code;
        }

        var declarant = Uscc("declarantUscc", r.DeclarantUscc, required: true);
        var consignor = Uscc("consignorUscc", r.ConsignorUscc, required: kind == DeclarationKind.Export);
        var consignee = Uscc("consigneeUscc", r.ConsigneeUscc, required: kind == DeclarationKind.Import);
        var manufacturer = Uscc("manufacturerUscc", r.ManufacturerUscc, required: kind == DeclarationKind.Export);
        var transportMode = Code("transportMode", r.TransportMode, "unece-rec19", required: true);
        var means = v.Optional("transportMeans", r.TransportMeans, 128);
        var loading = v.Optional("portOfLoading", r.PortOfLoading, 5);
        if (loading is not null && !IsLocode(loading))
        {
            v.Add("portOfLoading", new Message("decl.locode-format", loading));
        }

        var exit = await ChinesePort("portOfExit", r.PortOfExit, required: kind == DeclarationKind.Export, v, ct);
        var entry = await ChinesePort("portOfEntry", r.PortOfEntry, required: kind == DeclarationKind.Import, v, ct);
        var country = Code("country", r.Country, "iso-3166-1", required: true);
        var contract = v.Optional("contractReference", r.ContractReference, 64);
        var invoice = v.Optional("invoiceReference", r.InvoiceReference, 64);
        var consignorName = v.Optional("consignorName", r.ConsignorName, 200);

        var documents = new List<AttachedDocument>();
        foreach (var (d, i) in (r.Documents ?? []).Select((d, i) => (d, i)))
        {
            var f = string.Create(CultureInfo.InvariantCulture, $"documents[{i}]");
            documents.Add(new AttachedDocument(v.Required(f + ".type", d?.Type, 64), v.Required(f + ".number", d?.Number, 64), v.Required(f + ".issuer", d?.Issuer, 128)));
        }

        var lines = new List<GoodsLine>();
        if (r.Lines is not { Length: > 0 })
        {
            v.Add("lines", new Message("decl.lines-required"));
        }
        else if (r.Lines.Length > MaxLines)
        {
            v.Add("lines", new Message("decl.lines-max", MaxLines));
        }
        else
        {
            var sequences = new HashSet<int>();
            foreach (var (l, i) in r.Lines.Select((l, i) => (l, i)))
            {
                var f = string.Create(CultureInfo.InvariantCulture, $"lines[{i}]");
                if (l is null)
                {
                    v.Add(f, new Message("decl.line-empty"));
                    continue;
                }

                var sequence = l.Sequence ?? i + 1;
                if (sequence < 1 || !sequences.Add(sequence))
                {
                    v.Add(f + ".sequence", new Message("decl.sequence", sequence));
                }

                var hs = Code(f + ".hsCode", l.HsCode, "cn-tariff", required: true);
                var ciq = Code(f + ".ciqCode", l.CiqCode, "ciq", required: false);
                var description = v.Required(f + ".description", l.Description, 256);
                if (l.Quantity is not { } quantity)
                {
                    v.Add(f + ".quantity", Message.Required);
                    quantity = 0;
                }
                else if (quantity <= 0)
                {
                    v.Add(f + ".quantity", new Message("must-be-positive", quantity));
                }

                var unit = Code(f + ".unit", l.Unit, "unece-rec20", required: true);
                Positive(f + ".netWeightKg", l.NetWeightKg);
                Positive(f + ".grossWeightKg", l.GrossWeightKg);
                if (l.NetWeightKg is { } net && l.GrossWeightKg is { } gross && gross < net)
                {
                    v.Add(f + ".grossWeightKg", new Message("decl.gross-below-net"));
                }

                if (l.Value is not { } value || value < 0)
                {
                    v.Add(f + ".value", l.Value is null ? Message.Required : new Message("not-negative"));
                }

                var currency = Code(f + ".currency", l.Currency, "iso-4217", required: true);
                var origin = v.Optional(f + ".placeOfOrigin", l.PlaceOfOrigin, 64);
                var lots = (l.Lots ?? []).Select(x => x?.Trim() ?? "").ToArray();
                if (lots.Any(x => x.Length is 0 or > 64))
                {
                    v.Add(f + ".lots", new Message("decl.lot-length"));
                }

                lines.Add(new GoodsLine(sequence, hs ?? "", ciq, description, quantity, unit ?? "", l.NetWeightKg, l.GrossWeightKg, l.Value ?? 0, currency ?? "",
                    origin, lots, v.Optional(f + ".packaging", l.Packaging, 64)));
            }
        }

        // The enterprises the flow needs must be on the register, and the declarant must act for the trader.
        if (manufacturer is not null && await directory.FindEnterpriseAsync(manufacturer, ct) is null)
        {
            v.Add("manufacturerUscc", new Message("decl.manufacturer-not-registered", manufacturer));
        }

        var trader = kind == DeclarationKind.Export ? consignor : consignee;
        var traderField = kind == DeclarationKind.Export ? "consignorUscc" : "consigneeUscc";
        if (trader is not null && await directory.FindEnterpriseAsync(trader, ct) is null)
        {
            v.Add(traderField, new Message("not-registered", trader));
        }

        if (declarant is not null && actor.EnterpriseId is { } own)
        {
            var ownUscc = (await directory.FindEnterpriseAsync(own, ct))?.Uscc;
            if (ownUscc != declarant)
            {
                v.Add("declarantUscc", new Message("decl.declare-as-own", ownUscc, declarant));
            }
        }

        if (declarant is not null && trader is not null && declarant != trader &&
            !await db.Set<AgentMandate>().AnyAsync(m => m.AgentUscc == declarant && m.PrincipalUscc == trader && m.ValidFrom <= today && (m.ValidTo == null || m.ValidTo >= today), ct))
        {
            v.Add("declarantUscc", new Message("decl.not-agent", declarant, trader));
        }

        if (!v.IsValid)
        {
            return null;
        }

        return new DeclarationData(kind, declarant!, consignor, consignee, manufacturer, transportMode!, means, loading, exit, entry, country!, contract, invoice,
            [.. documents], [.. lines], consignorName);

        void Positive(string field, decimal? value)
        {
            if (value is <= 0)
            {
                v.Add(field, new Message("positive-when-given"));
            }
        }
    }

    private async Task<string?> ChinesePort(string field, string? value, bool required, Validation v, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                v.Add(field, Message.Required);
            }

            return null;
        }

        var code = value.Trim().ToUpperInvariant();
        if (await directory.FindPortAsync(code, ct) is null)
        {
            v.Add(field, new Message("decl.port-not-registered", code));
        }

        return code;
    }

    private static bool IsLocode(string code) =>
        code.Length == 5 && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]) && code[2..].All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
}
