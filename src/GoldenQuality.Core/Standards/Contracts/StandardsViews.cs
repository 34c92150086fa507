namespace GoldenQuality.Standards.Contracts;

// The view and request records of the standards catalogue: what its API sends and receives.

/// <summary>A line of an import file that was not taken, with the reason.</summary>
public sealed record ImportReject(string File, int Line, string Reason);

/// <summary>What importing one file did.</summary>
public sealed record ImportFileSummary(string File, int Rows, int Inserted, int Updated, int Unchanged, int Rejected);

public sealed record CategoryView(string Code, string? Parent, string NameZh, string NameEn, string[] HsCodes, string[] CiqCodes, string[] Path, string[] Children);

public sealed record ParameterView(string Code, string NameZh, string NameEn, string Quantity, string Unit);

public sealed record StandardView(string Number, string Title, string Kind, string IssuingBody, string? Province, DateOnly ValidFrom, DateOnly? ValidTo, string? SupersededBy);

public sealed record RequirementView(Guid Id, string Standard, string Clause, string Category, string Parameter, string? ProcessingState, string Kind,
    double? Lower, double? Upper, string Unit, string Method, string Jurisdiction);

/// <summary>A requirement considered for a resolution, and why it does or does not govern.</summary>
public sealed record CandidateView(string Standard, string Clause, string Category, string Kind, double? Lower, double? Upper, string Unit,
    string Jurisdiction, string? ProcessingState, DateOnly ValidFrom, DateOnly? ValidTo, bool Governs, string Reason);

/// <summary>The governing limit, converted to the unit asked for.</summary>
public sealed record LimitView(Guid RequirementId, string Standard, string Clause, string Category, string Kind, double? Lower, double? Upper, string Unit,
    string Method, string Jurisdiction, bool Inherited);

public sealed record ResolutionView(string Product, string Parameter, string Market, DateOnly Date, string? ProcessingState, LimitView? Governing, CandidateView[] Candidates);

public sealed record IndexView(long Generation, DateTimeOffset LoadedAt, int Categories, int Parameters, int Requirements, int Groups, double ReadMilliseconds, double CompileMilliseconds);

public sealed record ImportResultView(ImportFileSummary Summary, ImportReject[] Rejects, IndexView Index);

/// <summary>The standards catalogue: product tree, standards, requirements, limit resolution, import and export.</summary>

/// <summary>Which categories to list: the children of a parent (the roots when none), or those matching a text.</summary>
public sealed record CategoryQuery(string? Parent = null, string? Text = null, int? Page = null, int? PageSize = null);

/// <summary>Which standards to list: by exact number, kind (kebab-case) or text.</summary>
public sealed record StandardQuery(string? Number = null, string? Kind = null, string? Text = null, int? Page = null, int? PageSize = null);

/// <summary>Which requirements to list: by standard, category or parameter.</summary>
public sealed record RequirementQuery(string? Standard = null, string? Category = null, string? Parameter = null, int? Page = null, int? PageSize = null);

/// <summary>
/// The requirement asked for: a product category and parameter, in a market (<c>export</c> by default, <c>domestic</c>,
/// <c>domestic:&lt;province&gt;</c>) on a date (today by default), for a processing state, with limits in a unit.
/// </summary>
public sealed record ResolveRequest(string? Product, string? Parameter, string? Market = null, DateOnly? Date = null, string? State = null, string? Unit = null);
