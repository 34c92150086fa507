using System.Text.Json;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GoldenQuality.Accountability;

/// <summary>
/// Applies the need messages (<c>accountability.need.filed</c>, <c>.commented</c>, <c>.decided</c>) on the nodes involved: each
/// carries the whole need, kept only when its version is newer than this node's copy (idempotent, and a late message
/// changes nothing). The sender must be the party of the change: the requester's node files, the provider agency's node
/// comments, the coordinating body's node decides. On the directory authority an approval's signed agreement is queued.
/// </summary>
internal sealed partial class NeedMessageHandler(ExchangeNode node, IDirectoryAuthority authority, TimeProvider clock, ILogger<NeedMessageHandler> logger) : IEnvelopeHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool Handles(string type) =>
        type is AccountabilityWire.NeedFiledType or AccountabilityWire.NeedCommentedType or AccountabilityWire.NeedDecidedType;

    public async Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(header);
        NeedWire? need;
        try
        {
            need = payload.Deserialize<NeedWire>(Json);
        }
        catch (JsonException e)
        {
            LogRefused(logger, header.Type, header.Sender, e.Message);
            return;
        }

        var senderNode = Parties.NodeOf(header.Sender);
        var directory = node.Directory.Required;
        var problem = need is null || !NeedRules.IsNumber(need.Number) ? "the payload is not an information need"
            : header.Type switch
            {
                AccountabilityWire.NeedFiledType when senderNode != need.RequesterNode || Parties.MemberOf(senderNode) != need.RequesterAgency =>
                    $"{senderNode} is not the requester's node {need.RequesterNode}",
                AccountabilityWire.NeedCommentedType when Parties.MemberOf(senderNode) != need.ProviderAgency =>
                    $"{senderNode} is not a node of the provider agency {need.ProviderAgency}",
                AccountabilityWire.NeedDecidedType when directory.HostOf(Policies.CoordinatingOffice)?.Id != senderNode || need.Decision is null =>
                    $"{senderNode} does not host the coordinating body {Policies.CoordinatingOffice}, or the need carries no decision",
                _ => null,
            };
        if (problem is not null)
        {
            LogRefused(logger, header.Type, header.Sender, problem);
            return;
        }

        var now = clock.GetUtcNow();
        var row = await db.Set<NeedRow>().FirstOrDefaultAsync(n => n.Number == need!.Number, ct);
        if (row is null)
        {
            db.Add(NeedRow.File(Common.Ids.New(clock), need!, now));
        }
        else if (need!.Version > row.Version)
        {
            row.Apply(need, now);
        }

        if (header.Type == AccountabilityWire.NeedDecidedType && need!.Decision is { Approved: true, AgreementJws: { } jws } && authority.IsAuthority &&
            await authority.QueueAsync(db, jws, Policies.CoordinatingOffice, need.Number, ct) is { } refused)
        {
            LogRefused(logger, header.Type, header.Sender, refused);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Type} from {Sender}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string type, string sender, string reason);
}
