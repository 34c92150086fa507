using System.Text.Json;
using GoldenQuality.Persistence;

namespace GoldenQuality.Exchange.Contracts;

/// <summary>Applies an accepted envelope of one message type, in the same transaction as its inbox record.</summary>
public interface IEnvelopeHandler
{
    bool Handles(string type);

    Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct);
}
