using GoldenQuality.Alerts.Contracts;
using GoldenQuality.Identity.Contracts;

namespace GoldenQuality.Tests.Alerts;

/// <summary>
/// The alert-coordinator policy repeats the coordinating office's code (Identity sits below Alerts and cannot name
/// <see cref="AlertsWire.CoordinatingOffice"/>): the two must stay the same office.
/// </summary>
public sealed class CoordinatorPolicyTests
{
    private static Actor Official(string office) => new(Guid.NewGuid(), "someone", UserRoles.Officer, Guid.NewGuid(), office, "AQSIQ", null, null);

    [Fact]
    public void The_policy_admits_an_official_of_the_coordinating_office_and_no_other()
    {
        Assert.True(Policies.IsAlertCoordinator(Official(AlertsWire.CoordinatingOffice)));
        Assert.False(Policies.IsAlertCoordinator(Official("CIQ-NB")));
        Assert.False(Policies.IsAlertCoordinator(Official("AQSIQ")));
        Assert.False(Policies.IsAlertCoordinator(new Actor(Guid.NewGuid(), "user", UserRoles.EnterpriseUser, null, AlertsWire.CoordinatingOffice, null, null, Guid.NewGuid())));
    }
}
