using System.Text.Json;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Ministries.Contracts;
using GoldenQuality.Persistence;

namespace GoldenQuality.Declarations;

/// <summary>
/// Applies <c>ministries.credit.class-changed</c> from the central bank's node: forgets the class <see cref="CreditLookup"/>
/// cached for the enterprise, so that the next risk decision asks the central bank again and uses the new class.
/// </summary>
internal sealed class CreditClassChangedHandler(CreditLookup credit) : IEnvelopeHandler
{
    public bool Handles(string type) => type == MinistriesWire.CreditClassChangedType;

    public Task HandleAsync(GqDbContext db, EnvelopeHeader header, JsonElement payload, CancellationToken ct)
    {
        var uscc = payload.ValueKind == JsonValueKind.Object ? payload.Deserialize<CreditClassChanged>(Envelopes.Json)?.Uscc : null;
        if (string.IsNullOrEmpty(uscc) || uscc.Length > 18)
        {
            throw new InvalidOperationException($"{MinistriesWire.CreditClassChangedType} carries no valid uscc.");
        }

        credit.Forget(uscc.Trim().ToUpperInvariant());
        return Task.CompletedTask;
    }
}
