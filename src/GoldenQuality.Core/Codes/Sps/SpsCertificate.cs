using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using GoldenQuality.Codes.Adapters;

namespace GoldenQuality.Codes.Sps;

/// <summary>A structural problem of an SPS certificate, located in the XML.</summary>
public sealed record SpsProblem(int Line, int Column, string Path, string Reason);

/// <summary>One leaf of the SPS XML and the permit field it became, or null when nothing in our permit holds it.</summary>
public sealed record SpsLeaf(string Path, string? Field, string Value);

/// <summary>An imported SPS certificate: the permit record, and for every leaf of the XML whether it mapped.</summary>
/// <remarks>The lists hold at most <see cref="SpsCertificate.MaxLeavesListed"/> leaves each; the counts are complete.</remarks>
public sealed record SpsImport(CanonicalRecord Permit, List<SpsLeaf> Mapped, List<SpsLeaf> NotMapped)
{
    public int MappedCount { get; init; }

    public int NotMappedCount { get; init; }
}

/// <summary>
/// UN/CEFACT SPSCertificate (the IPPC ePhyto Hub format, namespace SPSCertificate:17) to and from our permit
/// record. Fields the SPS schema has no place for (our declaration number, the permit's validity) travel as
/// IncludedSPSNote with our own subjects GQDECL and GQVALID, so that a permit survives the round trip.
/// </summary>
public static class SpsCertificate
{
    public static readonly XNamespace Rsm = "urn:un:unece:uncefact:data:standard:SPSCertificate:17";
    public static readonly XNamespace Ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:21";
    public static readonly XNamespace Udt = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:21";

    private const string DeclarationNote = "GQDECL";
    private const string ValidUntilNote = "GQVALID";
    private const string AdditionalDeclarationNote = "ADEDL";

    /// <summary>The ePhyto notes of a replacement certificate: the number of the certificate replaced, the reason, the date of the replacement.</summary>
    private const string ReplacedNumberNote = "ADRPN";
    private const string ReplacementReasonNote = "ADRPR";
    private const string ReplacementDateNote = "ADRD";

    /// <summary>The most problems reported for one certificate; the last one says how many more there were.</summary>
    public const int MaxProblems = 100;

    /// <summary>How deeply a certificate may nest (a real one nests about 8 levels).</summary>
    public const int MaxDepth = 32;

    /// <summary>The most elements a certificate may have (a real one has a few hundred).</summary>
    public const int MaxElements = 20_000;

    /// <summary>The most leaves listed as mapped or not mapped in an import (the counts are always complete).</summary>
    public const int MaxLeavesListed = 1000;

    /// <summary>The longest text (a reason, a path, a value) a problem or a leaf carries.</summary>
    private const int MaxText = 256;

    /// <summary>Parses safely (no DTD, no resolver) and checks the structure; problems are located.</summary>
    public static (XDocument? Document, List<SpsProblem> Problems) Parse(string xml)
    {
        XDocument document;
        try
        {
            document = Adapter.LoadXml(xml, MaxDepth, MaxElements);
        }
        catch (AdapterException e)
        {
            return (null, [new SpsProblem(e.Line, e.Column, "", e.Reason)]);
        }

        return (document, Validate(document));
    }

    /// <summary>Problems beyond <see cref="MaxProblems"/> are counted, not located; one last problem says how many there were.</summary>
    private sealed class ProblemList : List<SpsProblem>
    {
        public int Dropped { get; private set; }

        public void Report(XObject node, string reason)
        {
            if (Count >= MaxProblems)
            {
                Dropped++;
                return;
            }

            Add(Problem(node, reason));
        }

        public List<SpsProblem> Close()
        {
            if (Dropped > 0)
            {
                Add(new SpsProblem(this[^1].Line, this[^1].Column, "",
                    string.Create(CultureInfo.InvariantCulture, $"and {Dropped} more problem(s): only the first {MaxProblems} are reported")));
            }

            return this;
        }
    }

    public static List<SpsProblem> Validate(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problems = new ProblemList();
        var root = document.Root!;
        if (root.Name != Rsm + "SPSCertificate")
        {
            problems.Report(root, $"the root element is {{{root.Name.NamespaceName}}}{root.Name.LocalName}; an SPS certificate is {{{Rsm.NamespaceName}}}SPSCertificate");
            return problems.Close();
        }

        foreach (var element in root.Descendants())
        {
            if (element.Name.Namespace != Ram && element.Name.Namespace != Udt && element.Parent != root)
            {
                problems.Report(element, $"element {element.Name.LocalName} is in namespace '{element.Name.NamespaceName}', which an SPSCertificate:17 does not use");
            }
        }

        var exchanged = root.Element(Rsm + "SPSExchangedDocument");
        var consignment = root.Element(Rsm + "SPSConsignment");
        if (exchanged is null)
        {
            problems.Report(root, "SPSExchangedDocument is required");
        }
        else
        {
            Require(exchanged, problems, "ID", "TypeCode", "StatusCode");
            if (exchanged.Element(Ram + "IssueDateTime")?.Element(Udt + "DateTimeString") is not { Value.Length: > 0 } issued)
            {
                problems.Report(exchanged, "SPSExchangedDocument/IssueDateTime/DateTimeString is required");
            }
            else if (!DateTimeOffset.TryParse(issued.Value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                problems.Report(issued, $"IssueDateTime '{issued.Value.Trim()}' is not an ISO 8601 date-time");
            }
        }

        if (consignment is null)
        {
            problems.Report(root, "SPSConsignment is required");
        }
        else
        {
            var lines = consignment.Elements(Ram + "IncludedSPSConsignmentItem").Elements(Ram + "IncludedSPSTradeLineItem").ToList();
            if (lines.Count == 0)
            {
                problems.Report(consignment, "at least one IncludedSPSConsignmentItem/IncludedSPSTradeLineItem is required");
            }

            foreach (var line in lines)
            {
                if (line.Element(Ram + "SequenceNumeric") is not { } seq || !int.TryParse(seq.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    problems.Report(line, "IncludedSPSTradeLineItem needs a whole-number SequenceNumeric");
                }

                if (line.Element(Ram + "Description") is null)
                {
                    problems.Report(line, "IncludedSPSTradeLineItem needs a Description");
                }

                foreach (var measure in line.Elements().Where(e => e.Name.LocalName.EndsWith("Measure", StringComparison.Ordinal)))
                {
                    if (!decimal.TryParse(measure.Value.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
                    {
                        problems.Report(measure, $"{measure.Name.LocalName} '{measure.Value.Trim()}' is not a number");
                    }
                }
            }
        }

        return problems.Close();
    }

    private static void Require(XElement parent, ProblemList problems, params string[] names)
    {
        foreach (var name in names)
        {
            if (parent.Element(Ram + name) is not { Value.Length: > 0 })
            {
                problems.Report(parent, $"{parent.Name.LocalName}/{name} is required");
            }
        }
    }

    private static SpsProblem Problem(XObject node, string reason)
    {
        var info = (IXmlLineInfo)node;
        return new SpsProblem(info.LineNumber, info.LinePosition, node is XElement e ? Bounded(PathOf(e)) : "", Bounded(reason));
    }

    /// <summary>Maps a valid certificate to a permit; every leaf of the XML is reported as mapped or not.</summary>
    public static SpsImport Import(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var used = new Dictionary<XObject, string>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = document.Root!;
        var doc = root.Element(Rsm + "SPSExchangedDocument")!;
        var consignment = root.Element(Rsm + "SPSConsignment")!;

        void Take(string field, XElement? element)
        {
            if (element is not null && element.Value.Trim() is { Length: > 0 } value)
            {
                fields[field] = value;
                used[element] = field;
            }
        }

        void TakeAttribute(string field, XAttribute? attribute)
        {
            if (attribute is not null && attribute.Value.Trim() is { Length: > 0 } value)
            {
                fields[field] = value;
                used[attribute] = field;
            }
        }

        Take("permitNo", doc.Element(Ram + "ID"));
        Take("permitType", doc.Element(Ram + "TypeCode"));
        Take("status", doc.Element(Ram + "StatusCode"));
        Take("issuedAt", doc.Element(Ram + "IssueDateTime")?.Element(Udt + "DateTimeString"));
        Take("issuer", doc.Element(Ram + "IssuerSPSParty")?.Element(Ram + "Name"));
        var notes = doc.Elements(Ram + "IncludedSPSNote").ToList();
        Take("additionalDeclaration", Note(notes, AdditionalDeclarationNote, used));
        Take("declarationNo", Note(notes, DeclarationNote, used));
        Take("validUntil", Note(notes, ValidUntilNote, used));
        Take("replacesNo", Note(notes, ReplacedNumberNote, used));
        Take("replacementReason", Note(notes, ReplacementReasonNote, used));
        Take("replacedAt", Note(notes, ReplacementDateNote, used));
        var signatory = doc.Element(Ram + "SignatorySPSAuthentication");
        Take("issueLocation", signatory?.Element(Ram + "IssueSPSLocation")?.Element(Ram + "Name"));
        Take("signatory", signatory?.Element(Ram + "ProviderSPSParty")?.Element(Ram + "SpecifiedSPSPerson")?.Element(Ram + "Name"));

        foreach (var (party, prefix) in new[] { ("ConsignorSPSParty", "consignor"), ("ConsigneeSPSParty", "consignee") })
        {
            var element = consignment.Element(Ram + party);
            Take(prefix + "Name", element?.Element(Ram + "Name"));
            Take(prefix + "Id", element?.Element(Ram + "ID") ?? element?.Elements(Ram + "TypeCode").FirstOrDefault(t => (string?)t.Attribute("listName") == "NationalRegistrationNumber"));
            var address = element?.Element(Ram + "SpecifiedSPSAddress");
            var lines = new[] { "LineOne", "LineTwo", "LineThree" }.Select(n => address?.Element(Ram + n)).Where(e => e is { Value.Length: > 0 }).ToList();
            if (lines.Count > 0)
            {
                fields[prefix + "Address"] = string.Join("\n", lines.Select(l => l!.Value.Trim()));
                lines.ForEach(l => used[l!] = prefix + "Address");
            }
        }

        Take("exportCountry", consignment.Element(Ram + "ExportSPSCountry")?.Element(Ram + "ID"));
        Take("importCountry", consignment.Element(Ram + "ImportSPSCountry")?.Element(Ram + "ID"));
        Take("transitCountry", consignment.Element(Ram + "TransitSPSCountry")?.Element(Ram + "ID"));
        Take("portOfEntry", consignment.Element(Ram + "UnloadingBaseportSPSLocation")?.Element(Ram + "ID"));
        Take("portOfEntryName", consignment.Element(Ram + "UnloadingBaseportSPSLocation")?.Element(Ram + "Name"));
        var movement = consignment.Element(Ram + "MainCarriageSPSTransportMovement");
        Take("transportMode", movement?.Element(Ram + "ModeCode"));
        Take("voyageNo", movement?.Element(Ram + "ID"));
        Take("transportMeans", movement?.Element(Ram + "UsedSPSTransportMeans")?.Element(Ram + "Name"));
        Take("sealNo", consignment.Element(Ram + "UtilizedSPSTransportEquipment")?.Element(Ram + "AffixedSPSSeal")?.Element(Ram + "ID"));

        var index = 0;
        foreach (var line in consignment.Elements(Ram + "IncludedSPSConsignmentItem").Elements(Ram + "IncludedSPSTradeLineItem"))
        {
            var p = string.Create(CultureInfo.InvariantCulture, $"items[{index++}].");
            Take(p + "seq", line.Element(Ram + "SequenceNumeric"));
            Take(p + "description", line.Element(Ram + "Description"));
            Take(p + "commonName", line.Element(Ram + "CommonName"));
            Take(p + "scientificName", line.Element(Ram + "ScientificName"));
            Take(p + "intendedUse", line.Element(Ram + "IntendedUse"));
            foreach (var (measure, field) in new[] { ("NetWeightMeasure", "netWeight"), ("GrossWeightMeasure", "grossWeight") })
            {
                Take(p + field, line.Element(Ram + measure));
                TakeAttribute(p + field + "Unit", line.Element(Ram + measure)?.Attribute("unitCode"));
            }

            var hs = line.Elements(Ram + "ApplicableSPSClassification").FirstOrDefault(c => c.Element(Ram + "SystemName")?.Value.Trim() == "HS");
            if (hs?.Element(Ram + "ClassCode") is { Value.Length: > 0 } classCode)
            {
                Take(p + "commodityCode", classCode);
                used[hs.Element(Ram + "SystemName")!] = p + "commodityCode";
            }

            var lineNotes = line.Elements(Ram + "AdditionalInformationSPSNote").ToList();
            Take(p + "quantity", Note(lineNotes, "OQV", used));
            Take(p + "unit", Note(lineNotes, "OQU", used));
            var package = line.Element(Ram + "PhysicalSPSPackage");
            Take(p + "packageCount", package?.Element(Ram + "ItemQuantity"));
            Take(p + "packageType", package?.Element(Ram + "TypeCode"));
            Take(p + "originCountry", line.Element(Ram + "OriginSPSCountry")?.Element(Ram + "ID"));

            // The first treatment applied (AppliedSPSProcess): its type code, the texts of its characteristics (one per
            // line) and its completion period. Measured characteristics (a temperature, a concentration) stay not mapped.
            var process = line.Element(Ram + "AppliedSPSProcess");
            Take(p + "treatment", process?.Element(Ram + "TypeCode"));
            var descriptions = process?.Elements(Ram + "ApplicableSPSProcessCharacteristic").Elements(Ram + "Description").Where(d => d.Value.Trim().Length > 0).ToList() ?? [];
            if (descriptions.Count > 0)
            {
                fields[p + "treatmentDetails"] = string.Join("\n", descriptions.Select(d => d.Value.Trim()));
                descriptions.ForEach(d => used[d] = p + "treatmentDetails");
            }

            var period = process?.Element(Ram + "CompletionSPSPeriod");
            Take(p + "treatmentStart", period?.Element(Ram + "StartDateTime")?.Element(Udt + "DateTimeString"));
            Take(p + "treatmentEnd", period?.Element(Ram + "EndDateTime")?.Element(Udt + "DateTimeString"));
        }

        var mapped = new List<SpsLeaf>();
        var notMapped = new List<SpsLeaf>();
        int mappedCount = 0, notMappedCount = 0;

        // Only the first leaves are listed (a path costs a walk over the siblings); every leaf is counted.
        void Leaf(List<SpsLeaf> list, ref int count, Func<SpsLeaf> leaf)
        {
            if (count++ < MaxLeavesListed)
            {
                list.Add(leaf());
            }
        }

        foreach (var element in root.Descendants().Where(e => !e.HasElements))
        {
            var value = element.Value.Trim();
            if (used.TryGetValue(element, out var field))
            {
                Leaf(mapped, ref mappedCount, () => new SpsLeaf(Bounded(PathOf(element)), field, Preview(value)));
            }
            else if (value.Length > 0)
            {
                Leaf(notMapped, ref notMappedCount, () => new SpsLeaf(Bounded(PathOf(element)), null, Preview(value)));
            }

            foreach (var attribute in element.Attributes())
            {
                if (used.TryGetValue(attribute, out var attributeField))
                {
                    Leaf(mapped, ref mappedCount, () => new SpsLeaf(Bounded(PathOf(element) + "/@" + attribute.Name.LocalName), attributeField, attribute.Value));
                }
                else if (attribute.Name.LocalName != "languageID")
                {
                    Leaf(notMapped, ref notMappedCount, () => new SpsLeaf(Bounded(PathOf(element) + "/@" + attribute.Name.LocalName), null, Preview(attribute.Value)));
                }
            }
        }

        return new SpsImport(new CanonicalRecord(RecordKind.Permit, fields), mapped, notMapped) { MappedCount = mappedCount, NotMappedCount = notMappedCount };
    }

    /// <summary>The Content of the first note with this subject; the Subject element counts as used too.</summary>
    private static XElement? Note(List<XElement> notes, string subject, Dictionary<XObject, string> used)
    {
        var note = notes.FirstOrDefault(n => n.Element(Ram + "Subject")?.Value.Trim() == subject && !used.ContainsKey(n.Element(Ram + "Subject")!));
        if (note is null)
        {
            return null;
        }

        used[note.Element(Ram + "Subject")!] = "(note subject)";
        return note.Element(Ram + "Content");
    }

    private static string Bounded(string text) => text.Length > MaxText ? text[..(MaxText - 3)] + "..." : text;

    private static string Preview(string value)
    {
        var flat = string.Join(' ', value.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length > 80 ? flat[..77] + "..." : flat;
    }

    /// <summary>A readable path: local names, with a 1-based position where siblings share the name.</summary>
    public static string PathOf(XElement element)
    {
        var steps = new Stack<string>();
        for (var e = element; e is not null && e.Parent is not null; e = e.Parent)
        {
            var same = e.Parent.Elements(e.Name).ToList();
            steps.Push(same.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $"{e.Name.LocalName}[{same.IndexOf(e) + 1}]") : e.Name.LocalName);
        }

        return string.Join('/', steps);
    }

    /// <summary>Writes a permit record as an SPSCertificate.</summary>
    public static XDocument Export(CanonicalRecord permit)
    {
        ArgumentNullException.ThrowIfNull(permit);
        var f = permit.Fields;
        string? V(string name) => f.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        XElement? E(XName name, string? value) => value is null ? null : new XElement(name, value);
        XElement? Wrap(XName name, params object?[] content) => content.Any(c => c is not null) ? new XElement(name, content.Where(c => c is not null)) : null;
        XElement? NoteOf(XName name, string subject, string? content) => content is null ? null : new XElement(name, new XElement(Ram + "Subject", subject), new XElement(Ram + "Content", content));
        XElement? Address(string prefix) => V(prefix + "Address") is { } a
            ? new XElement(Ram + "SpecifiedSPSAddress", a.Split('\n').Take(3).Select((l, i) => new XElement(Ram + (i switch { 0 => "LineOne", 1 => "LineTwo", _ => "LineThree" }), l)))
            : null;

        var document = new XElement(Rsm + "SPSExchangedDocument",
            E(Ram + "ID", V("permitNo")),
            E(Ram + "TypeCode", V("permitType")),
            E(Ram + "StatusCode", V("status")),
            Wrap(Ram + "IssueDateTime", E(Udt + "DateTimeString", V("issuedAt"))),
            Wrap(Ram + "IssuerSPSParty", E(Ram + "Name", V("issuer"))),
            NoteOf(Ram + "IncludedSPSNote", AdditionalDeclarationNote, V("additionalDeclaration")),
            NoteOf(Ram + "IncludedSPSNote", DeclarationNote, V("declarationNo")),
            NoteOf(Ram + "IncludedSPSNote", ValidUntilNote, V("validUntil")),
            NoteOf(Ram + "IncludedSPSNote", ReplacedNumberNote, V("replacesNo")),
            NoteOf(Ram + "IncludedSPSNote", ReplacementReasonNote, V("replacementReason")),
            NoteOf(Ram + "IncludedSPSNote", ReplacementDateNote, V("replacedAt")),
            Wrap(Ram + "SignatorySPSAuthentication",
                Wrap(Ram + "IssueSPSLocation", E(Ram + "Name", V("issueLocation"))),
                Wrap(Ram + "ProviderSPSParty", Wrap(Ram + "SpecifiedSPSPerson", E(Ram + "Name", V("signatory"))))));

        var items = new List<XElement>();
        var count = f.Keys.Select(k => RecordShapes.ItemIndex(k, out var i) is null ? -1 : i).DefaultIfEmpty(-1).Max() + 1;
        for (var i = 0; i < count; i++)
        {
            var p = string.Create(CultureInfo.InvariantCulture, $"items[{i}].");
            XElement? Measure(string name, string field) => V(p + field) is { } value
                ? new XElement(Ram + name, V(p + field + "Unit") is { } unit ? new XAttribute("unitCode", unit) : null, value)
                : null;
            items.Add(new XElement(Ram + "IncludedSPSTradeLineItem",
                new XElement(Ram + "SequenceNumeric", V(p + "seq") ?? (i + 1).ToString(CultureInfo.InvariantCulture)),
                new XElement(Ram + "Description", V(p + "description") ?? ""),
                E(Ram + "CommonName", V(p + "commonName")),
                E(Ram + "ScientificName", V(p + "scientificName")),
                E(Ram + "IntendedUse", V(p + "intendedUse")),
                Measure("NetWeightMeasure", "netWeight"),
                Measure("GrossWeightMeasure", "grossWeight"),
                V(p + "commodityCode") is { } hs ? new XElement(Ram + "ApplicableSPSClassification", new XElement(Ram + "SystemName", "HS"), new XElement(Ram + "ClassCode", hs)) : null,
                NoteOf(Ram + "AdditionalInformationSPSNote", "OQV", V(p + "quantity")),
                NoteOf(Ram + "AdditionalInformationSPSNote", "OQU", V(p + "unit")),
                Wrap(Ram + "PhysicalSPSPackage", E(Ram + "TypeCode", V(p + "packageType")), E(Ram + "ItemQuantity", V(p + "packageCount"))),
                Wrap(Ram + "OriginSPSCountry", E(Ram + "ID", V(p + "originCountry"))),
                Wrap(Ram + "AppliedSPSProcess",
                    E(Ram + "TypeCode", V(p + "treatment")),
                    V(p + "treatmentDetails") is { } details
                        ? details.Split('\n').Select(d => new XElement(Ram + "ApplicableSPSProcessCharacteristic", new XElement(Ram + "Description", d))).ToArray()
                        : null,
                    Wrap(Ram + "CompletionSPSPeriod",
                        Wrap(Ram + "StartDateTime", E(Udt + "DateTimeString", V(p + "treatmentStart"))),
                        Wrap(Ram + "EndDateTime", E(Udt + "DateTimeString", V(p + "treatmentEnd")))))));
        }

        var consignment = new XElement(Rsm + "SPSConsignment",
            Wrap(Ram + "ConsignorSPSParty", E(Ram + "ID", V("consignorId")), E(Ram + "Name", V("consignorName")), Address("consignor")),
            Wrap(Ram + "ConsigneeSPSParty", E(Ram + "ID", V("consigneeId")), E(Ram + "Name", V("consigneeName")), Address("consignee")),
            Wrap(Ram + "ExportSPSCountry", E(Ram + "ID", V("exportCountry"))),
            Wrap(Ram + "ImportSPSCountry", E(Ram + "ID", V("importCountry"))),
            Wrap(Ram + "TransitSPSCountry", E(Ram + "ID", V("transitCountry"))),
            Wrap(Ram + "UnloadingBaseportSPSLocation", E(Ram + "ID", V("portOfEntry")), E(Ram + "Name", V("portOfEntryName"))),
            Wrap(Ram + "MainCarriageSPSTransportMovement", E(Ram + "ID", V("voyageNo")), E(Ram + "ModeCode", V("transportMode")), Wrap(Ram + "UsedSPSTransportMeans", E(Ram + "Name", V("transportMeans")))),
            Wrap(Ram + "UtilizedSPSTransportEquipment", Wrap(Ram + "AffixedSPSSeal", E(Ram + "ID", V("sealNo")))),
            new XElement(Ram + "IncludedSPSConsignmentItem", items));

        return new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(Rsm + "SPSCertificate",
                new XAttribute(XNamespace.Xmlns + "rsm", Rsm.NamespaceName),
                new XAttribute(XNamespace.Xmlns + "ram", Ram.NamespaceName),
                new XAttribute(XNamespace.Xmlns + "udt", Udt.NamespaceName),
                document,
                consignment));
    }
}
