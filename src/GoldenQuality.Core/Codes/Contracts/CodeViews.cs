using System.Text.Json.Nodes;

namespace GoldenQuality.Codes.Contracts;

// The view and request records of the code tables: what the Codes API sends and receives.

public sealed record VersionView(string Version, string ValidFrom, string? ValidTo, string Status, string Source, int Codes);

public sealed record SystemView(string Id, string Name, string Domain, string Authority, VersionView[] Versions);

public sealed record CodeView(string System, string Version, string Code, string Description, string? ValidFrom, string? ValidTo);

public sealed record MappingView(
    Guid Id, string From, string FromCode, string To, string ToCode, string Cardinality, string? Condition,
    string ValidFrom, string? ValidTo, string Provenance, string Origin);

public sealed record AddMappingRequest(
    string? From, string? FromCode, string? To, string? ToCode, string? Cardinality, string? Condition,
    string? ValidFrom, string? ValidTo, string? Provenance);

public sealed record TranslationView(string From, string To, string Code, string Outcome, string? Target, string? TargetDescription, string? Reason, CandidateView[] Candidates);

public sealed record BulkItem(string? Code, Dictionary<string, string>? Conditions);

public sealed record BulkTranslateRequest(string? From, string? To, string? On, BulkItem[]? Codes);

public sealed record BulkTranslateResponse(string From, string To, string On, int Translated, int Unmappable, TranslationView[] Results);

public sealed record DocumentTranslateRequest(
    string? Kind, string? From, string? To, string? On, JsonObject? Document, Dictionary<string, Dictionary<string, string>>? Conditions);

public sealed record DocumentTranslateResponse(
    string Kind, string From, string To, string On, int Translated, int Unchanged, int Unmappable, JsonObject Document, FieldOutcome[] Fields);

/// <summary>One code to translate: from one system version to another (system:version), on a date (today by default), under conditions (key=value).</summary>
public sealed record TranslateRequest(string? From, string? To, string? Code, string? On, IReadOnlyList<string?> Conditions);

/// <summary>A field that cannot be translated: its path, its code, why, and the codes it could become (under a condition).</summary>
public sealed record UnmappableField(string Field, string? Code, string Reason, string[] Candidates);

/// <summary>A record's fields after translation (untranslatable fields keep their code) and the fields that could not be translated.</summary>
public sealed record RecordTranslation(IReadOnlyDictionary<string, string> Fields, UnmappableField[] Unmappable);
