using GoldenQuality.Demo;

namespace GoldenQuality.Tests.Hosting;

public sealed class DemoDataTests
{
    private static readonly string Data = Path.Combine(AppContext.BaseDirectory, "data");

    [Fact]
    public void The_scenarios_sign_in_with_the_passwords_of_data_demo_users()
    {
        var passwords = DemoData.Passwords(Data);
        Assert.Equal("demo-exporter-2026", passwords["exporter.hangzhou"]);
        // System accounts have no password: they use the API key the demo issues.
        Assert.False(passwords.ContainsKey("demo-system"));
        Assert.False(passwords.ContainsKey("customs-system"));
    }

    [Fact]
    public void The_demo_passwords_are_those_the_start_page_lists()
    {
        var listed = GoldenQuality.Web.DemoAccounts.Read(Data).ToDictionary(a => a.UserName, a => a.Password, StringComparer.Ordinal);
        Assert.Equal(listed.OrderBy(p => p.Key, StringComparer.Ordinal), DemoData.Passwords(Data).OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
