using System.Globalization;
using System.Text.Json;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GoldenQuality.Ministries;

/// <summary>The bounds and names of the import-inspection results the MEP receives and reviews.</summary>
internal static class InspectionResultRules
{
    public const string CompletedType = "declarations.import-inspection.completed";

    /// <summary>The data kind the MEP reports its use of the results under (<c>IDataUseFeedback</c>).</summary>
    public const string DataKind = "import-inspection-result";

    public const int MaxDeclaration = 64;

    public const int MaxLicence = 32;

    public const int MaxDescription = 512;

    public const int MaxReasons = 2000;

    /// <summary>What is wrong with a received result, or null when every field is present and within its bounds.</summary>
    public static string? Problem(InspectionResultReceived r)
    {
        if (string.IsNullOrWhiteSpace(r.DeclarationNumber) || r.DeclarationNumber.Length > MaxDeclaration)
        {
            return $"declarationNumber is required (at most {MaxDeclaration} characters)";
        }

        if (string.IsNullOrWhiteSpace(r.LicenceNumber) || r.LicenceNumber.Length > MaxLicence)
        {
            return $"licenceNumber is required (at most {MaxLicence} characters)";
        }

        if (!Uscc.Check(r.ImporterUscc).IsValid)
        {
            return "importerUscc is not a valid USCC";
        }

        if (r.HsCode is not { Length: >= 4 and <= 10 } || !r.HsCode.All(char.IsAsciiDigit))
        {
            return "hsCode must be 4 to 10 digits";
        }

        // The agreement may leave fields out (minimisation): the description and the reasons are kept when sent.
        if ((r.GoodsDescription?.Length ?? 0) > MaxDescription || (r.Reasons?.Length ?? 0) > MaxReasons)
        {
            return string.Create(CultureInfo.InvariantCulture, $"goodsDescription is at most {MaxDescription} characters and reasons at most {MaxReasons}");
        }

        if (r.Quantity < 0 || r.Quantity > LpcoRules.MaxQuantity || string.IsNullOrWhiteSpace(r.Unit) || r.Unit.Length > 8 || (r.PortOfEntry?.Length ?? 9) > 8)
        {
            return "quantity, unit and portOfEntry must be present and within their bounds";
        }

        return r.Decision is "passed" or "failed" ? null : "decision must be passed or failed";
    }
}

/// <summary>
/// Receives <c>declarations.import-inspection.completed</c> on the MEP's node: each result is checked (bounded fields)
/// and kept once per declaration and licence against the licence of this register, with the party that sent it and the
/// agreement it came under; a result for a licence this register does not hold is kept without one, and logged.
/// </summary>
internal sealed partial class ImportInspectionCompletedHandler(ExchangeNode node, TimeProvider clock, ILogger<ImportInspectionCompletedHandler> logger) : IEnvelopeHandler
{
    public bool Handles(string type) => type == InspectionResultRules.CompletedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        InspectionResultReceived? r;
        try
        {
            r = payload.ValueKind == JsonValueKind.Object ? payload.Deserialize<InspectionResultReceived>(Envelopes.Json) : null;
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{InspectionResultRules.CompletedType}: the payload does not read: {e.Message}", e);
        }

        var problem = r is null ? "no result" : InspectionResultRules.Problem(r);
        if (r is null || problem is not null)
        {
            throw new InvalidOperationException($"{InspectionResultRules.CompletedType}: {problem}.");
        }

        r = r with { LicenceNumber = r.LicenceNumber.Trim().ToUpperInvariant(), DeclarationNumber = r.DeclarationNumber.Trim(), PortOfEntry = r.PortOfEntry ?? "", GoodsDescription = r.GoodsDescription ?? "", Reasons = r.Reasons ?? "" };
        var (declaration, licence) = (r.DeclarationNumber, r.LicenceNumber);
        if (db.Set<InspectionResult>().Local.Any(x => x.DeclarationNumber == declaration && x.LicenceNumber == licence) ||
            await db.Set<InspectionResult>().AnyAsync(x => x.DeclarationNumber == declaration && x.LicenceNumber == licence, ct))
        {
            return;
        }

        var lpco = await db.Set<Lpco>().Where(l => l.Number == licence && l.Kind == LpcoKind.WasteImportLicence).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(ct);
        if (lpco is null)
        {
            LogUnknownLicence(logger, declaration, licence, header.Sender);
        }

        var now = clock.GetUtcNow();
        var agreement = node.Directory.Current?.Find(header.Sender, header.Recipients.FirstOrDefault() ?? node.Id, header.Type, dataset: false, now).Valid?.Id;
        db.Add(InspectionResult.Receive(Ids.New(clock), lpco, r, header.Sender, agreement, header.Id, header.CorrelationId, now));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import-inspection result of {Declaration} names waste import licence {Licence}, which this register does not hold (from {Sender}); kept without a licence")]
    private static partial void LogUnknownLicence(ILogger logger, string declaration, string licence, string sender);
}
