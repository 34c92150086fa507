using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.Exchange;

/// <summary>The exchange's HTTP surface: the inbox and query endpoints for peers, and the operator's views.</summary>
internal static class ExchangeEndpoints
{
    public static IEndpointRouteBuilder MapExchange(this IEndpointRouteBuilder app)
    {
        var peers = app.MapGroup("/api/exchange").WithTags("Exchange");

        // Peers prove who they are by the signature of every envelope (keys from the signed directory), not by sign-in,
        // and reach these three only over the mutual-TLS peer listener with a pinned certificate (PeerTransport, decision 0009).
        peers.MapGet("/directory", Directory).AllowAnonymous().AddEndpointFilter(PeerTransport.PeerOnly).WithName("GetDirectory")
            .WithSummary("The signed federation directory in force on this node (JWS, ES256).");
        peers.MapPost("/inbox", Inbox).AllowAnonymous().AddEndpointFilter(PeerTransport.PeerOnly).WithName("Inbox")
            .WithSummary("Receives a batch of signed envelopes; answers each with a signed receipt or a typed rejection.");
        peers.MapPost("/query", Query).AllowAnonymous().AddEndpointFilter(PeerTransport.PeerOnly).WithName("AnswerQuery")
            .WithSummary("Answers a signed dataset query under an agreement with a signed response.");

        // The operator's endpoints: exchange operators (information centres), administrators and systems of an office.
        var operators = app.MapGroup("/api/exchange").WithTags("Exchange").RequireAuthorization(Policies.ExchangeOperator);
        operators.MapPost("/messages", Publish).WithName("PublishMessage")
            .WithSummary("Publishes an operator message type (never a domain type: those only their module sends) to every party an agreement covers, or to the named recipients.");
        peers.MapPost("/queries", RunQuery).WithName("QueryDataset").RequireAuthorization(Policies.Official)
            .WithSummary("Queries a dataset on another node and returns its verified answer.");
        operators.MapGet("/status", Status).WithName("ExchangeStatus").WithSummary("Peers and their health, outbox depth, dead letters, directory and log.");
        operators.MapGet("/outbox", Outbox).WithName("ListOutbox");
        operators.MapGet("/inbox", ListInbox).WithName("ListInbox");
        operators.MapGet("/dead-letters", DeadLetters).WithName("ListDeadLetters");
        operators.MapPost("/dead-letters/{id:guid}/retry", Retry).WithName("RetryDeadLetter");
        operators.MapGet("/rejections", Rejections).WithName("ListRejections");
        operators.MapGet("/agreements", Agreements).WithName("ListAgreements").WithSummary("The sharing agreements in force, from the signed directory.");
        operators.MapGet("/log/verify", VerifyLog).WithName("VerifyMessageLog").WithSummary("Walks the hash chain and the signed checkpoints.");
        return app;
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Directory(ExchangeNode node) =>
        node.Directory.Current is { } d
            ? TypedResults.Text(d.Jws, "application/jose", System.Text.Encoding.ASCII)
            : TypedResults.Problem(detail: "This node has no verified federation directory.", statusCode: StatusCodes.Status503ServiceUnavailable);

    private static async Task<Results<Ok<InboxResponse>, ProblemHttpResult>> Inbox(HttpRequest request, ReceiveEnvelopes handler, CancellationToken ct) =>
        (await handler.HandleAsync(request.Body, request.HttpContext.Connection.RemoteIpAddress?.ToString(), ct)).ToOkOrProblem();

    private static async Task<Results<Ok<QueryReply>, JsonHttpResult<QueryReply>, ProblemHttpResult>> Query(
        QueryRequest? body, ExchangeNode node, ExchangeReceiver receiver, IEnumerable<IDatasetProvider> providers, CancellationToken ct)
    {
        if (!node.Enabled || node.Directory.Current is null)
        {
            return ExchangeProblems.NotConfigured();
        }

        var (response, rejection) = await receiver.AnswerAsync(body?.Request, providers, ct);
        return response is not null
            ? TypedResults.Ok(new QueryReply(response, null))
            : TypedResults.Json(new QueryReply(null, rejection), Envelopes.Json, statusCode: StatusCodes.Status403Forbidden);
    }

    /// <summary>Sends an operator message type (never a domain type), as the caller's office or one under it, with a bounded payload.</summary>
    private static async Task<Results<Ok<PublishResponse>, ValidationProblem, ProblemHttpResult>> Publish(
        HttpContext http, PublishMessage handler, PublishRequest request, CancellationToken ct) =>
        (await handler.HandleAsync(Actor.From(http.User), request, ct)).ToOk();

    private static async Task<Results<Ok<QueryOutcome>, ValidationProblem, ProblemHttpResult>> RunQuery(
        HttpContext http, ExchangeNode node, ExchangeQueries queries, QueryCommand command, CancellationToken ct)
    {
        var v = new Validation();
        var provider = v.Required("provider", command.Provider, 128);
        var dataset = v.Required("dataset", command.Dataset, 64);
        if (!v.IsValid)
        {
            return v.Result();
        }

        if (!node.Enabled || node.Directory.Current is null)
        {
            return ExchangeProblems.NotConfigured();
        }

        var outcome = await queries.QueryAsync(provider, dataset, (object?)command.Parameters ?? new { }, ct);
        return TypedResults.Ok(outcome);
    }

    private static async Task<Ok<ExchangeStatus>> Status(ExchangeOperations operations, CancellationToken ct) =>
        TypedResults.Ok(await operations.StatusAsync(ct));

    private static async Task<Results<Ok<Paged<OutboxView>>, ValidationProblem>> Outbox(GqDbContext db, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var v = new Validation();
        var (p, size) = Paging.Read(v, page, pageSize);
        var query = db.Set<OutboxMessage>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(status))
        {
            var s = v.Enum<OutboxStatus>("status", status);
            query = query.Where(o => o.Status == s);
        }

        if (!v.IsValid)
        {
            return v.Result();
        }

        return TypedResults.Ok(await ExchangeOperations.PageOf(query.OrderByDescending(o => o.Sequence), p, size, ct));
    }

    private static async Task<Results<Ok<Paged<InboxView>>, ValidationProblem>> ListInbox(IExchangeRecords records, string? type, int? page, int? pageSize, CancellationToken ct)
    {
        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var received = await records.ReceivedAsync(new ReceivedQuery(Type: type, NewestFirst: true), p, size, ct);
        return TypedResults.Ok(new Paged<InboxView>([.. received.Items.Select(m => new InboxView(m.EnvelopeId, m.Type, m.Sender, m.AgreementId, m.ReceivedAt, m.Payload))], p, size, received.Total));
    }

    private static async Task<Results<Ok<Paged<OutboxView>>, ValidationProblem>> DeadLetters(ExchangeOperations operations, int? page, int? pageSize, CancellationToken ct)
    {
        return Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid ? invalid : TypedResults.Ok(await operations.DeadLettersAsync(p, size, ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Retry(ExchangeOperations operations, Guid id, CancellationToken ct) =>
        await operations.RetryAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound(new Message("noun.dead-letter"), id.ToString());

    private static async Task<Results<Ok<Paged<RejectionView>>, ValidationProblem>> Rejections(GqDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        if (Paging.Invalid(page, pageSize, out var p, out var size) is { } invalid)
        {
            return invalid;
        }

        var query = db.Set<ExchangeRejection>().AsNoTracking();
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Paged<RejectionView>([.. items.Select(r => new RejectionView(r.At, r.Direction, r.EnvelopeId, r.Type, r.Party, r.Reason, r.Detail))], p, size, total));
    }

    private static Ok<Agreement[]> Agreements(ExchangeOperations operations) => TypedResults.Ok(operations.Agreements());

    private static async Task<Ok<LogVerification>> VerifyLog(ExchangeOperations operations, CancellationToken ct) =>
        TypedResults.Ok(await operations.VerifyLogAsync(ct));
}
