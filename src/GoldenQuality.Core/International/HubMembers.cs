using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using GoldenQuality.International.Contracts;
using Microsoft.Extensions.Options;

namespace GoldenQuality.International;

/// <summary>A country of the hub (data/international/hub-members.csv).</summary>
internal sealed record HubMember(string Country, string Office, string? FederationMember, string NameEn, string NameZh, bool Fictional);

/// <summary>
/// The hub's member list and the questions asked of it: which country an office or a federation node stands for, and
/// which node hosts the hub (the one hosting <see cref="InternationalWire.HubOffice"/>).
/// </summary>
internal sealed class HubMembers(IOptions<ReferenceDataOptions> reference, ExchangeNode node)
{
    private readonly Lazy<HubMember[]> members = new(() => Load(Path.Combine(reference.Value.ReferenceData, "international", "hub-members.csv")));

    public IReadOnlyList<HubMember> All => members.Value;

    public HubMember? OfCountry(string? country) => members.Value.FirstOrDefault(m => string.Equals(m.Country, country?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The member whose authority is the office (an officer of <c>NPPO-EC-DEMO</c> stands for Ecuador).</summary>
    public HubMember? OfOffice(string? office) => members.Value.FirstOrDefault(m => m.Office == office);

    /// <summary>The node that hosts the hub, or null (no exchange, no directory, no node claims <c>IPPC-HUB</c>).</summary>
    public string? HubNode => node.Enabled && node.Directory.Current?.HostOf(InternationalWire.HubOffice) is { } hub ? hub.Id : null;

    /// <summary>True when this node is the hub.</summary>
    public bool IsHub => node.Enabled && HubNode == node.Id;

    /// <summary>
    /// The member a federation node stands for: the member with a federation member of its own whose authority office
    /// the directory says that node hosts (China: the node hosting <c>AQSIQ</c>). Null for any other node.
    /// </summary>
    public HubMember? OfNode(string nodeId)
    {
        if (!node.Enabled || node.Directory.Current is not { } directory)
        {
            return null;
        }

        return members.Value.FirstOrDefault(m => m.FederationMember is { } member && Parties.MemberOf(nodeId) == member && directory.HostOf(m.Office)?.Id == nodeId);
    }

    /// <summary>The member this node stands for (China on the AQSIQ node), or null.</summary>
    public HubMember? OfThisNode => node.Enabled ? OfNode(node.Id) : null;

    private static HubMember[] Load(string path)
    {
        var rows = CsvData.Read(path, "country", "office", "federation_member", "name_en", "name_zh", "fictional");
        var result = new List<HubMember>();
        foreach (var (line, v) in rows)
        {
            var country = v["country"];
            if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
            {
                throw new DataFileException(path, line, $"country '{country}' is not an ISO 3166-1 alpha-2 code");
            }

            if (v["office"].Length == 0 || v["fictional"] is not ("yes" or "no"))
            {
                throw new DataFileException(path, line, "office is required and fictional is yes or no");
            }

            if (result.Any(m => m.Country == country || m.Office == v["office"]))
            {
                throw new DataFileException(path, line, $"country {country} or office {v["office"]} is listed twice");
            }

            result.Add(new HubMember(country, v["office"], v["federation_member"] is { Length: > 0 } member ? member : null, v["name_en"], v["name_zh"], v["fictional"] == "yes"));
        }

        return [.. result];
    }
}
