using GoldenQuality.Codes.Contracts;
using GoldenQuality.Common;
using static GoldenQuality.Codes.CodeInput;

namespace GoldenQuality.Codes;

/// <summary>A mapping row as checked: both ends exist, they differ, the condition fits the cardinality, the window is ordered.</summary>
internal readonly record struct MappingInput(
    CodeRef From, string FromCode, CodeRef To, string ToCode, MappingCardinality Cardinality, string? Condition, string Provenance, DateOnly ValidFrom, DateOnly? ValidTo)
{
    /// <summary>Reads and checks a mapping request against the code tables; every problem goes to <paramref name="v"/>.</summary>
    public static MappingInput Read(Validation v, CodeSnapshot snapshot, AddMappingRequest request)
    {
        // Read in this order: the problem's detail names the fields in the order they were found.
        var from = ReadRef(v, snapshot, "from", request.From);
        var to = ReadRef(v, snapshot, "to", request.To);
        var fromCode = v.Required("fromCode", request.FromCode, 32);
        var toCode = v.Required("toCode", request.ToCode, 32);
        var cardinality = v.Enum<MappingCardinality>("cardinality", request.Cardinality);
        var condition = v.Optional("condition", request.Condition, 128);
        var provenance = v.Required("provenance", request.Provenance, 512);
        var validFrom = ReadDate(v, "validFrom", request.ValidFrom, required: true) ?? default;
        var validTo = ReadDate(v, "validTo", request.ValidTo, required: false);
        var m = new MappingInput(from, fromCode, to, toCode, cardinality, condition, provenance, validFrom, validTo);
        if (v.IsValid)
        {
            m.Check(v, snapshot);
        }

        return m;
    }

    private void Check(Validation v, CodeSnapshot snapshot)
    {
        if (!snapshot.Versions[From].Codes.ContainsKey(FromCode))
        {
            v.Add("fromCode", new Message("codes.not-a-code-of", FromCode, From.ToString()));
        }

        if (!snapshot.Versions[To].Codes.ContainsKey(ToCode))
        {
            v.Add("toCode", new Message("codes.not-a-code-of", ToCode, To.ToString()));
        }

        if (From == To)
        {
            v.Add("to", new Message("codes.mapping-same-version"));
        }

        if (CodeReferenceData.ConditionProblem(Cardinality, Condition) is { } problem)
        {
            v.Add("condition", problem);
        }

        if (ValidTo is { } end && end < ValidFrom)
        {
            v.Add("validTo", new Message("registry.valid-to-before-from"));
        }
    }
}
