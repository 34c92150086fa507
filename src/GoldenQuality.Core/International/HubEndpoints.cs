using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.International.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.International;

/// <summary>
/// The hub's HTTP API (<c>/api/hub</c>) for the foreign authorities it hosts (policy <c>hub-member</c>; an officer acts
/// for the country of its office) and for its operator (<c>hub-operator</c>). On any node that is not the hub every
/// endpoint answers 404 "Not the hub".
/// </summary>
internal static class HubEndpoints
{
    /// <summary>The most headers one list answers with (newest first).</summary>
    public const int MaxListed = 500;

    public static RouteGroupBuilder MapHub(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/hub").WithTags("International: hub");
        group.MapPost("/envelopes", Deliver).WithName("DeliverHubEnvelope")
            .WithSummary("Delivers an envelope (SPS certificate XML or border-rejection notice) to another member country; a delivery id seen before is kept once. 422 names a refused field.")
            .RequireAuthorization(Policies.HubMember);
        group.MapGet("/envelopes", List).WithName("ListHubEnvelopes")
            .WithSummary("The headers of the envelopes sent to the officer's country (box=import, the default) or by it (box=export), newest first, optionally in one state.")
            .RequireAuthorization(Policies.HubMember);
        group.MapGet("/envelopes/{number}", Pull).WithName("PullHubEnvelope")
            .WithSummary("Pulls one envelope sent to the officer's country, with its content; a pending envelope counts one delivery attempt until it is acknowledged.")
            .RequireAuthorization(Policies.HubMember);
        group.MapPost("/envelopes/{number}/acknowledgement", Acknowledge).WithName("AcknowledgeHubEnvelope")
            .WithSummary("Acknowledges a pulled envelope: delivered, delivered-with-warnings, delivered-not-readable or failed-delivery (with the reason).")
            .RequireAuthorization(Policies.HubMember);
        group.MapGet("/envelopes/{number}/tracking", Tracking).WithName("TrackHubEnvelope")
            .WithSummary("The tracking state and history of an envelope the officer's country sent or received (404 envelope-not-exists otherwise).")
            .RequireAuthorization(Policies.HubMember);
        group.MapGet("/tracking", AllTracking).WithName("ListHubTracking")
            .WithSummary("The hub operator's view: every envelope's header and tracking state, newest first, optionally in one state.")
            .RequireAuthorization(Policies.HubOperator);
        group.MapGet("/tracking/{number}", OperatorTracking).WithName("GetHubTracking")
            .WithSummary("The hub operator's view of one envelope's tracking state and history.")
            .RequireAuthorization(Policies.HubOperator);
        return group;
    }

    private static async Task<Results<Created<HubDeliveryReceipt>, Ok<HubDeliveryReceipt>, ProblemHttpResult>> Deliver(
        HttpContext http, HubDesk desk, HubDeliveryRequest? request, CancellationToken ct)
    {
        if (desk.NotTheHub() is { } notHub)
        {
            return notHub;
        }

        var (member, refused) = MemberOf(desk, Actor.From(http.User));
        if (member is null)
        {
            return refused!;
        }

        var actor = Actor.From(http.User);
        var r = request ?? new HubDeliveryRequest(null, null, null, null, null, null, null);
        var (delivery, errors) = HubRules.Check(member, desk.Members, r.DeliveryId, r.To, r.Kind, r.CertificateType, r.CertificateStatus, r.NppoCertificateNumber, r.Content);
        if (delivery is null)
        {
            return HubRules.Refused(errors);
        }

        for (var attempt = 0; ; attempt++)
        {
            var (row, duplicate) = await desk.DeliverAsync(member, desk.Members.HubNode!, delivery, $"{actor.UserName} ({member.Office})", ct);
            try
            {
                await desk.Db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another delivery took the same number (or the same delivery id) at the same time: read again.
                desk.Db.ChangeTracker.Clear();
                continue;
            }

            var receipt = new HubDeliveryReceipt(delivery.DeliveryId, duplicate, row.Header());
            return duplicate ? TypedResults.Ok(receipt) : TypedResults.Created("/api/hub/envelopes/" + Uri.EscapeDataString(row.Number), receipt);
        }
    }

    private static async Task<Results<Ok<HubHeaders>, ValidationProblem, ProblemHttpResult>> List(HttpContext http, HubDesk desk, string? box, string? state, CancellationToken ct)
    {
        if (desk.NotTheHub() is { } notHub)
        {
            return notHub;
        }

        var (member, refused) = MemberOf(desk, Actor.From(http.User));
        if (member is null)
        {
            return refused!;
        }

        var v = new Validation();
        if (box is not (null or "" or "import" or "export"))
        {
            v.Add("box", $"'{box}' is not one of: import, export");
        }

        HubTrackingState? wanted = string.IsNullOrWhiteSpace(state) ? null : v.Enum<HubTrackingState>("state", state);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var rows = await desk.ListAsync(member.Country, box != "export", wanted, MaxListed, ct);
        return await SavedAsync(desk, () => new HubHeaders(member.Country, [.. rows.Select(r => r.Header())]), ct);
    }

    private static async Task<Results<Ok<HubEnvelope>, ValidationProblem, ProblemHttpResult>> Pull(HttpContext http, HubDesk desk, string number, CancellationToken ct)
    {
        if (desk.NotTheHub() is { } notHub)
        {
            return notHub;
        }

        var actor = Actor.From(http.User);
        var (member, refused) = MemberOf(desk, actor);
        if (member is null)
        {
            return refused!;
        }

        if (await desk.FindAsync(number, member.Country, asDestination: true, ct) is not { } row)
        {
            return HubRules.NotExists(number);
        }

        if (desk.Pull(row, $"{actor.UserName} ({member.Office})") is { } problem)
        {
            await desk.Db.SaveChangesAsync(ct); // the retry rules may have failed it just now
            return problem;
        }

        return await SavedAsync(desk, () => new HubEnvelope(row.Header(), row.Content), ct);
    }

    private static async Task<Results<Ok<HubTrackingView>, ValidationProblem, ProblemHttpResult>> Acknowledge(
        HttpContext http, HubDesk desk, string number, HubAcknowledgementRequest? request, CancellationToken ct)
    {
        if (desk.NotTheHub() is { } notHub)
        {
            return notHub;
        }

        var actor = Actor.From(http.User);
        var (member, refused) = MemberOf(desk, actor);
        if (member is null)
        {
            return refused!;
        }

        var (outcome, reason, errors) = HubDesk.CheckAcknowledgement(request?.Outcome, request?.Reason);
        if (!errors.IsValid)
        {
            return errors.Result();
        }

        if (await desk.FindAsync(number, member.Country, asDestination: true, ct) is not { } row)
        {
            return HubRules.NotExists(number);
        }

        if (desk.Acknowledge(row, outcome, reason, $"{actor.UserName} ({member.Office})") is { } problem)
        {
            return problem;
        }

        await desk.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await desk.TrackingAsync(row, ct));
    }

    private static async Task<Results<Ok<HubTrackingView>, ValidationProblem, ProblemHttpResult>> Tracking(HttpContext http, HubDesk desk, string number, CancellationToken ct)
    {
        if (desk.NotTheHub() is { } notHub)
        {
            return notHub;
        }

        var (member, refused) = MemberOf(desk, Actor.From(http.User));
        if (member is null)
        {
            return refused!;
        }

        if (await desk.FindAsync(number, member.Country, asDestination: false, ct) is not { } row)
        {
            return HubRules.NotExists(number);
        }

        var view = await desk.TrackingAsync(row, ct);
        return await SavedAsync(desk, () => view, ct);
    }

    private static async Task<Results<Ok<HubEnvelopeHeader[]>, ValidationProblem, ProblemHttpResult>> AllTracking(HubDesk desk, string? state, CancellationToken ct)
    {
        if (desk.NotTheHub() is { } notHub)
        {
            return notHub;
        }

        var v = new Validation();
        HubTrackingState? wanted = string.IsNullOrWhiteSpace(state) ? null : v.Enum<HubTrackingState>("state", state);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var rows = await desk.AllAsync(wanted, MaxListed, ct);
        return await SavedAsync(desk, () => rows.Select(r => r.Header()).ToArray(), ct);
    }

    private static async Task<Results<Ok<HubTrackingView>, ValidationProblem, ProblemHttpResult>> OperatorTracking(HubDesk desk, string number, CancellationToken ct)
    {
        if (desk.NotTheHub() is { } notHub)
        {
            return notHub;
        }

        if (await desk.FindAsync(number, null, asDestination: false, ct) is not { } row)
        {
            return HubRules.NotExists(number);
        }

        var view = await desk.TrackingAsync(row, ct);
        return await SavedAsync(desk, () => view, ct);
    }

    /// <summary>Saves what the retry rules changed while reading, then answers; a concurrent change is a 409 to try again.</summary>
    private static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> SavedAsync<T>(HubDesk desk, Func<T> answer, CancellationToken ct)
    {
        try
        {
            await desk.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("version", "the envelope changed at the same time; ask again");
        }

        return TypedResults.Ok(answer());
    }

    /// <summary>The member country the officer acts for: its office must be an authority the hub hosts.</summary>
    private static (HubMember? Member, ProblemHttpResult? Refused) MemberOf(HubDesk desk, Actor actor) =>
        desk.Members.OfOffice(actor.OrganisationCode) is { FederationMember: null } member
            ? (member, null)
            : (null, Problems.Forbidden($"{actor.OrganisationCode ?? actor.UserName} is not a member authority hosted on this hub (data/international/hub-members.csv)."));
}
