using GoldenQuality.Certificates;
using GoldenQuality.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Tests.Persistence;

public sealed class DomainEventsTests : IDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private readonly ServiceProvider services;

    public DomainEventsTests()
    {
        connection.Open();
        var collection = new ServiceCollection();
        collection.AddDomainEvents();
        collection.AddSingleton<Calls>();
        collection.AddScoped<IDomainEventHandler<SomethingHappened>, RecordsACheck>();
        collection.AddScoped<IDomainEventHandler<SomethingHappened>, RaisesAFollowUp>();
        collection.AddScoped<IDomainEventHandler<FollowedUp>, RecordsACheck>();
        collection.AddScoped<IDomainEventHandler<Looping>, Loops>();
        collection.AddDbContextPool<GqDbContext>((sp, o) =>
        {
            Database.Configure(o, "Data Source=:memory:");
            o.UseSqlite(connection);
            o.AddInterceptors(sp.GetServices<IInterceptor>());
        });
        services = collection.BuildServiceProvider();
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<GqDbContext>().Database.EnsureCreated();
    }

    [Fact]
    public async Task Handlers_run_inside_the_save_and_their_changes_are_saved_with_it()
    {
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
            db.Raise(new SomethingHappened("first"));
            Assert.Empty(services.GetRequiredService<Calls>().Seen);
            await db.SaveChangesAsync();
        }

        // The handler of the event, then the handler of the event it raised, in order, and both rows saved.
        Assert.Equal(["first", "first (followed up)"], services.GetRequiredService<Calls>().Seen);
        using var read = services.CreateScope();
        var saved = await read.ServiceProvider.GetRequiredService<GqDbContext>().Set<PermitCheck>().Select(c => c.PermitNumber).OrderBy(n => n).ToListAsync();
        Assert.Equal(["first", "first (followed up)"], saved);
    }

    [Fact]
    public async Task Events_raised_but_never_saved_do_not_reach_the_next_lease_of_the_pooled_context()
    {
        using (var scope = services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<GqDbContext>().Raise(new SomethingHappened("abandoned"));
        }

        using (var scope = services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<GqDbContext>().SaveChangesAsync();
        }

        Assert.Empty(services.GetRequiredService<Calls>().Seen);
    }

    [Fact]
    public async Task A_save_without_events_dispatches_nothing_and_a_loop_is_stopped()
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GqDbContext>();
        Assert.Equal(0, await db.SaveChangesAsync());
        db.Raise(new Looping(0));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("loop", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        services.Dispose();
        connection.Dispose();
    }

    private sealed record SomethingHappened(string Name) : IDomainEvent;

    private sealed record FollowedUp(string Name) : IDomainEvent;

    private sealed record Looping(int Round) : IDomainEvent;

    private sealed class Calls
    {
        public List<string> Seen { get; } = [];
    }

    private sealed class RecordsACheck(Calls calls) : IDomainEventHandler<SomethingHappened>, IDomainEventHandler<FollowedUp>
    {
        public Task HandleAsync(GqDbContext db, SomethingHappened domainEvent, CancellationToken ct) => Record(db, domainEvent.Name);

        public Task HandleAsync(GqDbContext db, FollowedUp domainEvent, CancellationToken ct) => Record(db, domainEvent.Name);

        private Task Record(GqDbContext db, string name)
        {
            calls.Seen.Add(name);
            db.Add(PermitCheck.Create(Guid.NewGuid(), DateTimeOffset.UnixEpoch, "office", "actor", name, "match", "", null));
            return Task.CompletedTask;
        }
    }

    private sealed class RaisesAFollowUp : IDomainEventHandler<SomethingHappened>
    {
        public Task HandleAsync(GqDbContext db, SomethingHappened domainEvent, CancellationToken ct)
        {
            db.Raise(new FollowedUp(domainEvent.Name + " (followed up)"));
            return Task.CompletedTask;
        }
    }

    private sealed class Loops : IDomainEventHandler<Looping>
    {
        public Task HandleAsync(GqDbContext db, Looping domainEvent, CancellationToken ct)
        {
            db.Raise(new Looping(domainEvent.Round + 1));
            return Task.CompletedTask;
        }
    }
}
