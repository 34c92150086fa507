using GoldenQuality.Common;

namespace GoldenQuality.Standards.Contracts;

/// <summary>Resolves the limit that governs a (product, parameter) in a market on a date, with every candidate and why it does or does not govern.</summary>
public sealed class LimitResolution
{
    private readonly IStandardsCatalogue catalogue;
    private readonly TimeProvider clock;

    internal LimitResolution(IStandardsCatalogue catalogue, TimeProvider clock)
    {
        this.catalogue = catalogue;
        this.clock = clock;
    }

    public async Task<HandlerResult<ResolutionView>> ResolveAsync(ResolveRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var index = await catalogue.IndexAsync(ct);
        var v = new Validation();
        var market = request.Market ?? "export";
        var province = Validate(index, request, market, v);
        if (!v.IsValid)
        {
            return v.Result();
        }

        var on = request.Date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var state = string.IsNullOrWhiteSpace(request.State) ? "" : request.State.Trim();
        var limit = new GoverningLimit(index, request.Product!, request.Parameter!, province!, state, on, request.Unit);
        return new ResolutionView(request.Product!, request.Parameter!, market, on, state.Length == 0 ? null : state, limit.Limit(), [.. limit.Candidates()]);
    }

    /// <summary>Checks the product, parameter, market and unit against the index; returns the market's province (empty for export and national).</summary>
    private static string? Validate(StandardsIndex index, ResolveRequest r, string market, Validation v)
    {
        if (string.IsNullOrEmpty(r.Product) || !index.Nodes.ContainsKey(r.Product))
        {
            v.Add("product", string.IsNullOrEmpty(r.Product) ? Message.Required : new Message("standards.category.unknown", r.Product));
        }

        var param = -1;
        if (string.IsNullOrEmpty(r.Parameter) || !index.Parameters.TryGetValue(r.Parameter, out param))
        {
            v.Add("parameter", string.IsNullOrEmpty(r.Parameter) ? Message.Required : new Message("standards.parameter.unknown", r.Parameter));
        }

        var province = StandardsIndex.ProvinceOfMarket(market);
        if (province is null)
        {
            v.Add("market", new Message("standards.market"));
        }

        if (r.Unit is { Length: > 0 } && param >= 0 && Units.Conversion(index.ParameterRows[param].Unit, r.Unit) is null)
        {
            v.Add("unit", new Message("standards.unit.unknown", r.Unit, index.ParameterRows[param].Quantity));
        }

        return province;
    }
}
