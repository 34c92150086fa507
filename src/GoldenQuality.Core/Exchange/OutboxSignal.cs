namespace GoldenQuality.Exchange;

/// <summary>
/// Wakes the delivery worker. The message log raises it after every successful save that queued outbox rows,
/// so no use case has to remember to; the worker waits on it between polls.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim wake = new(0);

    /// <summary>Asks the worker to look at the outbox now rather than at its next poll (repeated raises coalesce).</summary>
    public void Raise()
    {
        lock (wake)
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }
    }

    /// <summary>Waits until raised or until the timeout passes.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => wake.WaitAsync(timeout, ct);

    public void Dispose() => wake.Dispose();
}
