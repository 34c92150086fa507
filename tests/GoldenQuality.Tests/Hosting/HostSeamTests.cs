using GoldenQuality.Common;
using GoldenQuality.Hosting;
using GoldenQuality.Persistence;
using GoldenQuality.Registry;
using GoldenQuality.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoldenQuality.Tests.Hosting;

/// <summary>
/// The host's seams: the <c>Node</c> settings each module reads from the same keys as before, the start-up
/// preparations the modules contribute, and demo material that the host no longer registers.
/// </summary>
public sealed class HostSeamTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "gq-host-" + Guid.NewGuid().ToString("N"));

    public HostSeamTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private WebApplication Build(Dictionary<string, string?> settings, string? database = null, Action<IServiceCollection>? services = null) =>
        GqHost.Build(new HostSettings
        {
            Urls = "http://127.0.0.1:0",
            Database = database,
            JsonLogs = false,
            Settings = new Dictionary<string, string?>(settings) { ["Logging:LogLevel:Default"] = "Warning" },
            ConfigureServices = services,
        });

    [Fact]
    public async Task The_node_settings_bind_to_the_modules_options_from_the_same_keys()
    {
        await using var app = Build(new()
        {
            ["Node:Database"] = "Data Source=" + Path.Combine(folder, "a.db"),
            ["Node:ReferenceData"] = folder,
            ["Node:SeedReferenceData"] = "false",
            ["Node:Demo"] = "true",
            ["Node:Name"] = "hangzhou",
        });

        Assert.Equal("Data Source=" + Path.Combine(folder, "a.db"), app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Database);
        var referenceData = app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
        Assert.Equal(folder, referenceData.ReferenceData);
        Assert.False(referenceData.SeedReferenceData);
        Assert.True(app.Services.GetRequiredService<IOptions<DemoModeOptions>>().Value.Demo);
        Assert.Equal("hangzhou", app.Services.GetRequiredService<IOptions<NodeOptions>>().Value.Name);
    }

    [Fact]
    public async Task The_database_option_of_the_command_line_overrides_the_configuration()
    {
        await using var app = Build(new() { ["Node:Database"] = "Data Source=configured.db" }, database: "Data Source=" + Path.Combine(folder, "b.db"));
        Assert.Equal("Data Source=" + Path.Combine(folder, "b.db"), app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Database);
    }

    [Fact]
    public async Task The_defaults_are_those_of_a_serving_node()
    {
        await using var app = Build([]);
        var referenceData = app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value;
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "data"), referenceData.ReferenceData);
        Assert.True(referenceData.SeedReferenceData);
        Assert.False(app.Services.GetRequiredService<IOptions<DemoModeOptions>>().Value.Demo);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task The_start_page_lists_the_demo_accounts_only_when_Node_Demo_is_on(string demo, bool listed)
    {
        await using var app = Build(new() { ["Node:Demo"] = demo });
        var accounts = app.Services.GetRequiredService<DemoAccounts>();
        Assert.Equal(listed, accounts.Enabled);
        Assert.Equal(listed, accounts.Logins.Any(l => l.UserName == "exporter.hangzhou"));
    }

    [Fact]
    public async Task The_host_does_not_register_demo_material()
    {
        await using var app = Build([]);
        var demo = typeof(GqHost).Assembly.GetTypes().Where(t => string.Equals(t.Namespace, "GoldenQuality.Demo", StringComparison.Ordinal)).ToHashSet();
        Assert.NotEmpty(demo);
        var registered = app.Services.GetRequiredService<IServiceProviderIsService>();
        Assert.All(demo.Where(t => !t.IsAbstract && !t.ContainsGenericParameters), t => Assert.False(registered.IsService(t), t.FullName));
    }

    [Fact]
    public async Task Preparations_run_by_stage_then_in_the_order_registered_and_report_their_results()
    {
        var order = new List<string>();
        await using var app = Build(
            new() { ["Node:SeedReferenceData"] = "false" },
            database: "Data Source=" + Path.Combine(folder, "c.db"),
            services: s =>
            {
                s.AddSingleton<IStartupPreparation>(new Recording(order, "services", StartupStage.Services));
                s.AddSingleton<IStartupPreparation>(new Recording(order, "data-1", StartupStage.ReferenceData));
                s.AddSingleton<IStartupPreparation>(new Recording(order, "schema", StartupStage.Schema));
                s.AddSingleton<IStartupPreparation>(new Recording(order, "data-2", StartupStage.ReferenceData));
            });

        var report = await GqHost.PrepareAsync(app, CancellationToken.None);

        Assert.Equal(["schema", "data-1", "data-2", "services"], order);
        Assert.Equal(["schema", "data-1", "data-2", "services"], report.Results.OfType<string>());
        // Node:SeedReferenceData is off, so the Registry loaded nothing and reported nothing.
        Assert.Null(report.Get<SeedSummary>());
    }

    [Fact]
    public async Task Reloading_loads_the_registry_reference_data_even_when_seeding_is_off()
    {
        await using var app = Build(new() { ["Node:SeedReferenceData"] = "false" }, database: "Data Source=" + Path.Combine(folder, "d.db"));

        var report = await GqHost.PrepareAsync(app, CancellationToken.None, reloadReferenceData: true);

        var seeded = report.Get<SeedSummary>();
        Assert.NotNull(seeded);
        Assert.True(seeded.Ports > 0);
    }

    private sealed class Recording(List<string> order, string name, StartupStage stage) : IStartupPreparation
    {
        public StartupStage Stage => stage;

        public Task<object?> PrepareAsync(IServiceProvider services, StartupRequest request, CancellationToken ct)
        {
            order.Add(name);
            return Task.FromResult<object?>(name);
        }
    }
}
