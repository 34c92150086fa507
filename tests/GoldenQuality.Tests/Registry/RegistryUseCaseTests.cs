using GoldenQuality.Common;
using GoldenQuality.Identity.Contracts;
using GoldenQuality.Persistence;
using GoldenQuality.Registry.Contracts;
using GoldenQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Registry;

/// <summary>
/// The Registry's use cases called as the demo and the pages call them (no HTTP): a system actor of an office creates
/// records, a second record with the same USCC is a conflict, the stored view reads back, credit records load from a file.
/// </summary>
public abstract class RegistryUseCaseTests(NodeFixture node)
{
    private static EnterpriseRequest Request(string uscc) =>
        new(uscc, "用例测试" + uscc[^6..] + "有限公司", null, "浙江省杭州市西湖区用例路1号", "330106", "测试人", "limited-liability-company", "茶叶加工", ["manufacturer", "exporter"], null);

    private async Task<Actor> SystemOfAsync(IServiceProvider services, string office)
    {
        var o = await services.GetRequiredService<IRegistryDirectory>().FindOfficeAsync(office, CancellationToken.None);
        Assert.NotNull(o);
        return new Actor(Guid.NewGuid(), "demo-loader", UserRoles.System, o.Id, o.Code, o.Agency, o.ProvinceCode, null);
    }

    [Fact]
    public async Task A_system_actor_of_an_office_creates_a_record_once_and_reads_it_back()
    {
        var uscc = TestData.NewUscc();
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var actor = await SystemOfAsync(scope.ServiceProvider, "AQSIQ");
            var created = await scope.ServiceProvider.GetRequiredService<CreateEnterprise>().HandleAsync(actor, Request(uscc), CancellationToken.None);
            Assert.True(created.Succeeded, created.Problem?.ProblemDetails.Detail ?? created.Invalid?.ProblemDetails.Detail);
            Assert.Equal(uscc, created.Value!.Enterprise.Uscc);
            Assert.Equal(["manufacturer", "exporter"], created.Value.Enterprise.Roles);
        }

        await using (var scope = node.Services.CreateAsyncScope())
        {
            var actor = await SystemOfAsync(scope.ServiceProvider, "AQSIQ");
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<IRegistryDirectory>().FindEnterpriseAsync(uscc, CancellationToken.None));
            var again = await scope.ServiceProvider.GetRequiredService<CreateEnterprise>().HandleAsync(actor, Request(uscc), CancellationToken.None);
            Assert.False(again.Succeeded);
            Assert.Equal(StatusCodes.Status409Conflict, again.StatusCode);

            var read = await scope.ServiceProvider.GetRequiredService<GetEnterprise>().HandleAsync(actor, uscc.ToLowerInvariant(), CancellationToken.None);
            Assert.True(read.Succeeded);
            var view = read.Value!.View();
            Assert.Equal(uscc, view.Uscc);
            Assert.Equal("limited-liability-company", view.Type);
            Assert.Equal(1, view.Version);

            var history = await scope.ServiceProvider.GetRequiredService<EnterpriseHistory>().HandleAsync(actor, uscc, null, null, CancellationToken.None);
            var first = Assert.Single(history.Value!.Items);
            Assert.Equal(("demo-loader", "AQSIQ", "created"), (first.ChangedBy, first.OnBehalfOf, first.NewValue));
        }
    }

    /// <summary>
    /// The directory remembers what a request looked up (validation, routing, risk and the permit ask for the same
    /// enterprise in turn) and forgets it when the request saves: a change made elsewhere meanwhile is seen after the save.
    /// </summary>
    [Fact]
    public async Task The_directory_remembers_a_look_up_for_the_request_until_the_request_saves()
    {
        var uscc = TestData.NewUscc();
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var system = await SystemOfAsync(scope.ServiceProvider, "AQSIQ");
            Assert.True((await scope.ServiceProvider.GetRequiredService<CreateEnterprise>().HandleAsync(system, Request(uscc), CancellationToken.None)).Succeeded);
        }

        await using var request = node.Services.CreateAsyncScope();
        var directory = request.ServiceProvider.GetRequiredService<IRegistryDirectory>();
        var before = (await directory.FindEnterpriseAsync(uscc, CancellationToken.None))!.NameZh;

        await using (var elsewhere = node.Services.CreateAsyncScope())
        {
            await elsewhere.ServiceProvider.GetRequiredService<GqDbContext>().Set<GoldenQuality.Registry.Enterprise>()
                .Where(e => e.Uscc == uscc).ExecuteUpdateAsync(x => x.SetProperty(e => e.NameZh, "改名后有限公司"));
        }

        Assert.Equal(before, (await directory.FindEnterpriseAsync(uscc, CancellationToken.None))!.NameZh);

        var system2 = await SystemOfAsync(request.ServiceProvider, "AQSIQ");
        Assert.True((await request.ServiceProvider.GetRequiredService<CreateEnterprise>().HandleAsync(system2, Request(TestData.NewUscc()), CancellationToken.None)).Succeeded);
        Assert.Equal("改名后有限公司", (await directory.FindEnterpriseAsync(uscc, CancellationToken.None))!.NameZh);
    }

    [Fact]
    public async Task An_actor_without_an_office_may_not_create_a_record_and_nothing_is_written()
    {
        var uscc = TestData.NewUscc();
        await using var scope = node.Services.CreateAsyncScope();
        var nobody = new Actor(Guid.NewGuid(), "loader", UserRoles.System, null, null, null, null, null);
        var refused = await scope.ServiceProvider.GetRequiredService<CreateEnterprise>().HandleAsync(nobody, Request(uscc), CancellationToken.None);
        Assert.Equal(StatusCodes.Status403Forbidden, refused.StatusCode);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<IRegistryDirectory>().FindEnterpriseAsync(uscc, CancellationToken.None));
    }

    [Fact]
    public async Task An_enterprise_user_reads_only_its_own_record_through_the_handler()
    {
        var uscc = TestData.NewUscc();
        await using var scope = node.Services.CreateAsyncScope();
        var system = await SystemOfAsync(scope.ServiceProvider, "AQSIQ");
        Assert.True((await scope.ServiceProvider.GetRequiredService<CreateEnterprise>().HandleAsync(system, Request(uscc), CancellationToken.None)).Succeeded);
        var stranger = new Actor(Guid.NewGuid(), "exporter", UserRoles.EnterpriseUser, null, null, null, null, Guid.NewGuid());
        var read = await scope.ServiceProvider.GetRequiredService<GetEnterprise>().HandleAsync(stranger, uscc, CancellationToken.None);
        Assert.Equal(StatusCodes.Status403Forbidden, read.StatusCode);
        var list = await scope.ServiceProvider.GetRequiredService<ListEnterprises>().HandleAsync(stranger, uscc, null, null, null, 1, 50, CancellationToken.None);
        Assert.Equal(0, list.Value!.Total);
    }

    [Fact]
    public async Task Credit_records_load_from_a_file_through_the_contract_and_a_bad_row_loads_nothing()
    {
        var (uscc, other) = (TestData.NewUscc(), TestData.NewUscc());
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            await File.WriteAllTextAsync(file, $"uscc,credit_class,rated_on,note\n{uscc},C,2026-06-30,first\n");
            await using (var scope = node.Services.CreateAsyncScope())
            {
                Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<GoldenQuality.Ministries.Contracts.ICreditRecords>().LoadAsync(file, CancellationToken.None));
            }

            await File.WriteAllTextAsync(file, $"uscc,credit_class,rated_on,note\n{uscc},A,2026-07-01,second\n{other},E,2026-07-01,bad class\n");
            await using (var scope = node.Services.CreateAsyncScope())
            {
                await Assert.ThrowsAsync<DataFileException>(() => scope.ServiceProvider.GetRequiredService<GoldenQuality.Ministries.Contracts.ICreditRecords>().LoadAsync(file, CancellationToken.None));
            }

            await using (var scope = node.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
                var records = await db.Set<GoldenQuality.Ministries.CreditRecord>().AsNoTracking().Where(c => c.Uscc == uscc || c.Uscc == other).ToListAsync();
                var record = Assert.Single(records);
                Assert.Equal(("C", "first"), (record.CreditClass, record.Note));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_register_file_loads_new_records_once_keeps_known_ones_and_a_bad_row_names_its_line_and_field_and_loads_nothing()
    {
        var (first, second) = (TestData.NewUscc(), TestData.NewUscc());
        const string Header = "uscc,name_zh,name_en,address,area_code,legal_representative,type,business_scope,roles\n";
        string Row(string uscc, string area, string roles) =>
            $"{uscc},文件测试{uscc[^6..]}有限公司,,浙江省杭州市西湖区文件路1号,{area},测试人,limited-liability-company,茶叶加工,{roles}\n";
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            await File.WriteAllTextAsync(file, Header + Row(first, "330106", "manufacturer;exporter"));
            await using (var scope = node.Services.CreateAsyncScope())
            {
                Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<IEnterpriseRegisterFile>().LoadAsync(file, "test loader", CancellationToken.None));
            }

            // The known record is kept as it is (its roles stay); the bad second row stops the whole file.
            await File.WriteAllTextAsync(file, Header + Row(first, "330106", "importer") + Row(second, "999999", "exporter"));
            await using (var scope = node.Services.CreateAsyncScope())
            {
                var error = await Assert.ThrowsAsync<DataFileException>(() =>
                    scope.ServiceProvider.GetRequiredService<IEnterpriseRegisterFile>().LoadAsync(file, "test loader", CancellationToken.None));
                Assert.Equal(3, error.Line);
                Assert.Contains("areaCode: unknown administrative area '999999'", error.Message, StringComparison.Ordinal);
            }

            await File.WriteAllTextAsync(file, Header + Row(first, "330106", "importer") + Row(second, "330106", "exporter"));
            await using (var scope = node.Services.CreateAsyncScope())
            {
                Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<IEnterpriseRegisterFile>().LoadAsync(file, "test loader", CancellationToken.None));
                var directory = scope.ServiceProvider.GetRequiredService<IRegistryDirectory>();
                Assert.NotNull(await directory.FindEnterpriseAsync(second, CancellationToken.None));
                var actor = await SystemOfAsync(scope.ServiceProvider, "AQSIQ");
                var kept = await scope.ServiceProvider.GetRequiredService<GetEnterprise>().HandleAsync(actor, first, CancellationToken.None);
                Assert.Equal(["manufacturer", "exporter"], kept.Value!.View().Roles);
                var history = await scope.ServiceProvider.GetRequiredService<EnterpriseHistory>().HandleAsync(actor, second, 1, 50, CancellationToken.None);
                var created = Assert.Single(history.Value!.Items);
                Assert.Equal(("test loader", $"register file {Path.GetFileName(file)}", "created"), (created.ChangedBy, created.OnBehalfOf, created.NewValue));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}

[Collection("sqlite")]
public sealed class RegistryUseCasesOnSqlite(SqliteNode node) : RegistryUseCaseTests(node);

[Collection("postgres")]
public sealed class RegistryUseCasesOnPostgres(PostgresNode node) : RegistryUseCaseTests(node);
