using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GoldenQuality.Persistence;

/// <summary>
/// An EF interceptor that must hear of a failed save that EF does not report to <c>SaveChangesFailed</c>: a stale
/// row version (<see cref="DbUpdateConcurrencyException"/>) is thrown while its reader is still open. The context
/// calls every registered listener before the caller sees the exception (the message log frees its write lock there).
/// </summary>
public interface ISaveFailureListener : IInterceptor
{
    /// <summary>Called once after a concurrency failure of <paramref name="context"/>'s save; must be idempotent.</summary>
    Task SaveFailedAsync(DbContext context);
}
