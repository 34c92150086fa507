using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace GoldenQuality.Persistence;

/// <summary>
/// A domain event: something that happened in a module, named in the past tense (<c>PermitRevoked</c>), raised on
/// the context that is about to save it. Other modules react to it inside the same <c>SaveChanges</c>, so their
/// changes commit or fail together with the change that raised it.
/// </summary>
public interface IDomainEvent;

/// <summary>
/// Reacts to a domain event inside the raising transaction. It works on the context it is given (the one being
/// saved), never on a context of its own, and does not save: the save that dispatched it saves its changes too.
/// </summary>
public interface IDomainEventHandler<in TEvent>
    where TEvent : IDomainEvent
{
    Task HandleAsync(GqDbContext db, TEvent domainEvent, CancellationToken ct);
}

/// <summary>
/// Raising domain events on a context. The events wait on the context until its next <c>SaveChanges</c>, where
/// <see cref="DomainEventDispatcher"/> hands them to their handlers. The context is pooled: events are kept per
/// lease (<see cref="DbContext.ContextId"/>), so events raised in one request and never saved cannot reach the next
/// request that leases the same instance.
/// </summary>
public static class DomainEvents
{
    private static readonly ConditionalWeakTable<DbContext, Pending> Table = [];

    /// <summary>Raises an event on the context; it is dispatched when the context saves.</summary>
    public static void Raise(this GqDbContext db, IDomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(domainEvent);
        var pending = Table.GetValue(db, _ => new Pending());
        lock (pending)
        {
            pending.For(db.ContextId.Lease).Add(domainEvent);
        }
    }

    /// <summary>Registers the dispatcher; call before any other module adds its interceptors (they run in registration order).</summary>
    public static IServiceCollection AddDomainEvents(this IServiceCollection services)
    {
        services.AddSingleton<DomainEventDispatcher>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<DomainEventDispatcher>());
        return services;
    }

    /// <summary>The events raised on this lease of the context and not yet dispatched, in order; they are removed.</summary>
    internal static IDomainEvent[] Take(DbContext db)
    {
        if (!Table.TryGetValue(db, out var pending))
        {
            return [];
        }

        lock (pending)
        {
            var events = pending.For(db.ContextId.Lease);
            var taken = events.ToArray();
            events.Clear();
            return taken;
        }
    }

    /// <summary>Forgets what is pending on this lease (after a failed save).</summary>
    internal static void Discard(DbContext db) => Take(db);

    private sealed class Pending
    {
        private readonly List<IDomainEvent> events = [];
        private int lease = -1;

        /// <summary>The list of the given lease; a new lease starts empty.</summary>
        public List<IDomainEvent> For(int current)
        {
            if (current != lease)
            {
                events.Clear();
                lease = current;
            }

            return events;
        }
    }
}

/// <summary>
/// Dispatches the domain events raised on a context while it saves (<c>SavingChanges</c>): each to every
/// <see cref="IDomainEventHandler{TEvent}"/> of its type, in the order raised, then the events the handlers raised,
/// until none is left; the handlers' changes are then detected and saved in the same transaction. Handlers are
/// resolved from a service scope opened for the dispatch and work on the context being saved.
/// </summary>
public sealed class DomainEventDispatcher(IServiceScopeFactory scopes) : SaveChangesInterceptor
{
    /// <summary>A chain of events raising events longer than this is a loop.</summary>
    private const int MaxRounds = 32;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);

        // Handlers query and are asynchronous; the node saves asynchronously everywhere (as the enterprise view requires).
        if (eventData.Context is { } db && DomainEvents.Take(db) is { Length: > 0 } events)
        {
            throw new InvalidOperationException($"Save with SaveChangesAsync: domain events are pending ({events[0].GetType().Name}).");
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        await DispatchAsync(eventData.Context, cancellationToken);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } db)
        {
            DomainEvents.Discard(db);
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private async Task DispatchAsync(DbContext? context, CancellationToken ct)
    {
        if (context is not GqDbContext db)
        {
            return;
        }

        var events = DomainEvents.Take(db);
        if (events.Length == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        for (var round = 0; events.Length > 0; round++)
        {
            if (round == MaxRounds)
            {
                throw new InvalidOperationException($"domain events kept raising events for {MaxRounds} rounds (last: {events[0].GetType().Name}): a loop");
            }

            foreach (var e in events)
            {
                var handlerType = typeof(IDomainEventHandler<>).MakeGenericType(e.GetType());
                var handle = handlerType.GetMethod(nameof(IDomainEventHandler<IDomainEvent>.HandleAsync))!;
                foreach (var handler in scope.ServiceProvider.GetServices(handlerType))
                {
                    await (Task)handle.Invoke(handler, [db, e, ct])!;
                }
            }

            events = DomainEvents.Take(db);
        }

        db.ChangeTracker.DetectChanges();
    }
}
