using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.Identity.Contracts;

namespace GoldenQuality.Accountability.Contracts;

/// <summary>A requester's information need (docs/accountability.md): provider and consumers are member ids (<c>GQ/GOV/AQSIQ</c>).</summary>
public sealed record FileNeedRequest(
    string? ProviderAgency,
    string? Title,
    string? Description,
    string[]? MessageTypes,
    string[]? Datasets,
    string? Purpose,
    string? Regulation,
    string? Article,
    string[]? Consumers,
    string[]? Fields,
    string? Frequency,
    DateOnly? Deadline);

/// <summary>The requester withdraws the need, on the version it read (before the decision).</summary>
public sealed record WithdrawNeedRequest(long? Version);

/// <summary>The provider's comment, on the version it read.</summary>
public sealed record CommentNeedRequest(long? Version, string? Text);

/// <summary>One step of the agreement: who answers for it, and within which ISO 8601 duration (e.g. <c>PT4H</c>, <c>P2D</c>).</summary>
public sealed record AgreementStepDraft(string? Step, string? Accountable, string? ResponseDeadline);

/// <summary>The agreement an approval produces; the fields left out are taken from the need (the provider is always the need's).</summary>
public sealed record AgreementDraft(
    string[]? Consumers,
    string[]? MessageTypes,
    string[]? Datasets,
    string? Purpose,
    string? Regulation,
    string? Article,
    string[]? AllowedFields,
    string? Sensitivity,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidTo,
    AgreementStepDraft[]? Steps);

/// <summary>The coordinator's decision on the version it read: approve (with the agreement) or refuse (reasons required).</summary>
public sealed record DecideNeedRequest(long? Version, string? Decision, string? Reasons, AgreementDraft? Agreement);

/// <summary>An information need as a reader sees it, with the agreement an approval produced and whether the directory in force has it.</summary>
public sealed record NeedView(NeedWire Need, Agreement? Agreement, bool InDirectory, long? DirectoryVersion, NeedPermissions May);

/// <summary>What the reader may do with the need on this node (the pages show the forms accordingly).</summary>
public sealed record NeedPermissions(bool Comment, bool Decide, bool Withdraw);

/// <summary>One line of the list of needs.</summary>
public sealed record NeedSummary(string Number, string State, string Title, string RequesterAgency, string RequesterOffice, string ProviderAgency, DateOnly Deadline, DateTimeOffset FiledAt, string? AgreementId);

/// <summary>The use cases of information needs, implemented by the module's desk.</summary>
public interface INeedDesk
{
    Task<HandlerResult<NeedView>> FileAsync(Actor actor, FileNeedRequest request, CancellationToken ct);

    Task<HandlerResult<NeedView>> CommentAsync(Actor actor, string number, CommentNeedRequest request, CancellationToken ct);

    Task<HandlerResult<NeedView>> WithdrawAsync(Actor actor, string number, WithdrawNeedRequest request, CancellationToken ct);

    Task<HandlerResult<NeedView>> DecideAsync(Actor actor, string number, DecideNeedRequest request, CancellationToken ct);

    Task<HandlerResult<NeedView>> GetAsync(Actor actor, string number, CancellationToken ct);

    Task<HandlerResult<Paged<NeedSummary>>> ListAsync(Actor actor, string? state, int? page, int? pageSize, CancellationToken ct);
}

/// <summary>Files an information need for the actor's own agency (any official; not the coordinating body).</summary>
public sealed class FileNeed(INeedDesk desk)
{
    public Task<HandlerResult<NeedView>> HandleAsync(Actor actor, FileNeedRequest request, CancellationToken ct) => desk.FileAsync(actor, request, ct);
}

/// <summary>The provider agency's official comments on a need addressed to it.</summary>
public sealed class CommentNeed(INeedDesk desk)
{
    public Task<HandlerResult<NeedView>> HandleAsync(Actor actor, string number, CommentNeedRequest request, CancellationToken ct) => desk.CommentAsync(actor, number, request, ct);
}

/// <summary>An official of the requesting agency, on the requester's node, withdraws the need before it is decided.</summary>
public sealed class WithdrawNeed(INeedDesk desk)
{
    public Task<HandlerResult<NeedView>> HandleAsync(Actor actor, string number, WithdrawNeedRequest request, CancellationToken ct) => desk.WithdrawAsync(actor, number, request, ct);
}

/// <summary>The coordinator approves (producing a signed agreement for the directory) or refuses with reasons.</summary>
public sealed class DecideNeed(INeedDesk desk)
{
    public Task<HandlerResult<NeedView>> HandleAsync(Actor actor, string number, DecideNeedRequest request, CancellationToken ct) => desk.DecideAsync(actor, number, request, ct);
}

/// <summary>One need, for the requester's and provider's officials, the coordinator and the leadership.</summary>
public sealed class GetNeed(INeedDesk desk)
{
    public Task<HandlerResult<NeedView>> HandleAsync(Actor actor, string number, CancellationToken ct) => desk.GetAsync(actor, number, ct);
}

/// <summary>The needs the actor may read, newest first, optionally of one state.</summary>
public sealed class ListNeeds(INeedDesk desk)
{
    public Task<HandlerResult<Paged<NeedSummary>>> HandleAsync(Actor actor, string? state, int? page, int? pageSize, CancellationToken ct) => desk.ListAsync(actor, state, page, pageSize, ct);
}
