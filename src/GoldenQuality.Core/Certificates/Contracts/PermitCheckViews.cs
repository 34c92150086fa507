namespace GoldenQuality.Certificates.Contracts;

public enum CheckOutcome
{
    Match,
    Mismatch,
    Unknown,
    Revoked,
    Expired,
    QuantityExhausted,

    /// <summary>The permit is held (hold register: a rapid alert); the detail names the reason. Nothing is drawn until a decision lifts it.</summary>
    Held,
}

/// <summary>A goods line as the paper shows it.</summary>
public sealed record PaperLine(int? Sequence, string? HsCode, decimal? Quantity, string? Unit);

/// <summary>What the officer reads off the paper permit (any field may be left out).</summary>
public sealed record PaperPermit(string? TraderUscc, string? Country, PaperLine[]? Lines);

/// <summary>A paper permit presented at the port: its QR payload, or its number and verification code typed in.</summary>
public sealed record CheckRequest(string? Qr, string? Number, string? VerificationCode, PaperPermit? Paper);

public sealed record DrawLine(int? Sequence, decimal? Quantity);

/// <summary>A release: the check, and the quantities of this shipment drawn from the permit.</summary>
public sealed record ReleaseRequest(string? Qr, string? Number, string? VerificationCode, PaperPermit? Paper, DrawLine[]? DrawDown);

/// <summary>A field where the paper and the electronic copy differ.</summary>
public sealed record Difference(string Field, string? Paper, string? Electronic);

public sealed record RemainingView(int Sequence, string HsCode, string Description, decimal Permitted, decimal Remaining, string Unit);

/// <summary>The answer of a check: the outcome, why, the fields that differ, and what is left to draw.</summary>
public sealed record CheckView(
    CheckOutcome Outcome, string? Number, int? Revision, string Detail, Difference[] Differences, string? Port, string? Holder, string? TraderUscc,
    string? DeclarationNumber, DateTimeOffset? ValidUntil, DateTimeOffset? RevokedAt, string? RevocationReason, RemainingView[] Remaining)
{
    /// <summary>The detail as a coded message (what is stored); <see cref="Detail"/> is its rendering in the request's language.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal GoldenQuality.Common.Message? Reason { get; init; }

    /// <summary>The view with its detail: rendered in the current UI language, and kept coded for what is stored.</summary>
    internal CheckView Saying(GoldenQuality.Common.Message detail) => this with { Detail = detail.ToString(), Reason = detail };

    /// <summary>"outcome: detail", the reason a check refuses (the outcome named in the reader's language).</summary>
    internal GoldenQuality.Common.Message OutcomeAndDetail() =>
        new("permit.outcome-detail", GoldenQuality.Common.Message.Term("permit.outcome.", GoldenQuality.Common.WireNames.Of(Outcome)), Reason ?? new GoldenQuality.Common.Message("text", Detail));

    /// <summary>A check that found no copy to evaluate (unknown, another port's permit): only the outcome and why.</summary>
    internal static CheckView Without(CheckOutcome outcome, string number, GoldenQuality.Common.Message detail) =>
        new CheckView(outcome, number, null, "", [], null, null, null, null, null, null, null, []).Saying(detail);
}
