using System.ComponentModel.DataAnnotations;

namespace GoldenQuality.Alerts;

/// <summary>
/// The deadlines of the alert workflow (<c>Alerts</c> section), RASFF's by default: the coordinator validates within
/// 24 hours; each recipient acknowledges within 24 hours and answers with its follow-up within 48; a missed deadline is
/// escalated to the office above. The sweep that watches the deadlines runs every <see cref="SweepEvery"/>.
/// </summary>
internal sealed class AlertOptions
{
    public const string Section = "Alerts";

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan ValidateWithin { get; set; } = TimeSpan.FromHours(24);

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan AcknowledgeWithin { get; set; } = TimeSpan.FromHours(24);

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromHours(48);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromMinutes(5);
}
