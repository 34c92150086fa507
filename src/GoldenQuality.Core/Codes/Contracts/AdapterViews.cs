using System.Text.Json.Nodes;
using GoldenQuality.Codes.Adapters;
using GoldenQuality.Codes.Sps;

namespace GoldenQuality.Codes.Contracts;

// The view and request records of the legacy adapters, canonical records and SPS certificates.

public sealed record AdapterView(string Name, string Format, string Encoding, string Record, string? Description);

public sealed record ImportResponse(string Adapter, int Lines, int Records, int Added, int Updated, int Unchanged, Reject[] Rejects);

/// <summary>A batch of canonical records of one kind, as <c>gq adapt --post</c> sends it.</summary>
public sealed record RecordBatch(string? Kind, string? Source, JsonObject[]? Records);

public sealed record ExportRequest(JsonObject[]? Records);

/// <summary>
/// An imported SPS certificate: the permit, every XML leaf as mapped or not, and every coded field of the permit
/// checked against the international coding on the certificate's issue date (unchanged = a known code in force).
/// </summary>
public sealed record SpsImportResponse(
    JsonObject Permit, int MappedCount, int NotMappedCount, SpsLeaf[] Mapped, SpsLeaf[] NotMapped, FieldOutcome[] Codes, UpsertSummary? Stored);

/// <summary>An uploaded file: its declared length (if any) and its content.</summary>
public sealed record Upload(long? ContentLength, Stream Body);

/// <summary>A file written in a legacy format: its bytes, content type and download name.</summary>
public sealed record LegacyFile(byte[] Bytes, string ContentType, string FileName);
