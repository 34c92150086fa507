using GoldenQuality.Persistence;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GoldenQuality.BrowserTests.Infrastructure;

/// <summary>
/// A federation with the ministry nodes (SQLite): AQSIQ, Customs, and the MOA, MEP and PBC nodes, each with its own
/// demo accounts (data/demo/users.csv, column <c>node</c>). Officers and importers sign in on their own ministry's
/// node, in the shared browser of <see cref="BrowserFixture"/>. One federation for a test class.
/// </summary>
public sealed class MinistryNodes : IAsyncLifetime
{
    public TestFederation Federation { get; private set; } = null!;

    public Uri Moa => Federation[TestFederation.Moa].Url;

    public Uri Mep => Federation[TestFederation.Mep].Url;

    public Uri Pbc => Federation[TestFederation.Pbc].Url;

    public Uri Aqsiq => Federation[TestFederation.Aqsiq].Url;

    /// <summary>The nodes' settings: the AQSIQ node asks a silent LPCO issuer again every half second.</summary>
    public static Dictionary<string, string?> Settings => new() { ["Declarations:IssuerRetrySeconds"] = "0.5" };

    public async Task InitializeAsync() =>
        Federation = await TestFederation.StartAsync(DatabaseProvider.Sqlite, settings: Settings, ministries: true);

    public async Task DisposeAsync()
    {
        if (Federation is not null)
        {
            await Federation.DisposeAsync();
        }
    }

    /// <summary>A page of its own (own cookies) on <paramref name="node"/> in <paramref name="culture"/>, signed in through the sign-in form.</summary>
    public static async Task<IPage> SignInAsync(BrowserFixture web, Uri node, string culture, string userName, string password)
    {
        var page = await web.NewPageAsync(node, culture);
        await BrowserFixture.SignInAsync(page, userName, password);
        return page;
    }
}
