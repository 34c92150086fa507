namespace GoldenQuality.Registry.Contracts;

/// <summary>The central bank's credit records that the <see cref="RegistryMessages.CreditRecordDataset"/> dataset answers from.</summary>
public interface ICreditRecords
{
    /// <summary>
    /// Loads credit records from a CSV file (<c>uscc, credit_class, rated_on, note</c>), idempotently: a known USCC
    /// is updated, a new one added, all in one save. Returns the number of rows read; a bad row fails the whole file.
    /// </summary>
    Task<int> LoadAsync(string file, CancellationToken ct);
}
