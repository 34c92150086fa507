using System.Buffers;
using System.Collections;
using System.Runtime.CompilerServices;

namespace GoldenQuality.Supervision;

/// <summary>
/// An append-only list whose array comes from <see cref="ArrayPool{T}.Shared"/> and goes back there (cleared) on
/// <see cref="Dispose"/>. A batch of 10,000 measurements makes arrays of about 1 MB: new ones per request would be
/// large-object allocations, and the full garbage collections they trigger were the largest single cost of ingestion.
/// </summary>
internal sealed class PooledList<T>(int capacity) : IReadOnlyList<T>, IDisposable
{
    private T[] items = ArrayPool<T>.Shared.Rent(Math.Max(capacity, 16));

    public int Count { get; private set; }

    public T this[int index] => (uint)index < (uint)Count ? items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(in T item)
    {
        if (Count == items.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(items.Length * 2);
            items.AsSpan(0, Count).CopyTo(larger);
            Return(items);
            items = larger;
        }

        items[Count++] = item;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        if (items.Length > 0)
        {
            Return(items);
            items = [];
            Count = 0;
        }
    }

    // Cleared when T holds references, so that a pooled array does not keep a batch's strings alive.
    private static void Return(T[] array) => ArrayPool<T>.Shared.Return(array, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
}
