using System.Globalization;
using System.Text.Json.Nodes;
using GoldenQuality.Certificates.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Codes.Contracts;
using GoldenQuality.International.Contracts;
using GoldenQuality.Persistence;
using Microsoft.Extensions.Logging;

namespace GoldenQuality.International;

/// <summary>
/// When this node issues an export inspection permit for goods going to a country whose authority is a hub member, the
/// permit's UN/CEFACT SPSCertificate (type 853 veterinary for animal products, 851 phytosanitary for plant products,
/// 852 sanitary for other foodstuffs; status 70 issued) goes to that authority through the hub, in the same save as
/// the permit. Goods outside HS chapters 01–24 have no SPS certificate; a country that is not a member, or a node that
/// is not a member country's, sends nothing.
/// </summary>
internal sealed partial class PermitToHub(HubMembers members, IHubOutbox outbox, IPermitRecords permits, ILogger<PermitToHub> logger) : IDomainEventHandler<PermitIssued>
{
    /// <summary>UN/CEFACT status code of an issued certificate.</summary>
    public const string Issued = "70";

    public async Task HandleAsync(GqDbContext db, PermitIssued domainEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (domainEvent.Kind != PermitKind.Inspection || members.HubNode is null || members.IsHub || members.OfThisNode is not { } self)
        {
            return;
        }

        if (await permits.FindAsync(db, domainEvent.PermitNumber, ct) is not { IsCopy: false, DeclarationKind: DeclarationKind.Export } permit
            || members.OfCountry(permit.Country) is not { } to || to.Country == self.Country || TypeOf(permit.Lines) is not { } type)
        {
            return;
        }

        var exported = SpsCertificates.Export(Record(permit, self.Country));
        if (!exported.Succeeded)
        {
            LogNotSent(logger, permit.Number, "the permit does not make a valid SPS certificate record");
            return;
        }

        var (_, refused) = await outbox.SendAsync(db, HubContentKind.Certificate, to.Country, type, Issued, permit.Number, exported.Value!, permit.DeclarationNumber,
            permit.Number, $"{permit.IssuerOffice} (permit {permit.Number})", ct);
        if (refused is not null)
        {
            LogNotSent(logger, permit.Number, refused.Render(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>853 for HS chapters 01–05 and 16 (animals and animal products), 851 for 06–14 (plants and plant products), 852 for 15 and 17–24; null otherwise.</summary>
    public static string? TypeOf(IEnumerable<PermitLine> lines)
    {
        var chapters = lines.Select(l => l.HsCode.Length >= 2 && int.TryParse(l.HsCode[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0).ToArray();
        return chapters.Any(c => c is >= 1 and <= 5 or 16) ? "853"
            : chapters.Any(c => c is >= 6 and <= 14) ? "851"
            : chapters.Any(c => c is 15 or (>= 17 and <= 24)) ? "852"
            : null;
    }

    /// <summary>The permit as a Codes permit record: every field the permit has a place for in an SPS certificate.</summary>
    public static JsonObject Record(PermitRecord p, string exportCountry)
    {
        var items = new JsonArray();
        foreach (var line in p.Lines.OrderBy(l => l.Sequence))
        {
            items.Add(new JsonObject
            {
                ["seq"] = line.Sequence.ToString(CultureInfo.InvariantCulture),
                ["description"] = line.Description,
                ["commodityCode"] = line.HsCode,
                ["quantity"] = line.Quantity.ToString(CultureInfo.InvariantCulture),
                ["unit"] = line.Unit,
            });
        }

        return new JsonObject
        {
            ["permitNo"] = p.Number,
            ["permitType"] = WireNames.Of(p.Kind),
            ["status"] = "issued",
            ["issuedAt"] = p.IssuedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["issuer"] = p.IssuerOffice,
            ["issueLocation"] = p.Port,
            ["declarationNo"] = p.DeclarationNumber,
            ["consignorName"] = p.TraderName,
            ["consignorId"] = p.TraderUscc,
            ["exportCountry"] = exportCountry,
            ["importCountry"] = p.Country,
            ["validUntil"] = p.ValidUntil.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["items"] = items,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The SPS certificate of export permit {Permit} was not sent through the hub: {Reason}")]
    private static partial void LogNotSent(ILogger logger, string permit, string reason);
}
