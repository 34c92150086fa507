using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Registry;
using GoldenQuality.Registry.Contracts;

namespace GoldenQuality.Tests.Registry.Rules;

/// <summary>Who may change an enterprise's master record: the administrative lines that own it, and an AQSIQ administrator.</summary>
public sealed class EnterpriseOwnershipTests
{
    private const string Uscc = "91330106MA27XXXXX0";

    private static readonly Organisation CiqZj = Organisation.Create(Guid.NewGuid(), "CIQ-ZJ", OrganisationKind.CiqBureau, "CIQ", "浙江出入境检验检疫局", "Zhejiang CIQ", "33", "33");
    private static readonly Organisation BqsZj = Organisation.Create(Guid.NewGuid(), "BQS-ZJ", OrganisationKind.BqsBureau, "BQS", "浙江省质量技术监督局", "Zhejiang BQS", "33", "33");

    private static Actor Official(string agency, string? province, UserRoles roles = UserRoles.Officer) =>
        new(Guid.NewGuid(), "officer", roles, Guid.NewGuid(), agency + "-X", agency, province, null);

    [Fact]
    public void An_officer_of_the_owning_line_may_change_the_record()
    {
        Assert.Null(EnterpriseOwnership.Refusal(Official("CIQ", "33"), Uscc, [CiqZj]));
        // AQSIQ and its CIQ bureaus are one line.
        Assert.Null(EnterpriseOwnership.Refusal(Official("AQSIQ", null), Uscc, [CiqZj]));
    }

    [Fact]
    public void An_officer_of_another_line_is_refused_with_the_owning_lines_named()
    {
        var refusal = EnterpriseOwnership.Refusal(Official("BQS", "33"), Uscc, [CiqZj, CiqZj]);
        Assert.NotNull(refusal);
        var reason = refusal.Render(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"may not change the record of {Uscc}", reason, StringComparison.Ordinal);
        // Each owning office is named once.
        Assert.EndsWith("owned by the administrative line of CIQ-ZJ (CIQ).", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_BQS_bureau_owns_only_its_own_province()
    {
        Assert.Null(EnterpriseOwnership.Refusal(Official("BQS", "33"), Uscc, [BqsZj]));
        Assert.NotNull(EnterpriseOwnership.Refusal(Official("BQS", "32"), Uscc, [BqsZj]));
    }

    [Fact]
    public void Any_owning_line_suffices()
    {
        Assert.Null(EnterpriseOwnership.Refusal(Official("BQS", "33"), Uscc, [CiqZj, BqsZj]));
    }

    [Fact]
    public void An_AQSIQ_administrator_may_change_any_record_even_one_without_a_known_office()
    {
        Assert.Null(EnterpriseOwnership.Refusal(Official("AQSIQ", null, UserRoles.Admin), Uscc, [BqsZj]));
        Assert.Null(EnterpriseOwnership.Refusal(Official("AQSIQ", null, UserRoles.Admin), Uscc, []));
        Assert.EndsWith("the administrative line of no known office.", EnterpriseOwnership.Refusal(Official("CIQ", "33"), Uscc, [])!.Render(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void An_enterprise_user_owns_no_line()
    {
        var user = new Actor(Guid.NewGuid(), "exporter", UserRoles.EnterpriseUser, null, null, null, null, Guid.NewGuid());
        Assert.NotNull(EnterpriseOwnership.Refusal(user, Uscc, [CiqZj]));
    }
}

/// <summary>The roles of an enterprise request: one or more known wire names, every unknown one reported.</summary>
public sealed class EnterpriseRequestRolesTests
{
    [Fact]
    public void Known_roles_combine()
    {
        var v = new Validation();
        Assert.Equal(EnterpriseRoles.Manufacturer | EnterpriseRoles.Exporter, EnterpriseRequestReader.Roles(v, ["manufacturer", "exporter"]));
        Assert.True(v.IsValid);
    }

    [Fact]
    public void No_role_is_an_error_that_lists_the_choices()
    {
        var v = new Validation();
        EnterpriseRequestReader.Roles(v, []);
        var (field, reasons) = Assert.Single(v.Errors);
        Assert.Equal("roles", field);
        Assert.Equal("is required: one or more of manufacturer, exporter, importer, agent", Assert.Single(reasons));
    }

    [Fact]
    public void Every_unknown_role_is_named_and_none_is_not_a_role()
    {
        var v = new Validation();
        EnterpriseRequestReader.Roles(v, ["exporter", "smuggler", "none"]);
        var (_, reasons) = Assert.Single(v.Errors);
        Assert.Equal(["'smuggler' is not one of: manufacturer, exporter, importer, agent", "'none' is not one of: manufacturer, exporter, importer, agent"], reasons);
    }

    [Fact]
    public void The_vocabulary_offers_every_legal_form_and_role_by_wire_name()
    {
        Assert.Contains("limited-liability-company", EnterpriseVocabulary.Types);
        Assert.Equal(Enum.GetValues<EnterpriseType>().Length, EnterpriseVocabulary.Types.Count);
        Assert.Equal(["manufacturer", "exporter", "importer", "agent"], EnterpriseVocabulary.Roles);
    }
}
