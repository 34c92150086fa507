using GoldenQuality.Common;

namespace GoldenQuality.Registry.Contracts;

/// <summary>Creates or replaces an enterprise record. Enum fields use their wire names.</summary>
public sealed record EnterpriseRequest(
    string? Uscc,
    string? NameZh,
    string? NameEn,
    string? Address,
    string? AreaCode,
    string? LegalRepresentative,
    string? Type,
    string? BusinessScope,
    string[]? Roles,
    long? Version);

/// <summary>A registration; <c>agency</c> is the granting office's code (see /api/registry/organisations/{code}).</summary>
public sealed record RegistrationView(Guid Id, string Agency, string Kind, string Number, DateOnly ValidFrom, DateOnly? ValidTo);

/// <summary>The master record of an enterprise, as the API returns it and as it is published over the exchange.</summary>
public sealed record EnterpriseView(
    Guid Id,
    string Uscc,
    string NameZh,
    string? NameEn,
    string Address,
    string AreaCode,
    string LegalRepresentative,
    string Type,
    string BusinessScope,
    string[] Roles,
    RegistrationView[] Registrations,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One line of the enterprise list.</summary>
public sealed record EnterpriseSummary(string Uscc, string NameZh, string? NameEn, string AreaCode, string[] Roles);

/// <summary>A created record, with the near-duplicate warnings (never errors) its names gave.</summary>
public sealed record EnterpriseCreated(EnterpriseView Enterprise, string[] Warnings);

/// <summary>
/// The stored view of a record (<see cref="EnterpriseView"/> as JSON, kept in step on every save, decision 0003):
/// the API answers with <see cref="Json"/> as it is; a page reads <see cref="View"/>.
/// </summary>
public sealed record EnterpriseDocument(Guid Id, string Json)
{
    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>The record, read from its stored JSON.</summary>
    public EnterpriseView View() => System.Text.Json.JsonSerializer.Deserialize<EnterpriseView>(Json, Web)
        ?? throw new InvalidOperationException("The stored enterprise view is empty.");
}

/// <summary>One changed field of a record's history.</summary>
public sealed record ChangeView(DateTimeOffset At, string ChangedBy, string OnBehalfOf, string Field, string? OldValue, string? NewValue);

/// <summary>A registration to record; <c>agency</c> is the granting office's code.</summary>
public sealed record RegistrationRequest(string? Agency, string? Kind, string? Number, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>The outcome of checking a USCC, with the allow-list.</summary>
public sealed record UsccCheckView(string Code, bool Valid, bool AllowListed, string Problem, string Message, int? Position, string? Expected);

/// <summary>Admits a pilot-era code whose check character does not match.</summary>
public sealed record AllowListRequest(string? Uscc, string? Reason);

/// <summary>An entry of the USCC allow-list.</summary>
public sealed record AllowListView(string Uscc, string Reason, string AddedBy, DateTimeOffset AddedAt);

/// <summary>The enterprise vocabulary, as wire names (kebab-case), for forms that offer the choices.</summary>
public static class EnterpriseVocabulary
{
    /// <summary>The legal forms an enterprise record may name (<c>type</c>).</summary>
    public static IReadOnlyList<string> Types { get; } = [.. WireNames.All<EnterpriseType>()];

    /// <summary>The roles an enterprise may play in trade (<c>roles</c>), without <c>none</c>.</summary>
    public static IReadOnlyList<string> Roles { get; } = [.. WireNames.All<EnterpriseRoles>().Where(n => n != "none")];
}
