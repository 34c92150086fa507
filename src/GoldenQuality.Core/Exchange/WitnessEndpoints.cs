using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GoldenQuality.Exchange;

/// <summary>The exchange operator's witnessing and evidence endpoints.</summary>
internal static class WitnessEndpoints
{
    public static IEndpointRouteBuilder MapWitness(this IEndpointRouteBuilder app)
    {
        var operators = app.MapGroup("/api/exchange").WithTags("Exchange").RequireAuthorization(Policies.ExchangeOperator);
        operators.MapPost("/witness", Publish).WithName("PublishCheckpoints")
            .WithSummary("Publishes this node's latest signed log checkpoints to every peer now, and returns what was sent.");
        operators.MapGet("/witness", Status).WithName("WitnessStatus")
            .WithSummary("What each peer witnessed of this node's logs, and the conflicting checkpoints peers showed this node.");
        operators.MapGet("/evidence", Evidence).WithName("ExportEvidence")
            .WithSummary("The evidence bundle of one case: envelopes, receipts, the log segment, the signed checkpoint, the witness statements and the directory.");
        return app;
    }

    private static async Task<Ok<WitnessPublication>> Publish(WitnessPublisher publisher, CancellationToken ct) =>
        TypedResults.Ok(await publisher.PublishAsync(ct));

    private static async Task<Ok<WitnessStatus>> Status(WitnessStatusQuery query, CancellationToken ct) =>
        TypedResults.Ok(await query.GetAsync(ct));

    private static async Task<Results<Ok<EvidenceBundle>, ValidationProblem>> Evidence(EvidenceBundles bundles, string? correlationId, string? envelope, CancellationToken ct)
    {
        var v = new Validation();
        var id = ParseId(v, "correlationId", correlationId, required: true);
        var one = ParseId(v, "envelope", envelope, required: false);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var (bundle, field, problem) = await bundles.ExportAsync(id!.Value, one, ct);
        if (bundle is null)
        {
            v.Add(field!, problem!);
            return v.Result();
        }

        return TypedResults.Ok(bundle);
    }

    private static Guid? ParseId(Validation v, string field, string? text, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                v.Add(field, Message.Required);
            }

            return null;
        }

        if (text.Length > 64 || !Guid.TryParse(text, out var id))
        {
            v.Add(field, new Message("exchange.guid"));
            return null;
        }

        return id;
    }
}
