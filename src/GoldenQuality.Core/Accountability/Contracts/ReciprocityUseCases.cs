using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;

namespace GoldenQuality.Accountability.Contracts;

/// <summary>
/// Sends this node's reciprocity summary now (as the background worker does every <c>Accountability:ReportEverySeconds</c>)
/// to the node hosting the coordinating body. The exchange operator's; 409 when the directory names no such node.
/// </summary>
public sealed class ReportReciprocity
{
    private readonly ReciprocityReporter reporter;

    internal ReportReciprocity(ReciprocityReporter reporter) => this.reporter = reporter;

    public async Task<HandlerResult<ReciprocitySent>> HandleAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Policies.IsExchangeOperator(actor))
        {
            return Problems.Forbidden(new Message("reciprocity.send-forbidden", actor.UserName));
        }

        try
        {
            return await reporter.ReportAsync(ct) is { } sent ? sent
                : Problems.Conflict("directory", new Message("reciprocity.no-host", Policies.CoordinatingOffice));
        }
        catch (ReciprocityRefusedException e)
        {
            return Problems.Conflict("agreement", e.Reason);
        }
        catch (InvalidOperationException e)
        {
            // Not one of the report's own refusals: the text comes from elsewhere (the exchange, the directory).
            return Problems.Conflict("agreement", new Message("text", e.Message));
        }
    }
}

/// <summary>The federation's reciprocity matrix, on-time rates and report times (on the node hosting the coordinating body). The leadership's.</summary>
public sealed class GetReciprocity
{
    private readonly ReciprocityMatrixBuilder builder;

    internal GetReciprocity(ReciprocityMatrixBuilder builder) => this.builder = builder;

    public async Task<HandlerResult<ReciprocityMatrix>> HandleAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Policies.IsLeadership(actor))
        {
            return Problems.Forbidden(new Message("reciprocity.read-forbidden", actor.UserName));
        }

        return await builder.BuildAsync(ct);
    }
}
