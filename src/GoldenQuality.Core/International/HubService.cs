using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.International.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GoldenQuality.International;

/// <summary>
/// The hub's use cases behind <c>/api/hub</c>: each refuses on a node that is not the hub (404), finds the member country
/// the officer acts for (403 otherwise), applies the retry rules it meets, and saves.
/// </summary>
internal sealed class HubService(HubDesk desk)
{
    public async Task<HandlerResult<HubDeliveryReceipt>> DeliverAsync(Actor actor, HubDeliveryRequest? request, CancellationToken ct)
    {
        if (desk.NotTheHub() is { } notHub)
        {
            return notHub;
        }

        var (member, refused) = MemberOf(actor);
        if (member is null)
        {
            return refused!;
        }

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

            return new HubDeliveryReceipt(delivery.DeliveryId, duplicate, row.Header());
        }
    }

    public async Task<HandlerResult<HubHeaders>> ListAsync(Actor actor, string? box, string? state, CancellationToken ct)
    {
        if (desk.NotTheHub() is { } notHub)
        {
            return notHub;
        }

        var (member, refused) = MemberOf(actor);
        if (member is null)
        {
            return refused!;
        }

        var v = new Validation();
        if (box is not (null or "" or "import" or "export"))
        {
            v.Add("box", Message.NotOneOf(box, "import, export"));
        }

        HubTrackingState? wanted = string.IsNullOrWhiteSpace(state) ? null : v.Enum<HubTrackingState>("state", state);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var rows = await desk.ListAsync(member.Country, box != "export", wanted, HubEndpoints.MaxListed, ct);
        return await SavedAsync(() => new HubHeaders(member.Country, [.. rows.Select(r => r.Header())]), ct);
    }

    public async Task<HandlerResult<HubEnvelope>> PullAsync(Actor actor, string number, CancellationToken ct)
    {
        if (desk.NotTheHub() is { } notHub)
        {
            return notHub;
        }

        var (member, refused) = MemberOf(actor);
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

        return await SavedAsync(() => new HubEnvelope(row.Header(), row.Content), ct);
    }

    public async Task<HandlerResult<HubTrackingView>> AcknowledgeAsync(Actor actor, string number, HubAcknowledgementRequest? request, CancellationToken ct)
    {
        if (desk.NotTheHub() is { } notHub)
        {
            return notHub;
        }

        var (member, refused) = MemberOf(actor);
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
        return await desk.TrackingAsync(row, ct);
    }

    public async Task<HandlerResult<HubTrackingView>> TrackingAsync(Actor actor, string number, CancellationToken ct)
    {
        if (desk.NotTheHub() is { } notHub)
        {
            return notHub;
        }

        var (member, refused) = MemberOf(actor);
        if (member is null)
        {
            return refused!;
        }

        if (await desk.FindAsync(number, member.Country, asDestination: false, ct) is not { } row)
        {
            return HubRules.NotExists(number);
        }

        var view = await desk.TrackingAsync(row, ct);
        return await SavedAsync(() => view, ct);
    }

    public async Task<HandlerResult<HubEnvelopeHeader[]>> AllTrackingAsync(string? state, CancellationToken ct)
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

        var rows = await desk.AllAsync(wanted, HubEndpoints.MaxListed, ct);
        return await SavedAsync(() => rows.Select(r => r.Header()).ToArray(), ct);
    }

    public async Task<HandlerResult<HubTrackingView>> OperatorTrackingAsync(string number, CancellationToken ct)
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
        return await SavedAsync(() => view, ct);
    }

    /// <summary>Saves what the retry rules changed while reading, then answers; a concurrent change is a 409 to try again.</summary>
    private async Task<HandlerResult<T>> SavedAsync<T>(Func<T> answer, CancellationToken ct)
    {
        try
        {
            await desk.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("version", new Message("hub.changed-meanwhile"));
        }

        return answer();
    }

    /// <summary>The member country the officer acts for: its office must be an authority the hub hosts.</summary>
    private (HubMember? Member, ProblemHttpResult? Refused) MemberOf(Actor actor) =>
        desk.Members.OfOffice(actor.OrganisationCode) is { FederationMember: null } member
            ? (member, null)
            : (null, Problems.Forbidden(new Message("hub.not-member", actor.OrganisationCode ?? actor.UserName)));
}
