namespace GoldenQuality.Registry.Contracts;

/// <summary>The Registry's exchange vocabulary: the message it publishes and the dataset it answers.</summary>
public static class RegistryMessages
{
    /// <summary>Published when an enterprise record is created or changed; the payload is the record's view.</summary>
    public const string EnterprisePublished = "registry.enterprise.published";

    /// <summary>The central bank's credit class of an enterprise (parameters: <c>uscc</c>; fields <c>uscc</c>, <c>found</c>, <c>creditClass</c>).</summary>
    public const string CreditRecordDataset = "credit-record";
}
