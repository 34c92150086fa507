using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using GoldenQuality.Accountability.Contracts;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;

namespace GoldenQuality.Accountability;

/// <summary>The bounds and checks of information needs and of the agreements approvals produce (every error names its field).</summary>
internal static partial class NeedRules
{
    public const int MaxList = 50;
    public const int MaxItem = 128;
    public const int MaxText = 4000;
    public const int MaxSteps = 20;

    /// <summary>The sensitivities an agreement may have (the directory's code list).</summary>
    public static readonly string[] Sensitivities = ["public", "internal", "confidential"];

    /// <summary><c>IN-{AGENCY}-{NODE}-{YYYY}-{NNNN}</c>: the requester's agency and node make it unique across the federation.</summary>
    public static string Number(string node, int year, int sequence)
    {
        var parts = node.Split('/');
        return string.Create(CultureInfo.InvariantCulture, $"IN-{parts[2].ToUpperInvariant()}-{parts[3].ToUpperInvariant()}-{year:0000}-{sequence:0000}");
    }

    public static string NumberPrefix(string node, int year) => Number(node, year, 0)[..^4];

    public static bool IsNumber(string? number) => number is { Length: <= 64 } && NumberPattern().IsMatch(number);

    /// <summary><c>AGR-{YYYY}-{NNNN}</c>, given by the coordinating body's node.</summary>
    public static string AgreementId(int year, int sequence) => string.Create(CultureInfo.InvariantCulture, $"AGR-{year:0000}-{sequence:0000}");

    /// <summary>A list of codes: each 1–128 characters of letters, digits and <c>-_.*/</c>; at most <see cref="MaxList"/>.</summary>
    public static string[] Codes(Validation v, string field, string[]? values, bool required)
    {
        var list = (values ?? []).Select(x => x?.Trim() ?? "").ToArray();
        if (list.Length > MaxList)
        {
            v.Add(field, new Message("need.list-max", MaxList));
            return [];
        }

        if (required && list.Length == 0)
        {
            v.Add(field, new Message("need.list-required"));
        }

        foreach (var (item, i) in list.Select((x, i) => (x, i)))
        {
            if (item.Length is 0 or > MaxItem || !item.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '*' or '/'))
            {
                v.Add(string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]"), new Message("need.code-format"));
            }
        }

        return [.. list.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Member ids of the directory (<c>GQ/GOV/MEP</c>).</summary>
    public static string[] Members(Validation v, string field, string[]? values, FederationDirectoryDocument directory)
    {
        var list = Codes(v, field, values, required: true);
        foreach (var (m, i) in list.Select((x, i) => (x, i)))
        {
            if (directory.Members.All(x => x.Id != m))
            {
                v.Add(string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]"), new Message("need.not-a-member", m));
            }
        }

        return list;
    }

    /// <summary>Message types the directory knows.</summary>
    public static string[] MessageTypes(Validation v, string field, string[]? values, FederationDirectoryDocument directory)
    {
        var list = Codes(v, field, values, required: false);
        foreach (var (t, i) in list.Select((x, i) => (x, i)))
        {
            if (directory.MessageTypes.All(x => x.Type != t))
            {
                v.Add(string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]"), new Message("need.not-a-message-type", t));
            }
        }

        return list;
    }

    /// <summary>An ISO 8601 duration from one minute to one year (<c>PT4H</c>, <c>P2D</c>).</summary>
    public static string? Duration(Validation v, string field, string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            v.Add(field, Message.Required);
            return null;
        }

        try
        {
            var span = text.Length <= 32 && text.StartsWith('P') ? XmlConvert.ToTimeSpan(text) : throw new FormatException();
            if (span < TimeSpan.FromMinutes(1) || span > TimeSpan.FromDays(365))
            {
                v.Add(field, new Message("need.duration-range"));
                return null;
            }

            return text;
        }
        catch (FormatException)
        {
            v.Add(field, new Message("need.not-a-duration", text));
            return null;
        }
    }

    public static Agreement? Agreement(Validation v, string id, NeedWire need, AgreementDraft? d, FederationDirectoryDocument directory, DateTimeOffset now)
    {
        d ??= new AgreementDraft(null, null, null, null, null, null, null, null, null, null, null);
        var consumers = Members(v, "agreement.consumers", d.Consumers ?? need.Consumers, directory);
        var types = MessageTypes(v, "agreement.messageTypes", d.MessageTypes ?? need.MessageTypes, directory);
        var datasets = Codes(v, "agreement.datasets", d.Datasets ?? need.Datasets, required: false);
        if (types.Length == 0 && datasets.Length == 0)
        {
            v.Add("agreement.messageTypes", new Message("need.agreement-types"));
        }

        var purpose = v.Required("agreement.purpose", d.Purpose ?? need.Purpose, 2000);
        var regulation = v.Required("agreement.regulation", d.Regulation ?? need.Regulation, 200);
        var article = v.Required("agreement.article", d.Article ?? need.Article, 100);
        var fields = Codes(v, "agreement.allowedFields", d.AllowedFields ?? need.Fields, required: true);
        var sensitivity = v.Required("agreement.sensitivity", d.Sensitivity, 16);
        if (sensitivity.Length > 0 && !Sensitivities.Contains(sensitivity, StringComparer.Ordinal))
        {
            v.Add("agreement.sensitivity", Message.NotOneOf(sensitivity, string.Join(", ", Sensitivities)));
        }

        var from = d.ValidFrom ?? now;
        if (d.ValidTo is not { } to)
        {
            v.Add("agreement.validTo", Message.Required);
            to = from;
        }
        else if (to <= from || to <= now || to > from.AddYears(5))
        {
            v.Add("agreement.validTo", new Message("need.agreement-valid-to"));
        }

        var steps = Steps(v, d.Steps, directory);
        return v.IsValid
            ? new Agreement(id, need.ProviderAgency, consumers, types, datasets, purpose, new LegalBasis(regulation, article), fields, sensitivity, from, to, steps)
            : null;
    }

    private static AgreementStep[] Steps(Validation v, AgreementStepDraft[]? drafts, FederationDirectoryDocument directory)
    {
        var list = drafts ?? [];
        if (list.Length is 0 or > MaxSteps)
        {
            v.Add("agreement.steps", new Message("need.steps-count", MaxSteps));
            return [];
        }

        var steps = new List<AgreementStep>();
        foreach (var (s, i) in list.Select((x, i) => (x, i)))
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"agreement.steps[{i}].");
            var name = v.Required(prefix + "step", s?.Step, 64);
            if (name.Length > 0 && !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                v.Add(prefix + "step", new Message("need.step-name"));
            }

            var accountable = v.Required(prefix + "accountable", s?.Accountable, 128);
            if (accountable.Length > 0 && directory.Members.All(m => m.Id != accountable))
            {
                v.Add(prefix + "accountable", new Message("need.not-a-member", accountable));
            }

            var deadline = Duration(v, prefix + "responseDeadline", s?.ResponseDeadline);
            steps.Add(new AgreementStep(name, accountable, deadline ?? ""));
        }

        if (steps.Select(s => s.Step).Distinct(StringComparer.Ordinal).Count() != steps.Count)
        {
            v.Add("agreement.steps", new Message("need.steps-unique"));
        }

        return [.. steps];
    }

    [GeneratedRegex("^IN-[A-Z0-9-]+-[0-9]{4}-[0-9]{4,}$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
